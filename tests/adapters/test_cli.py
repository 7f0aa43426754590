"""The CLI as a script would drive it: --json objects, exit codes, one-line refusals."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from accountledger.adapters import cli_base
from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.cli import app
from accountledger.adapters.inputs import id_card_check

BODY = "11010119850101234"
ID_NUMBER = BODY + id_card_check(BODY)
GROUNDS = ["--reason", "rumour", "--basis", "2021-19", "--violation", "2021-18-6"]
NOW = datetime(2026, 6, 1, tzinfo=UTC)


@pytest.fixture
def cli(store: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("ACCOUNTLEDGER_STORE", store.store)
    monkeypatch.setenv("ACCOUNTLEDGER_KEYSTORE", store.keystore or "")
    monkeypatch.delenv("ACCOUNTLEDGER_ACTOR", raising=False)
    # A fixed recording clock: an expiry is bounded by it (`max_term`), never by today.
    monkeypatch.setattr(cli_base, "CLOCK", [lambda: NOW])
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> dict[str, Any]:
        result = runner.invoke(app, [*args, "--json"])
        assert result.exit_code == code, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        lines = [line for line in result.stdout.splitlines() if line.strip()]
        assert len(lines) == 1, result.stdout
        parsed: dict[str, Any] = json.loads(lines[0])
        return parsed

    return run


def register(cli: Any, name: str = "Blue Kite Studio", number: str = ID_NUMBER, *more: str) -> str:
    result = cli(
        "register",
        "--name",
        name,
        "--identity-kind",
        "id_card",
        "--identity-number",
        number,
        "--nature",
        "individual",
        "--registration-place",
        "Hangzhou",
        "--operating-place",
        "Hangzhou",
        "--content-category",
        "design",
        "--actor",
        "svc:platform",
        *more,
    )
    return str(result["account_id"])


def test_register_json_prints_the_account_id(cli: Any) -> None:
    assert len(register(cli)) == 36


def test_show_json_has_status_name_and_restrictions(cli: Any) -> None:
    account = register(cli)
    cli("verify-identity", account, "--actor", "r-1:reviewer")
    cli(
        "restrict",
        account,
        "--function",
        "comment",
        "--until",
        "2030-01-01",
        "--actor",
        "m-1:moderator",
        *GROUNDS,
    )
    shown = cli("show", account)
    assert shown["status"] == "active" and shown["name"] == "Blue Kite Studio"
    assert shown["restrictions"][0]["function"] == "comment"


def test_show_as_of_replays_the_earlier_state(cli: Any) -> None:
    """R18: the state at a business time."""
    account = register(cli, "Blue Kite Studio", ID_NUMBER, "--at", "2026-02-01T00:00:00Z")
    cli("verify-identity", account, "--actor", "r-1:reviewer", "--at", "2026-03-01T10:00:00Z")
    cli("suspend", account, "--actor", "m-1:moderator", "--at", "2026-03-05T10:00:00Z", *GROUNDS)
    assert cli("show", account, "--as-of", "2026-03-02")["status"] == "active"
    assert cli("show", account)["status"] == "suspended"


def test_history_lists_every_event_with_actor_and_basis(cli: Any) -> None:
    """R11, R18: a false-information warning also lowers the credit tier, by the system."""
    account = register(cli)
    cli("verify-identity", account, "--actor", "r-1:reviewer")
    cli("warn", account, "--actor", "m-1:moderator", *GROUNDS)
    events = cli("history", account)["events"]
    assert [e["event"] for e in events] == [
        "Registered",
        "IdentityVerified",
        "Warned",
        "CreditTierChanged",
    ]
    warned, lowered = events[-2:]
    assert warned["actor_id"] == "m-1" and warned["basis"] == ["2021-19"]
    assert lowered["actor_role"] == "system" and lowered["basis"] == ["2021-13"]


def test_write_without_an_actor_is_refused(cli: Any) -> None:
    account = register(cli)
    refused = cli("warn", account, *GROUNDS, code=2)
    assert "actor" in refused["error"]


def test_unknown_article_is_refused_with_the_field(cli: Any) -> None:
    account = register(cli)
    cli("verify-identity", account, "--actor", "r-1:reviewer")
    refused = cli(
        "warn",
        account,
        "--actor",
        "m-1:moderator",
        "--reason",
        "x",
        "--basis",
        "2021-99",
        "--violation",
        "2021-18-6",
        code=2,
    )
    assert "basis" in refused["error"] and "2021-99" in refused["error"]
    assert cli("show", account)["warnings"] == 0


def test_illegal_transition_names_account_state_and_command(cli: Any) -> None:
    account = register(cli)
    refused = cli("reinstate", account, "--actor", "m-1:moderator", code=3)
    assert refused["rule"] == "lifecycle"
    assert account in refused["error"] and "pending" in refused["error"]


def test_unknown_account_exits_4(cli: Any) -> None:
    refused = cli("show", "00000000-0000-0000-0000-000000000000", code=4)
    assert refused["rule"] == "account-exists"


def test_closed_name_refused_on_re_registration(cli: Any) -> None:
    """R4 through the CLI."""
    account = register(cli)
    cli("verify-identity", account, "--actor", "r-1:reviewer")
    cli("close", account, "--actor", "m-1:moderator", *GROUNDS)
    other = "11010119850101345"
    refused = cli(
        "register",
        "--name",
        "blue kite studio",
        "--identity-kind",
        "id_card",
        "--identity-number",
        other + id_card_check(other),
        "--nature",
        "individual",
        "--registration-place",
        "x",
        "--operating-place",
        "x",
        "--content-category",
        "x",
        "--actor",
        "svc:platform",
        code=3,
    )
    assert refused["rule"] in {"barred-name", "name-policy:barred-name"}


def test_refusal_without_json_is_one_line_on_stderr(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["show", "not-a-uuid", "--store", f"sqlite:///{tmp_path / 'x.db'}"])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert result.stderr.startswith("error: account:") and "Traceback" not in result.output
