"""A regulator's inquiry: an account or a subject on a date, replayed from events (R9, R13, R18)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from typer.testing import CliRunner

from accountledger.adapters import (  # noqa: F401  (importing them adds their commands)
    cli_projections,
    cli_registers,
    inquiry,
)
from accountledger.adapters.bootstrap import Settings, open_ledger, open_projection
from accountledger.adapters.cli import app
from accountledger.application import appeals, reports
from accountledger.application.commands import (
    ApplyTransfer,
    ApproveTransfer,
    Suspend,
    VerifyTransferee,
    Warn,
)
from accountledger.application.identity import Identity
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Role
from accountledger.domain.errors import RuleViolation
from accountledger.projections.projector import LedgerProjection
from accountledger.projections.view import ReadStore
from tests.application.helpers import GROUNDS, Desk, id_card

LIMIT = timedelta(hours=72)


@dataclass
class Inquirer:
    """Asks as the CLI does: read models brought up to date, then the inquiry."""

    ledger: Ledger
    projection: LedgerProjection
    desk: Desk

    def current(self) -> ReadStore:
        self.projection.catch_up()
        return self.projection.view

    def account(self, account: UUID, as_of: datetime) -> dict[str, Any]:
        found = inquiry.of_account(self.ledger, self.current(), account, as_of, LIMIT)
        body: dict[str, Any] = found["inquiry"]
        return body

    def subject(self, subject_ref: str, as_of: datetime) -> dict[str, Any]:
        found = inquiry.of_subject(self.ledger, self.current(), subject_ref, as_of, LIMIT)
        body: dict[str, Any] = found["inquiry"]
        return body


@pytest.fixture
def inquirer() -> Iterator[Inquirer]:
    settings = Settings(store="memory:")
    ledger = open_ledger(settings)
    projection = open_projection(ledger, settings)
    yield Inquirer(ledger, projection, Desk(ledger))
    projection.view.close()
    ledger.close()


def versions(entry: dict[str, Any]) -> list[int]:
    return [event["version"] for event in entry["events"]]


def test_state_as_of_comes_from_replay_and_events_stop_there(inquirer: Inquirer) -> None:
    """R18: suspended now, active on an earlier date; history up to that date only."""
    desk = inquirer.desk
    account = desk.active("Stone Bridge Tales")
    desk.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS)
    warned = desk.now
    desk.do(Suspend(account_id=account), Role.MODERATOR, **GROUNDS)
    (then,) = inquirer.account(account, warned + timedelta(minutes=30))["accounts"]
    assert then["state"]["status"] == "active" and then["state"]["warnings"] == 1
    assert versions(then) == [1, 2, 3]
    assert [(d["measure"], d["report_status"]) for d in then["disposals"]] == [
        ("warning", "unreported")
    ]
    (now,) = inquirer.account(account, desk.now + 2 * LIMIT)["accounts"]
    assert now["state"]["status"] == "suspended" and versions(now) == [1, 2, 3, 4]
    assert {d["report_status"] for d in now["disposals"]} == {"overdue"}
    assert {d["appeal_status"] for d in now["disposals"]} == {"none"}


def test_a_report_after_the_date_is_not_shown_on_that_date(inquirer: Inquirer) -> None:
    """R13, R18: reported only if the report was made by the inquiry's time."""
    desk = inquirer.desk
    account = desk.active("Tea House")
    desk.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS)
    before_report = desk.now + LIMIT + timedelta(hours=1)
    desk.now += LIMIT * 2
    reporter = desk.act(Role.COMPLIANCE)
    reports.report_disposal(inquirer.ledger, f"{account}/3", "CAC-77", "online", reporter)
    (then,) = inquirer.account(account, before_report)["accounts"]
    assert then["disposals"][0]["report_status"] == "overdue"
    assert then["disposals"][0]["reported_reference"] is None
    (now,) = inquirer.account(account, desk.now)["accounts"]
    assert now["disposals"][0]["report_status"] == "reported"


def test_an_appeal_shows_as_it_stood_on_the_inquiry_date(inquirer: Inquirer) -> None:
    """R15, R18: before the appeal, none; while pending, assigned; after, the outcome and
    the reversal; the register's present is never shown for a past date."""
    desk, ledger = inquirer.desk, inquirer.ledger
    account = desk.active("Willow Letters")
    desk.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS)
    record = f"{account}/3"
    before_appeal = desk.now
    appeal = appeals.file(ledger, record, "I did not do this", desk.act(Role.OPERATOR))
    appeals.assign(ledger, appeal.id, "ar-2", desk.act(Role.APPEAL_REVIEWER))
    pending = desk.now
    reasons = {"reason": "the evidence does not show the violation"}
    appeals.decide(
        ledger, appeal.id, "overturned", None, desk.act(Role.APPEAL_REVIEWER, "ar-2", **reasons)
    )

    def seen(moment: datetime) -> tuple[str | None, str, str | None]:
        (entry,) = inquirer.account(account, moment)["accounts"]
        (row,) = entry["disposals"]
        return row["appeal_id"], row["appeal_status"], row["reversed_by"]

    assert seen(before_appeal) == (None, "none", None)
    assert seen(pending) == (str(appeal.id), "assigned", None)
    assert seen(desk.now) == (str(appeal.id), "overturned", f"{account}/4")


