"""A projection killed mid-batch resumes where it stopped: no row lost or doubled (R13, R16)."""

from __future__ import annotations

import multiprocessing
import os
from typing import Any

from accountledger.adapters.bootstrap import Settings, open_ledger, open_projection
from accountledger.application.commands import Reinstate, Suspend, Warn
from accountledger.domain.act import Role
from accountledger.projections import disposal_register
from tests.application.helpers import GROUNDS, Desk
from tests.projections.conftest import snapshot

CRASH_AFTER = 37  # events into the projection: inside the second batch of 25


def _history(settings: Settings) -> None:
    ledger = open_ledger(settings)
    desk = Desk(ledger)
    for serial in range(12):
        account = desk.active(f"Kill Test {serial}", serial=serial)
        desk.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS)
        desk.do(Suspend(account_id=account), Role.MODERATOR, **GROUNDS)
        desk.do(Reinstate(account_id=account), Role.MODERATOR)
    ledger.close()


def _project_and_die(settings: Settings) -> None:
    ledger = open_ledger(settings)
    projection = open_projection(ledger, settings)
    projection.batch_size = 25
    original = disposal_register.apply
    seen = [0]

    def apply_then_die(batch: Any, change: Any) -> None:
        seen[0] += 1
        if seen[0] == CRASH_AFTER:
            os._exit(1)  # killed mid-batch: no clean-up, no commit
        original(batch, change)

    disposal_register.apply = apply_then_die  # type: ignore[assignment]
    projection.catch_up()


def test_killed_projection_resumes_exactly_once(store: Settings) -> None:
    """R13, R16 on every store."""
    settings = store
    _history(settings)
    child = multiprocessing.get_context("fork").Process(target=_project_and_die, args=(settings,))
    child.start()
    child.join(timeout=60)
    assert child.exitcode == 1

    ledger = open_ledger(settings)
    projection = open_projection(ledger, settings)
    after_crash = projection.view.max_tracking_id(ledger.name)
    assert after_crash is not None, "the first batch committed before the crash"
    assert len(projection.view.rows("account_status")) < 12  # the second batch did not
    projection.catch_up()
    resumed = snapshot(projection)
    tracked = projection.view.rows("projection_tracking")
    assert len({r["notification_id"] for r in tracked}) == len(tracked)
    projection.rebuild()
    assert snapshot(projection) == resumed
    assert len(resumed["disposal_register"]) == 24 and len(resumed["account_status"]) == 12
    projection.view.close()
    ledger.close()
