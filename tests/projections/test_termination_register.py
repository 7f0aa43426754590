"""The registers show an ending that was no way out (issue 12 point 1; R4, R10, R13)."""

from __future__ import annotations

from accountledger.application.commands import RequestTermination, Suspend
from accountledger.domain.act import Role
from tests.application.helpers import GROUNDS
from tests.projections.conftest import World


def test_registers_show_a_terminated_account_under_a_measure_and_its_barred_name(
    world: World,
) -> None:
    """R4, R10, R13: the account register says `terminated`, the name registry bars the
    name from the termination on, and the suspension stays in the disposal register."""
    desk = world.desk
    account = desk.active("Ended Under Measure")
    suspended = desk.do(Suspend(account_id=account), Role.MODERATOR, **GROUNDS)
    ended = desk.do(RequestTermination(account_id=account), Role.OPERATOR)
    (status,) = [r for r in world.rows("account_status") if r["account_id"] == str(account)]
    assert status["status"] == "terminated"
    (name,) = [r for r in world.rows("name_registry") if r["account_id"] == str(account)]
    assert name["barred"] is True or name["barred"] == 1
    assert name["used_until"] is not None
    records = {r["record_id"] for r in world.rows("disposal_register")}
    assert suspended.records[0] in records
    assert ended.records == ()