def test_an_account_that_did_not_exist_yet_is_refused(inquirer: Inquirer) -> None:
    """R18: no state before registration; the refusal names the as-of field."""
    account = inquirer.desk.active("Late Comer")
    with pytest.raises(RuleViolation) as refused:
        inquirer.account(account, inquirer.desk.now - timedelta(days=1))
    assert refused.value.field == "as_of"


def transfer(desk: Desk, account: UUID, serial: int) -> datetime:
    """Move `account` to the subject with id card `serial`; return when it took effect."""
    desk.do(
        ApplyTransfer(account_id=account, transferee=Identity("id_card", id_card(serial))),
        "operator",
    )
    desk.do(VerifyTransferee(account_id=account), Role.REVIEWER)
    desk.do(ApproveTransfer(account_id=account), Role.REVIEWER)
    return desk.now


def test_subject_sees_an_account_transferred_out_only_up_to_the_transfer(
    inquirer: Inquirer,
) -> None:
    """R9, R18: the seller answers for the account until the transfer, no further."""
    desk, ledger = inquirer.desk, inquirer.ledger
    sold, kept = desk.active("Passed On", serial=1), desk.active("Kept Shop", serial=1)
    seller = ledger.account(sold).subject_ref
    desk.do(Warn(account_id=sold), Role.MODERATOR, **GROUNDS)
    moved = transfer(desk, sold, serial=2)
    desk.do(Suspend(account_id=sold), Role.MODERATOR, **GROUNDS)
    found = inquirer.subject(seller, desk.now)
    entries = {entry["account_id"]: entry for entry in found["accounts"]}
    assert set(entries) == {str(sold), str(kept)}
    out = entries[str(sold)]
    assert out["holding"] == {
        "held_from": out["events"][0]["occurred_at"],
        "held_until": moved.isoformat(),
    }
    assert out["events"][-1]["event"] == "TransferApproved"
    assert [d["measure"] for d in out["disposals"]] == ["warning"]
    assert out["state"]["status"] == "active" and out["state_as_of"] == moved.isoformat()
    assert entries[str(kept)]["holding"]["held_until"] is None


def test_subject_sees_an_account_transferred_in_only_from_the_transfer(
    inquirer: Inquirer,
) -> None:
    """R9, R18: the buyer's inquiry starts at the transfer, with the state as of now."""
    desk, ledger = inquirer.desk, inquirer.ledger
    bought = desk.active("Passed On", serial=1)
    desk.do(Warn(account_id=bought), Role.MODERATOR, **GROUNDS)
    moved = transfer(desk, bought, serial=2)
    buyer = ledger.account(bought).subject_ref
    desk.do(Suspend(account_id=bought), Role.MODERATOR, **GROUNDS)
    (entry,) = inquirer.subject(buyer, desk.now)["accounts"]
    assert entry["holding"] == {"held_from": moved.isoformat(), "held_until": None}
    assert [e["event"] for e in entry["events"]] == ["TransferApproved", "Suspended"]
    assert [d["measure"] for d in entry["disposals"]] == ["suspension"]
    assert entry["state"]["status"] == "suspended"
    assert inquirer.subject(buyer, moved - timedelta(seconds=1))["accounts"] == []


# ------------------------------------------------------------------ through the CLI


@pytest.fixture
def cli(store: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("ACCOUNTLEDGER_STORE", store.store)
    monkeypatch.setenv("ACCOUNTLEDGER_KEYSTORE", store.keystore or "")
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> dict[str, Any]:
        result = runner.invoke(app, [*args, "--json"])
        assert result.exit_code == code, result.output
        parsed: dict[str, Any] = json.loads(result.stdout)
        return parsed

    return run


def registered(cli: Any) -> str:
    number = id_card(5)
    result = cli(
        "register",
        *("--name", "Blue Kite Studio", "--identity-kind", "id_card"),
        *("--identity-number", number, "--nature", "individual"),
        *("--registration-place", "Hangzhou", "--operating-place", "Hangzhou"),
        *("--content-category", "design", "--actor", "svc:platform", "--at", "2026-02-01"),
    )
    account = str(result["account_id"])
    cli("verify-identity", account, "--actor", "r-1:reviewer", "--at", "2026-02-02")
    grounds = ["--reason", "rumour", "--basis", "2021-19", "--violation", "2021-18-6"]
    cli("suspend", account, "--actor", "m-1:moderator", "--at", "2026-03-05", *grounds)
    return account


def test_inquiry_json_is_one_object_for_an_account_or_a_subject(cli: Any) -> None:
    """R18: `{"inquiry": ...}` with the state on the date and the events until then."""
    account = registered(cli)
    found = cli("inquiry", account, "--as-of", "2026-03-01")["inquiry"]
    assert found["scope"] == "account" and found["account_id"] == account
    (entry,) = found["accounts"]
    assert entry["state"]["status"] == "active" and entry["disposals"] == []
    by_subject = cli("inquiry", "--subject", f"id_card:{id_card(5)}", "--format", "json")
    (held,) = by_subject["inquiry"]["accounts"]
    assert held["account_id"] == account and held["state"]["status"] == "suspended"
    assert held["disposals"][0]["appeal_status"] == "none"


def test_inquiry_needs_exactly_one_of_account_or_subject(cli: Any) -> None:
    """R18: an inquiry names what it asks about."""
    account = registered(cli)
    assert "rule: usage" in cli("inquiry", code=2)["error"]
    both = cli("inquiry", account, "--subject", f"id_card:{id_card(5)}", code=2)
    assert "rule: usage" in both["error"]
