"""`accountledger campaign MEASURE`: accounts listed or queried, a dry run, the outcomes'
CSV, and hostile input refused in one line with nothing written (R12, R13)."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from typer.testing import CliRunner, Result

from accountledger.adapters import cli_base, cli_campaign  # noqa: F401  (adds `campaign`)
from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.adapters.cli import app
from accountledger.adapters.exports import outcomes_csv
from accountledger.application.commands import VerifyIdentity
from accountledger.domain.act import Role
from accountledger.domain.campaigns import AccountOutcome, Outcome
from tests.application.helpers import Desk

AT = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
GROUNDS = ["--reason", "spam wave", "--basis", "2021-19", "--violation", "2021-18-6"]
ACT = [*GROUNDS, "--case", "C-1", "--actor", "m-1:moderator", "--at", AT.isoformat()]


def _details(category: str) -> dict[str, str]:
    return {
        "nature": "individual",
        "registration_place": "Beijing",
        "operating_place": "Beijing",
        "content_category": category,
    }


@pytest.fixture
def accounts(store: Settings, monkeypatch: pytest.MonkeyPatch) -> dict[str, UUID]:
    """Three active accounts: two travel (one named like a star), one cooking."""
    ledger = open_ledger(store)
    try:
        desk = Desk(ledger)
        made = {}
        for serial, (name, category) in enumerate(
            [("Daily Star Trips", "travel"), ("Quiet Trips", "travel"), ("Daily Soup", "cooking")],
            1,
        ):
            made[name] = desk.register(name, serial, details=_details(category))
            desk.do(VerifyIdentity(account_id=made[name]), Role.REVIEWER)
    finally:
        ledger.close()
    monkeypatch.setenv("ACCOUNTLEDGER_STORE", store.store)
    monkeypatch.setenv("ACCOUNTLEDGER_KEYSTORE", store.keystore or "")
    monkeypatch.setattr(cli_base, "CLOCK", [lambda: AT])
    return made


def _run(*args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(app, ["campaign", *args])
    assert result.exit_code == code, result.output
    return result


def _events(store: Settings) -> int:
    ledger = open_ledger(store)
    try:
        return ledger.recorder.max_notification_id() or 0
    finally:
        ledger.close()


def test_a_query_selects_by_name_pattern_and_content_category(
    accounts: dict[str, UUID], store: Settings, tmp_path: Path
) -> None:
    """R12: `--name *STAR* --content-category travel` warns only that account; the CSV
    has its row, done, with its record."""
    out = tmp_path / "outcomes.csv"
    query = ["--name", "*STAR*", "--content-category", "travel"]
    result = _run("warn", *query, *ACT, "--out", str(out), "--json")
    summary = json.loads(result.stdout)
    assert summary["counts"] == {"done": 1} and summary["csv"] == str(out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    target = str(accounts["Daily Star Trips"])
    assert [(r["account_id"], r["outcome"]) for r in rows] == [(target, "done")]
    assert rows[0]["record"].startswith(target + "/")


def test_a_dry_run_lists_each_account_and_writes_nothing(
    accounts: dict[str, UUID], store: Settings, tmp_path: Path
) -> None:
    """R12: one line per account with what would happen; no event, no CSV unless asked."""
    listing = tmp_path / "accounts.txt"
    listing.write_text("# the wave\n" + "\n".join(map(str, accounts.values())) + "\n")
    before = _events(store)
    restrict = ["--function", "comment", "--until", "2026-07-01"]
    result = _run("restrict", "--accounts", str(listing), *restrict, *ACT, "--dry-run")
    lines = result.stdout.splitlines()
    assert [line.split(": ")[1] for line in lines[:3]] == ["would do"] * 3
    assert _events(store) == before
    assert not list(Path.cwd().glob("campaign-*.csv"))


def test_a_bad_line_in_the_list_is_refused_naming_it_and_nothing_is_written(
    accounts: dict[str, UUID], store: Settings, tmp_path: Path
) -> None:
    """Hostile input: one line, exit 2, the file's line named (or the CSV that cannot be
    written), no event."""
    listing = tmp_path / "accounts.txt"
    listing.write_text(f"{accounts['Quiet Trips']}\n\nnot-an-id\n")
    before = _events(store)
    result = _run("warn", "--accounts", str(listing), *ACT, "--json", code=2)
    refusal: dict[str, Any] = json.loads(result.stdout)
    assert refusal["field"] == "accounts.txt:3" and refusal["rule"] == "uuid"
    both = _run("warn", "--accounts", str(listing), "--name", "x", *ACT, "--json", code=2)
    assert json.loads(both.stdout)["rule"] == "campaign-accounts"
    missing = _run("warn", "--accounts", str(tmp_path / "none.txt"), *ACT, "--json", code=2)
    assert json.loads(missing.stdout)["rule"] == "file"
    listing.write_text(f"{accounts['Quiet Trips']}\n")
    nowhere = ["--out", str(tmp_path / "no-such-dir" / "out.csv")]
    unwritable = _run("warn", "--accounts", str(listing), *ACT, *nowhere, "--json", code=2)
    assert json.loads(unwritable.stdout)["field"] == "out"
    assert _events(store) == before


def test_an_outcome_is_written_as_text_never_as_a_formula() -> None:
    """R13: a refusal's detail that starts like a formula is neutralised in the CSV."""
    outcome = AccountOutcome("a", Outcome.REFUSED, rule="name", detail="=HYPERLINK(1)")
    assert outcomes_csv([outcome]).splitlines()[1] == "a,refused,,name,,,'=HYPERLINK(1)"
