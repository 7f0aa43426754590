"""Inquiry bundles: written from the store, verified with nothing but the file (R16, R18)."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from uuid import UUID

import pytest

from accountledger.adapters import inquiry
from accountledger.adapters.bootstrap import Settings, open_ledger, open_projection
from accountledger.adapters.bundles import (
    BundleError,
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
