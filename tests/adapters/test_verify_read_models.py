"""`verify --read-models`: every read model compared with a replay of the events
(issue 15 point 4; R13, R16)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from accountledger.adapters.bootstrap import Settings, open_ledger, open_projection
from accountledger.application.commands import SuspendUpdates, Warn
from accountledger.domain.act import Role
from tests.adapters.cli_runner import Run, as_json, cli_at_now
from tests.application.helpers import GROUNDS, Desk
from tests.tampering import Tamper


@pytest.fixture
def register(store: Settings) -> Iterator[tuple[UUID, Tamper]]:
    """One account with two disposal records, its read models current, and SQL access."""
    ledger = open_ledger(store)
    desk = Desk(ledger)
    account = desk.active("Lakeside Notes")
    desk.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS)
    desk.do(SuspendUpdates(account_id=account), Role.MODERATOR, **GROUNDS)
    projection = open_projection(ledger, store)
    projection.catch_up()
    projection.view.close()
    yield account, Tamper(store.store, ledger.recorder.events_table_name)
    ledger.close()


@pytest.fixture
def run(store: Settings, monkeypatch: pytest.MonkeyPatch) -> Run:
    return cli_at_now(store, monkeypatch)


def _differences(run: Run) -> list[dict[str, Any]]:
    result = as_json(run("verify", "--read-models", "--json", code=6))
    assert result["read_models"]["holds"] is False
    return list(result["read_models"]["differences"])


def test_untouched_read_models_match_a_replay_of_the_events(
    run: Run, register: tuple[UUID, Tamper]
) -> None:
    """R16 (2021 Art 19): read models built from untouched events hold, exit 0."""
    result = as_json(run("verify", "--read-models", "--json"))
    checked = result["read_models"]
    assert checked["holds"] is True and checked["differences"] == []
    assert checked["rows"] >= 3  # the status row and two register records at least
    assert "the read models match a replay" in run("verify", "--read-models").stdout


def test_an_edited_reason_in_the_register_is_named_with_both_values(
    run: Run, register: tuple[UUID, Tamper]
) -> None:
    """R13, R16 (2021 Art 19): a reason edited in `disposal_register` by SQL is caught
    and named: table, record, column, what is stored and what the events say."""
    account, tamper = register
    tamper.update_row("disposal_register", "record_id", f"{account}/3", reason="a kind word")
    assert _differences(run) == [
        {
            "table": "disposal_register",
            "key": f"{account}/3",
            "column": "reason",
            "stored": "a kind word",
            "replayed": GROUNDS["reason"],
        }
    ]
    text = run("verify", "--read-models", code=6).stdout
    assert "disposal_register" in text and "a kind word" in text


def test_a_deleted_register_row_is_named_as_missing(
    run: Run, register: tuple[UUID, Tamper]
) -> None:
    """R13, R16 (2021 Art 19): a record deleted from the register is reported missing."""
    account, tamper = register
    tamper.delete_row("disposal_register", "record_id", f"{account}/4")
    (difference,) = _differences(run)
    assert (difference["table"], difference["key"]) == ("disposal_register", f"{account}/4")
    assert difference["column"] is None and difference["stored"] is None
    assert difference["replayed"]["measure"] == "updates_suspended"


def test_an_edited_status_is_caught_in_every_read_model_not_only_the_register(
    run: Run, register: tuple[UUID, Tamper]
) -> None:
    """R16, R18 (2021 Art 21): the account status shown to a regulator is checked too."""
    account, tamper = register
    tamper.update_row("account_status", "account_id", str(account), status="closed")
    (difference,) = _differences(run)
    assert (difference["table"], difference["column"]) == ("account_status", "status")
    assert (difference["stored"], difference["replayed"]) == ("closed", "active")


def test_plain_verify_still_checks_only_the_events(run: Run, register: tuple[UUID, Tamper]) -> None:
    """R16: without the flag, verify reads no read model (its exit code is the history's)."""
    account, tamper = register
    tamper.update_row("disposal_register", "record_id", f"{account}/3", reason="a kind word")
    assert "read_models" not in as_json(run("verify", "--json"))


def test_inquiry_bundle_refuses_to_export_an_edited_register(
    run: Run, register: tuple[UUID, Tamper], tmp_path: Path
) -> None:
    """R13, R16 (2021 Art 19), R18 (2021 Art 21): the edited register is not handed to
    a regulator: `inquiry --bundle` exits 6 naming the record, and writes no bundle."""
    account, tamper = register
    tamper.update_row("disposal_register", "record_id", f"{account}/3", reason="a kind word")
    bundle = tmp_path / "inquiry.zip"
    refused = run("inquiry", str(account), "--bundle", str(bundle), code=6)
    assert f"{account}/3: its reason" in refused.output
    assert "rule: register-matches-events" in refused.output
    assert not bundle.exists()
