"""Appeals on the read side: their own rows and the register's appeal columns (R15)."""

from __future__ import annotations

from accountledger.application import appeals
from accountledger.application.commands import Suspend
from accountledger.domain.act import Role
from tests.application.helpers import GROUNDS
from tests.projections.conftest import World


def test_register_shows_the_appeal_and_the_reversal_of_its_record(world: World) -> None:
    """R15: the register shows the appeal's outcome and the event that reversed the measure."""
    desk = world.desk
    account = desk.active("Lantern Crafts")
    desk.do(Suspend(account_id=account), Role.MODERATOR, **GROUNDS)
    record = f"{account}/3"
    appeal = appeals.file(world.ledger, record, "wrong account", desk.act(Role.OPERATOR))
    (row,) = world.rows("disposal_register")
    assert row["appeal_status"] == "filed" and row["appeal_id"] == str(appeal.id)
    appeals.assign(world.ledger, appeal.id, "ar-9", desk.act(Role.COMPLIANCE))
    appeals.decide(
        world.ledger,
        appeal.id,
        "overturned",
        None,
        desk.act(Role.APPEAL_REVIEWER, "ar-9", reason="mistaken identity"),
    )
    (row,) = world.rows("disposal_register")
    assert row["appeal_status"] == "overturned" and row["reversed_by"] == f"{account}/4"
    (appeal_row,) = world.rows("appeals")
    assert appeal_row["reviewer"] == "ar-9" and appeal_row["outcome"] == "overturned"
    (status,) = world.rows("account_status")
    assert status["status"] == "active"
