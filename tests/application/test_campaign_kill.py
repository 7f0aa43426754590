"""R12, R13, R16: a campaign killed with SIGKILL mid-way, then run again, takes its measure
once on every account and records every account's outcome once, on SQLite and PostgreSQL.

The first run is a process of its own that prints its progress; once it has passed
`KILL_AT` accounts (past a batch of recorded outcomes, so some measures are taken and
their outcomes not yet recorded) it is killed with SIGKILL. The second run is the CLI.
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from typer.testing import CliRunner

from accountledger.adapters import cli_base, cli_campaign  # noqa: F401  (adds `campaign`)
from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.adapters.cli import app
from accountledger.application.ledger import Ledger
from accountledger.domain.campaigns import Campaign
from tests.application.helpers import Desk
from tests.stores import store_for

ACCOUNTS, KILL_AT = 240, 130
CASE = "C-KILL"
AT = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
GROUNDS = {"reason": "spam wave", "basis": ("2021-19",), "violation": ("2021-18-6",)}

FIRST_RUN = """
import sys
from datetime import datetime
from uuid import UUID
from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.application import campaigns
from accountledger.application.commands import Warn
from accountledger.domain.act import Act, Role

store, keys, listing, at = sys.argv[1:5]
moment = datetime.fromisoformat(at)
ledger = open_ledger(Settings(store=store, keystore=keys), clock=lambda: moment)
accounts = [UUID(line) for line in open(listing).read().split()]
act = Act(
    actor_id="m-1", actor_role=Role.MODERATOR, occurred_at=moment, reason="spam wave",
    basis=("2021-19",), violation=("2021-18-6",), case_id="C-KILL",
)
campaigns.run(
    ledger, Warn(account_id=UUID(int=0)), act, accounts,
    progress=lambda done, total: print(done, flush=True),
)
print("finished", flush=True)
"""


def _seed(settings: Settings, count: int) -> list[UUID]:
    ledger = open_ledger(settings)
    try:
        desk = Desk(ledger)
        return [desk.active(f"Garden {n}", serial=n) for n in range(1, count + 1)]
    finally:
        ledger.close()


def _kill_mid_way(settings: Settings, listing: Path, errors: Path) -> None:
    args = [settings.store, settings.keystore or "", str(listing), AT.isoformat()]
    with errors.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-c", FIRST_RUN, *args],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
        assert process.stdout is not None
        for line in process.stdout:
            if line.strip().isdigit() and int(line) >= KILL_AT:
                os.kill(process.pid, signal.SIGKILL)
                break
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, errors.read_text()


def _warnings(ledger: Ledger, account: UUID) -> int:
    return sum(
        1 for e in ledger.history(account) if type(e).__name__ == "Warned" and e.act.case_id == CASE
    )


def _outcomes_recorded(ledger: Ledger, campaign: UUID) -> Counter[str]:
    """How many times each account's outcome was recorded, over every event of the campaign."""
    counted: Counter[str] = Counter()
    for stored in ledger.repository.event_store.get(campaign):
        for outcome in getattr(stored, "outcomes", []):
            counted[outcome["account_id"]] += 1
    return counted


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_a_campaign_killed_mid_way_and_run_again_takes_each_measure_once(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R12, R13: no account warned twice for the case, every outcome recorded once."""
    with store_for(kind, tmp_path) as (url, keys):
        settings = Settings(store=url, keystore=keys)
        accounts = _seed(settings, ACCOUNTS)
        listing = tmp_path / "accounts.txt"
        listing.write_text("\n".join(map(str, accounts)) + "\n")

        _kill_mid_way(settings, listing, tmp_path / "first-run.err")

        ledger = open_ledger(settings, clock=lambda: AT)
        campaign = Campaign.create_id("warn", CASE)
        try:
            warned = sum(_warnings(ledger, a) for a in accounts)
            recorded = len(_outcomes_recorded(ledger, campaign))
            # Mid-way: some outcomes recorded, more measures taken, not all accounts done.
            assert 0 < recorded < warned < ACCOUNTS
        finally:
            ledger.close()

        monkeypatch.setenv("ACCOUNTLEDGER_STORE", url)
        monkeypatch.setenv("ACCOUNTLEDGER_KEYSTORE", keys)
        monkeypatch.setattr(cli_base, "CLOCK", [lambda: AT])
        csv_path = tmp_path / "outcomes.csv"
        args = ["campaign", "warn", "--accounts", str(listing), "--case", CASE]
        args += ["--reason", "spam wave", "--basis", "2021-19", "--violation", "2021-18-6"]
        args += ["--actor", "m-1:moderator", "--at", AT.isoformat(), "--out", str(csv_path)]
        result = CliRunner().invoke(app, [*args, "--json"])
        assert result.exit_code == 0, result.output

        ledger = open_ledger(settings, clock=lambda: AT)
        try:
            assert [_warnings(ledger, a) for a in accounts] == [1] * ACCOUNTS
            assert set(_outcomes_recorded(ledger, campaign).values()) == {1}
            assert len(_outcomes_recorded(ledger, campaign)) == ACCOUNTS
        finally:
            ledger.close()
        rows = _rows(csv_path)
        assert [r["account_id"] for r in rows] == [str(a) for a in accounts]
        # Those the killed run took without recording are found by the campaign's mark.
        assert {r["outcome"] for r in rows} == {"done"}
        assert all(r["record"].startswith(r["account_id"] + "/") for r in rows)


def _rows(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as stream:
        return list(csv.DictReader(stream))
