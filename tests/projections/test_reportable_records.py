"""The register says what is reportable (R13; 2021 Art 19, 2022 Art 17): measures on
administrative grounds (inactivity, 2021 Art 10 ¶2; a missed deadline to correct, 2022
Art 15) are recorded and kept, but are no case to report, so never overdue."""

from __future__ import annotations

from datetime import timedelta

from accountledger.application.commands import OrderRectification, RecordActivity, Warn
from accountledger.domain.act import Role
from accountledger.projections import queries
from tests.application.helpers import GROUNDS
from tests.projections.conftest import World

LIMIT = timedelta(hours=72)


def test_administrative_measures_are_recorded_but_not_counted_overdue(world: World) -> None:
    """R13, R8, R6 (2021 Art 19, 2021 Art 10, 2022 Art 15): an inactivity suspension, an
    order to correct and its missed deadline are in the register, not reportable and never
    overdue; a warning for a violation next to them is reportable and overdue."""
    desk, ledger = world.desk, world.ledger
    idle = desk.active("Quiet Pond", serial=1)
    wrong = desk.active("Wrong Name Co", serial=2)
    desk.do(RecordActivity(account_id=wrong, kind="login"), Role.OPERATOR)
    deadline = desk.now + timedelta(days=15)
    desk.do(
        OrderRectification(account_id=wrong, deadline=deadline, fields=("name",)),
        Role.REVIEWER,
        reason="name inconsistent with identity",
        basis=("2022-15",),
    )
    warned = desk.do(Warn(account_id=wrong), Role.MODERATOR, **GROUNDS).records
    later = deadline + timedelta(days=200)
    desk.now = later
    swept = ledger.sweep([idle, wrong], later)
    assert sorted(e for s in swept for e in s.events) == [
        "RectificationDeadlineMissed",
        "Suspended",
    ]
    rows = queries.disposals(world.current().view, overdue_at=later, report_within=LIMIT)
    reportable = {row["event"]: row["reportable"] for row in rows}
    assert reportable == {
        "Suspended": False,
        "RectificationOrdered": False,
        "RectificationDeadlineMissed": False,
        "Warned": True,
    }
    assert {row["event"]: row["report_status"] for row in rows} == {
        "Suspended": "unreported",
        "RectificationOrdered": "unreported",
        "RectificationDeadlineMissed": "unreported",
        "Warned": "overdue",
    }
    overdue = queries.disposals(
        world.current().view, overdue_at=later, report_within=LIMIT, overdue_only=True
    )
    assert [row["record_id"] for row in overdue] == list(warned)
