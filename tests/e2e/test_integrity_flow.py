"""Integrity through the installed `accountledger` command: an erased subject's history
still verifies, and the regulator's bundle of it verifies offline (R16, R17)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from accountledger.adapters.inputs import id_card_check
from tests.e2e.test_cli_flow import run
from tests.e2e.test_erasure_flow import closed_account

BODY = "32010219790623457"
NUMBER = BODY + id_card_check(BODY)


def test_erase_then_rebuild_then_verify_then_bundle_for_the_regulator(tmp_path: Path) -> None:
    """R16, R17: erasure leaves a history that rebuilds and verifies; a bundle with personal
    information asked for shows the identity as erased and verifies without the store."""
    store = tmp_path / "sealed.db"
    account = closed_account(store, NUMBER)
    assert run(store, "checkpoint")["sealed"] is True
    run(
        store,
        *("erase-subject", f"id_card:{NUMBER}", "--actor", "c-1:compliance"),
        *("--at", "2025-01-02", "--reason", "asked to be forgotten", "--basis", "2022-16"),
    )
    assert run(store, "rebuild")["processed"] > 0
    verified = run(store, "verify")
    assert verified["holds"] is True and verified["unsealed_events"] > 0  # the erasure

    bundle = tmp_path / "inquiry.zip"
    regulator = ["--actor", "cac-1:regulator", "--with-personal-information"]
    report = run(store, "inquiry", account, *regulator, "--bundle", str(bundle))
    assert report["bundle"]["checkpoint"]["number"] == 2  # sealed the erasure first
    assert report["inquiry"]["personal_information"] == "included"
    assert report["inquiry"]["accounts"][0]["identity"]["erased"] is True
    checked = run(store, "verify-bundle", str(bundle))
    assert checked["holds"] is True and checked["events"] == 3
    with zipfile.ZipFile(bundle) as zipped:
        manifest = json.loads(zipped.read("manifest.json"))
        assert NUMBER.encode() not in b"".join(zipped.read(n) for n in zipped.namelist())
    assert manifest["inquiry"]["personal_information"] == "included"

    changed = bytearray(bundle.read_bytes())
    changed[-100] ^= 0x20
    bundle.write_bytes(bytes(changed))
    broken = run(store, "verify-bundle", str(bundle), code=6)
    assert broken["holds"] is False and broken["problems"]
