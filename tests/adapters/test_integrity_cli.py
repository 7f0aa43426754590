"""`accountledger checkpoint` and `verify` as a script drives them (R16)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
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


def _record_after_the_checkpoint(store: Settings, account: UUID) -> None:
    """A warning on `account`, then a second account (so the warning is not the log's end)."""
    ledger = open_ledger(store)
    try:
        desk = Desk(ledger)
        desk.now = datetime(2026, 3, 1, 11, 0, tzinfo=UTC)  # after the history's acts
        desk.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS)
        desk.active("Hill Country Walks", serial=2)
    finally:
        ledger.close()


def test_verify_strict_exits_seven_after_a_deletion_past_the_checkpoint(
    run: Run, store: Settings, history: tuple[UUID, Tamper]
) -> None:
    """R16 (2021 Art 19): the newest event of a history deleted after the checkpoint leaves
    its chain whole; verify does not say "the history holds" but how many events are not
    yet under a checkpoint and which position is missing, and `--strict` exits 7."""
    account, tamper = history
    run("checkpoint")
    _record_after_the_checkpoint(store, account)
    recorded = as_json(run("verify", "--json"))["unsealed_events"]
    position, version, _, _ = tamper.rows(account)[-1]
    tamper.delete(account, version)
    result = as_json(run("verify", "--json"))
    assert result["holds"] is True and result["holds_strictly"] is False
    assert result["unsealed_events"] == recorded - 1  # the second account's events
    assert result["missing_positions"] == 1 and result["gaps"] == [[position, position]]
    text = " ".join(run("verify").stdout.split())
    left = recorded - 1
    assert f"holds up to checkpoint 1; {left} event(s) recorded since are not yet" in text
    assert "the history holds " not in text.replace("holds up to", "")
    assert f"1 position(s) missing from the log after checkpoint 1 ({position})" in text
    strict = as_json(run("verify", "--strict", "--json", code=7))
    assert strict["holds_strictly"] is False
    run("verify", "--strict", code=7)


def test_verify_strict_exits_zero_once_a_checkpoint_seals_everything(
    run: Run, store: Settings, history: tuple[UUID, Tamper]
) -> None:
    """R16: events after the checkpoint make `--strict` exit 7 until a checkpoint seals
    them; then it exits 0 and says the history holds."""
    account, _ = history
    run("checkpoint")
    _record_after_the_checkpoint(store, account)
    assert as_json(run("verify", "--strict", "--json", code=7))["unsealed_events"] > 0
    run("checkpoint")
    result = as_json(run("verify", "--strict", "--json"))
    assert result["holds_strictly"] is True and result["unsealed_events"] == 0
    assert "the history holds" in run("verify", "--strict").stdout


def test_verify_without_a_checkpoint_never_says_the_history_holds(
    run: Run, history: tuple[UUID, Tamper]
) -> None:
    """R16: before the first checkpoint every event is unprotected, and verify says so."""
    text = " ".join(run("verify").stdout.split())
    events = as_json(run("verify", "--json"))["events"]
    assert f"no checkpoint seals them yet: {events} event(s) are not protected" in text
    assert "the history holds" not in text
    run("verify", "--strict", code=7)


def test_verify_strict_still_exits_six_on_a_break(run: Run, history: tuple[UUID, Tamper]) -> None:
    """R16: a proven change is exit 6 with or without `--strict`."""
    account, tamper = history
    run("checkpoint")
    tamper.flip_byte(account, 2)
    run("verify", "--strict", code=6)
