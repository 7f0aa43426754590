"""Inquiry bundles: written from the store, verified with nothing but the file (R16, R18)."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from uuid import UUID

import pytest

from accountledger.adapters import inquiry
from accountledger.adapters.bootstrap import Settings, open_ledger, open_projection
from accountledger.adapters.bundles import (
    BundleError,
    RegisterContradicted,
    archive,
    canonical,
    verify_bundle,
    write_bundle,
)
from accountledger.application.commands import SuspendUpdates, Warn
from accountledger.application.integrity import seal_checkpoint
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Role
from tests.application.helpers import GROUNDS, Desk


def _report(ledger: Ledger, settings: Settings, account: UUID, desk: Desk) -> dict:
    projection = open_projection(ledger, settings)
    try:
        projection.catch_up()
        return inquiry.of_account(ledger, projection.view, account, desk.now, timedelta(hours=72))
    finally:
        projection.view.close()


@pytest.fixture
def bundle(store: Settings, tmp_path: Path) -> Iterator[tuple[Path, UUID]]:
    """A bundle of one account with two disposal records, tied to a fresh checkpoint."""
    ledger = open_ledger(store)
    desk = Desk(ledger)
    account = desk.active("Lakeside Notes")
    desk.active("Hill Country Walks", serial=2)
    desk.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS)
    desk.do(SuspendUpdates(account_id=account), Role.MODERATOR, **GROUNDS)
    seal_checkpoint(ledger, desk.act(Role.SYSTEM))
    path = tmp_path / "inquiry.zip"
    write_bundle(ledger, _report(ledger, store, account, desk), path)
    yield path, account
    ledger.close()


def _members(path: Path) -> dict[str, bytes]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as zipped:
        return {name: zipped.read(name) for name in zipped.namelist()}


def test_a_bundle_verifies_offline_with_its_events_records_and_checkpoint(
    bundle: tuple[Path, UUID],
) -> None:
    """R16, R18: the round trip holds and ties every bundled event to the checkpoint
    (technical support to an inspection, 2021 Art 21, 2022 Art 21)."""
    path, account = bundle
    result = verify_bundle(path)
    assert result.holds, result.problems
    assert result.accounts == 1 and result.events == 4
    members = _members(path)
    assert set(members) == {
        "manifest.json",
        "checkpoint.json",
        "disposals.json",
        "report.json",
        f"events/{account}.json",
    }
    records = json.loads(members["disposals.json"])
    assert [r["record_id"] for r in records] == [f"{account}/3", f"{account}/4"]


def test_a_bundle_is_the_same_bytes_when_rebuilt_from_its_members(
    bundle: tuple[Path, UUID],
) -> None:
    """R16: the archive is deterministic, so its bytes can be checked as a whole."""
    path, _ = bundle
    assert archive(_members(path)) == path.read_bytes()


def test_a_changed_byte_anywhere_in_the_bundle_fails_verification(
    bundle: tuple[Path, UUID], tmp_path: Path
) -> None:
    """R16: every one of many positions, from the zip headers to the last byte, is covered."""
    path, _ = bundle
    data = path.read_bytes()
    positions = sorted({*range(0, len(data), max(len(data) // 60, 1)), len(data) - 1})
    passed = []
    for position in positions:
        changed = bytearray(data)
        changed[position] ^= 0x01
        copy = tmp_path / "changed.zip"
        copy.write_bytes(bytes(changed))
        if verify_bundle(copy).holds:
            passed.append(position)
    assert passed == []


def test_a_forger_who_rewrites_the_manifest_hashes_is_still_caught_by_the_seals(
    bundle: tuple[Path, UUID], tmp_path: Path
) -> None:
    """R16: an event edited and its file's hash updated no longer matches its own seal."""
    path, account = bundle
    members = _members(path)
    name = f"events/{account}.json"
    rows = json.loads(members[name])
    state = base64.b64decode(rows[2]["state"]).replace(b"impersonated", b"was praised for")
    rows[2]["state"] = base64.b64encode(state).decode()
    members[name] = canonical(rows)
    manifest = json.loads(members["manifest.json"])
    manifest["files"][name] = hashlib.sha256(members[name]).hexdigest()
    members["manifest.json"] = canonical(manifest)
    forged = tmp_path / "forged.zip"
    forged.write_bytes(archive(members))
    result = verify_bundle(forged)
    assert not result.holds
    assert any("version 3: does not match its seal" in p for p in result.problems)


def test_a_bundle_needs_a_checkpoint_first(store: Settings, tmp_path: Path) -> None:
    """R16: a bundle is tied to a checkpoint; without one it is refused, not half-written."""
    ledger = open_ledger(store)
    try:
        desk = Desk(ledger)
        account = desk.active("Lakeside Notes")
        path = tmp_path / "inquiry.zip"
        with pytest.raises(BundleError, match="bundle-needs-checkpoint"):
            write_bundle(ledger, _report(ledger, store, account, desk), path)
        assert not path.exists()
    finally:
        ledger.close()


