"""Both times of a late entry are in the register (issue 12 point 5; R13)."""

from __future__ import annotations

from datetime import timedelta

from accountledger.application.commands import RecordActivity, Warn
from accountledger.domain.act import Act, Role
from tests.application.helpers import GROUNDS
from tests.projections.conftest import World


def test_the_register_keeps_the_decided_and_the_recorded_time(world: World) -> None:
    """R13: the Art 19 register has both times of a late entry: `decided_at` is the
    decision's own time, `recorded_at` when the store recorded it."""
    desk = world.desk
    account = desk.active("Decided And Recorded")
    desk.now += timedelta(days=1)
    decided = Act(
        actor_id="moderator-1", actor_role=Role.MODERATOR, occurred_at=desk.now, **GROUNDS
    )
    desk.now += timedelta(hours=5)
    desk.do(RecordActivity(account_id=account), Role.OPERATOR)
    recorded = world.ledger.handle(Warn(account_id=account), decided)
    (row,) = [r for r in world.rows("disposal_register") if r["record_id"] == recorded.records[0]]
    assert row["decided_at"] == decided.occurred_at.isoformat()
    assert row["recorded_at"] is not None and row["recorded_at"] != row["decided_at"]
