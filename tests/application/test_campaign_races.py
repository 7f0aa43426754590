"""R12, R13: two runs of the same campaign at once, each with a ledger of its own (as two
processes would be), never warn an account twice and record each outcome once."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import pytest

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.application import campaigns
from accountledger.application.commands import Warn
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Act, Role
from accountledger.domain.campaigns import Campaign
from tests.application.helpers import GROUNDS, Desk
from tests.stores import store_for

ACCOUNTS, CASE = 40, "C-RACE"
AT = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
ACT = Act(actor_id="m-1", actor_role=Role.MODERATOR, occurred_at=AT, case_id=CASE, **GROUNDS)


def _run(
    settings: Settings, accounts: list[UUID], order: int, failures: list[BaseException]
) -> None:
    ledger = open_ledger(settings, clock=lambda: AT)
    try:
        # The second run goes the other way, so that the two meet on every account.
        mine = accounts if order == 0 else accounts[::-1]
        campaigns.run(ledger, Warn(account_id=UUID(int=0)), ACT, mine, batch=7)
    except BaseException as error:  # the test thread reports it
        failures.append(error)
    finally:
        ledger.close()


def _counts(ledger: Ledger, accounts: list[UUID]) -> tuple[list[int], Counter[str]]:
    warned = [
        sum(1 for e in ledger.history(a) if type(e).__name__ == "Warned" and e.act.case_id == CASE)
        for a in accounts
    ]
    recorded: Counter[str] = Counter()
    for stored in ledger.repository.event_store.get(Campaign.create_id("warn", CASE)):
        for outcome in getattr(stored, "outcomes", []):
            recorded[outcome["account_id"]] += 1
    return warned, recorded


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_two_runs_at_once_take_each_measure_once(kind: str, tmp_path: Path) -> None:
    """R12, R13: each account warned once for the case, each outcome recorded once."""
    with store_for(kind, tmp_path) as (url, keys):
        settings = Settings(store=url, keystore=keys)
        seeding = open_ledger(settings)
        desk = Desk(seeding)
        accounts = [desk.active(f"Garden {n}", serial=n) for n in range(1, ACCOUNTS + 1)]
        seeding.close()
        failures: list[BaseException] = []
        runs = [
            threading.Thread(target=_run, args=(settings, accounts, n, failures)) for n in (0, 1)
        ]
        for run in runs:
            run.start()
        for run in runs:
            run.join(timeout=120)
        assert not failures, failures
        ledger = open_ledger(settings, clock=lambda: AT)
        try:
            warned, recorded = _counts(ledger, accounts)
        finally:
            ledger.close()
        assert warned == [1] * ACCOUNTS
        assert set(recorded.values()) == {1} and len(recorded) == ACCOUNTS