def _documented_verifier(tmp_path: Path) -> Path:
    """The script in docs/integrity.md, as a third party would copy it out."""
    text = (Path(__file__).parents[2] / "docs" / "integrity.md").read_text()
    script = text.split("```python\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "verify_bundle.py"
    path.write_text(script)
    return path


def test_the_documented_standard_library_verifier_agrees_with_verify_bundle(
    bundle: tuple[Path, UUID], tmp_path: Path
) -> None:
    """R16: docs/integrity.md alone, run without site packages, accepts a bundle and
    rejects it with one byte changed."""
    import subprocess
    import sys

    path, _ = bundle
    script = _documented_verifier(tmp_path)
    run = [sys.executable, "-I", "-S", str(script)]
    intact = subprocess.run([*run, str(path)], capture_output=True, text=True, check=False)
    assert intact.returncode == 0, intact.stdout + intact.stderr
    checkpoint = json.loads(_members(path)["manifest.json"])["checkpoint"]["hash"]
    assert checkpoint in intact.stdout
    changed = bytearray(path.read_bytes())
    changed[len(changed) // 2] ^= 0x01
    copy = tmp_path / "changed.zip"
    copy.write_bytes(bytes(changed))
    broken = subprocess.run([*run, str(copy)], capture_output=True, text=True, check=False)
    assert broken.returncode == 1 and "DOES NOT HOLD" in broken.stdout


def _forge_register(path: Path, tmp_path: Path, change: Callable[[list[dict]], None]) -> Path:
    """The bundle with its register changed in both places it appears, every member hash
    in the manifest recomputed: only the sealed events can show it."""
    members = _members(path)
    records = json.loads(members["disposals.json"])
    change(records)
    report = json.loads(members["report.json"])
    report["inquiry"]["accounts"][0]["disposals"] = records
    members["disposals.json"] = canonical(records)
    members["report.json"] = canonical(report)
    manifest = json.loads(members["manifest.json"])
    for name in ("disposals.json", "report.json"):
        manifest["files"][name] = hashlib.sha256(members[name]).hexdigest()
    members["manifest.json"] = canonical(manifest)
    forged = tmp_path / "forged.zip"
    forged.write_bytes(archive(members))
    return forged


def _stdlib_verdict(forged: Path, tmp_path: Path) -> str:
    import subprocess
    import sys

    script = _documented_verifier(tmp_path)
    run = [sys.executable, "-I", "-S", str(script), str(forged)]
    done = subprocess.run(run, capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    return done.stdout


def test_a_reason_edited_in_a_bundles_register_fails_naming_the_record(
    bundle: tuple[Path, UUID], tmp_path: Path
) -> None:
    """R13, R16 (2021 Art 19): the register in a bundle is recomputed from the sealed
    events it carries; an edited reason fails both verifiers, which name the record."""
    path, account = bundle

    def soften(records: list[dict]) -> None:
        records[0]["reason"] = "a kind word"

    forged = _forge_register(path, tmp_path, soften)
    problems = verify_bundle(forged).problems
    assert problems == [
        f"disposals.json: {account}/3: its reason is 'a kind word', its sealed event says "
        f"{GROUNDS['reason']!r}"
    ]
    assert f"{account}/3 reason" in _stdlib_verdict(forged, tmp_path)


def test_a_record_deleted_from_a_bundles_register_fails_naming_the_record(
    bundle: tuple[Path, UUID], tmp_path: Path
) -> None:
    """R13, R16 (2021 Art 19): a sealed measure in the inquiry's window with no record in
    the register is named by both verifiers."""
    path, account = bundle
    forged = _forge_register(path, tmp_path, lambda records: records.pop(1))
    problems = verify_bundle(forged).problems
    assert problems == [
        f"disposals.json: {account}/4 is missing: its sealed event UpdatesSuspended is a "
        "disposal in the inquiry's window"
    ]
    assert f"{account}/4 missing" in _stdlib_verdict(forged, tmp_path)


def test_a_bundle_is_not_written_from_a_register_its_events_contradict(
    store: Settings, tmp_path: Path
) -> None:
    """R13, R16 (2021 Art 19): a register edited in the database is not exported: the
    writer checks the records against the events it bundles and names the record."""
    from tests.tampering import Tamper

    ledger = open_ledger(store)
    try:
        desk = Desk(ledger)
        account = desk.active("Lakeside Notes")
        desk.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS)
        seal_checkpoint(ledger, desk.act(Role.SYSTEM))
        _report(ledger, store, account, desk)  # the read models are current
        tamper = Tamper(store.store, ledger.recorder.events_table_name)
        tamper.update_row("disposal_register", "record_id", f"{account}/3", reason="kind")
        path = tmp_path / "inquiry.zip"
        with pytest.raises(RegisterContradicted, match=f"{account}/3: its reason"):
            write_bundle(ledger, _report(ledger, store, account, desk), path)
        assert not path.exists()
    finally:
        ledger.close()


def test_the_documented_verifier_knows_every_measure_of_the_catalogue(tmp_path: Path) -> None:
    """R12, R13 (2021 Art 19): the third party's script recomputes the register for the
    same measures as the ledger, so a new measure cannot be left out of the document."""
    import runpy

    from accountledger.domain.measures import MEASURE_BY_EVENT

    script = runpy.run_path(str(_documented_verifier(tmp_path)), run_name="documented")
    assert script["MEASURES"] == set(MEASURE_BY_EVENT)
