"""`accountledger checkpoint` and `verify` as a script drives them (R16)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.application.commands import Warn
from accountledger.domain.act import Role
from tests.adapters.cli_runner import Run, as_json, cli_at_now
from tests.application.helpers import GROUNDS, Desk
from tests.tampering import Tamper


@pytest.fixture
def history(store: Settings) -> Iterator[tuple[UUID, Tamper]]:
    """One account with a warning on it, and a way to tamper with its rows."""
    ledger = open_ledger(store)
    desk = Desk(ledger)
    account = desk.active("Lakeside Notes")
    desk.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS)
    yield account, Tamper(store.store, ledger.recorder.events_table_name)
    ledger.close()


@pytest.fixture
def run(store: Settings, monkeypatch: pytest.MonkeyPatch) -> Run:
    return cli_at_now(store, monkeypatch)


def test_checkpoint_seals_once_and_then_has_nothing_new(
    run: Run, history: tuple[UUID, Tamper]
) -> None:
    """R16: a checkpoint on demand seals the heads; a second one finds nothing to seal."""
    first = as_json(run("checkpoint", "--json"))
    assert first["sealed"] is True
    assert first["checkpoint"]["number"] == 1 and len(first["checkpoint"]["root"]) == 64
    again = as_json(run("checkpoint", "--json"))
    assert again["sealed"] is False
    assert again["checkpoint"]["hash"] == first["checkpoint"]["hash"]


def test_verify_exits_zero_when_the_history_holds(run: Run, history: tuple[UUID, Tamper]) -> None:
    """R16: an untouched store verifies, checkpoint included."""
    run("checkpoint")
    result = as_json(run("verify", "--json"))
    assert result["holds"] is True and result["findings"] == []
    assert result["checkpoints"] == 1 and result["unsealed_events"] == 0
    assert "the history holds" in run("verify").stdout


def test_verify_exits_six_and_names_the_break_after_tampering(
    run: Run, history: tuple[UUID, Tamper]
) -> None:
    """R16: a changed byte makes verify fail with the aggregate, the kind and the version."""
    account, tamper = history
    run("checkpoint")
    tamper.flip_byte(account, 3)
    result = as_json(run("verify", "--json", code=6))
    assert result["holds"] is False
    assert {"aggregate_id": str(account), "kind": "edited", "version": 3} == {
        k: result["findings"][0][k] for k in ("aggregate_id", "kind", "version")
    }
    text = run("verify", code=6).stdout
    assert "DOES NOT HOLD" in text and "edited" in text


def test_checkpoint_every_keeps_sealing_until_told_to_stop(
    run: Run, history: tuple[UUID, Tamper]
) -> None:
    """R16: the periodic checkpoint job runs for --stop-after seconds and seals what is new."""
    result = as_json(run("checkpoint", "--every", "0.05", "--stop-after", "0.2", "--json"))
    assert result["checkpoint"]["number"] == 1  # nothing new after the first seal


def test_a_subject_inquiry_bundles_every_account_it_held(
    run: Run, store: Settings, tmp_path: Path
) -> None:
    """R16, R18: `inquiry --subject S --bundle F` holds each account's events and path."""
    ledger = open_ledger(store)
    desk = Desk(ledger)
    first = desk.active("Lakeside Notes", serial=7)
    second = desk.active("Lakeside Recipes", serial=7)
    subject = ledger.account(first).subject_ref
    ledger.close()
    bundle = tmp_path / "subject.zip"
    report = as_json(run("inquiry", "--subject", subject, "--bundle", str(bundle), "--json"))
    assert report["bundle"]["accounts"] == 2
    checked = as_json(run("verify-bundle", str(bundle), "--json"))
    assert checked["holds"] is True and checked["accounts"] == 2
    with zipfile.ZipFile(bundle) as zipped:
        names = set(zipped.namelist())
    assert {f"events/{first}.json", f"events/{second}.json"} <= names


def test_a_bundle_into_a_directory_is_refused_and_nothing_is_sealed(
    run: Run, history: tuple[UUID, Tamper], tmp_path: Path
) -> None:
    """R16: a usage mistake names the field and the rule, exits 2 and writes nothing."""
    account, _ = history
    refused = run("inquiry", str(account), "--bundle", str(tmp_path), "--json", code=2)
    assert "bundle" in refused.stdout and "rule: file" in refused.stdout
    assert as_json(run("verify", "--json"))["checkpoints"] == 0


def test_verify_bundle_of_a_missing_file_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    """R16: no traceback for a wrong path; the field and the rule are named."""
    result = run("verify-bundle", str(tmp_path / "nope.zip"), code=2)
    assert "rule: file-exists" in result.output
