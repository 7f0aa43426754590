"""A compliance officer's day through the installed `accountledger` command (R1, R12, R18)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from accountledger.adapters.inputs import id_card_check

EXE = str(Path(sys.executable).with_name("accountledger"))
BODY = "31010419880512345"


def run(store: Path, *args: str, code: int = 0) -> dict[str, Any]:
    env = {**os.environ, "ACCOUNTLEDGER_STORE": f"sqlite:///{store}"}
    done = subprocess.run(
        [EXE, *args, "--json"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == code, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    parsed: dict[str, Any] = json.loads(done.stdout)
    return parsed


def test_register_verify_warn_suspend_then_inquire(tmp_path: Path) -> None:
    """R1, R12, R18: each step is an event; show --as-of replays an earlier state."""
    store = tmp_path / "flow.db"
    account = run(
        store,
        "register",
        "--name",
        "Stone Bridge Tales",
        "--identity-kind",
        "id_card",
        "--identity-number",
        BODY + id_card_check(BODY),
        "--nature",
        "individual",
        "--registration-place",
        "Suzhou",
        "--operating-place",
        "Suzhou",
        "--content-category",
        "history",
        "--actor",
        "svc:platform",
        "--at",
        "2026-02-01",
    )["account_id"]
    run(store, "verify-identity", account, "--actor", "r-1:reviewer", "--at", "2026-02-02")
    grounds = [
        "--reason",
        "rumour about a bridge collapse",
        "--basis",
        "2021-19",
        "--violation",
        "2021-18-6",
        "--evidence",
        "evidence://c-9/1",
        "--case",
        "c-9",
    ]
    run(store, "warn", account, "--actor", "m-1:moderator", "--at", "2026-02-10", *grounds)
    suspended = run(
        store,
        "suspend",
        account,
        "--actor",
        "m-1:moderator",
        "--at",
        "2026-03-05",
        "--until",
        "2026-04-05",
        *grounds,
    )
    assert suspended["status"] == "suspended" and suspended["events"][0] == "Suspended"
    assert suspended["records"] == [
        f"{account}/{suspended['version'] - len(suspended['events']) + 1}"
    ]
    assert run(store, "show", account, "--as-of", "2026-03-01")["status"] == "active"
    now = run(store, "show", account)
    assert now["status"] == "suspended" and now["suspended_until"].startswith("2026-04-05")
    history = run(store, "history", account)["events"]
    measures = [e for e in history if e["event"] in ("Warned", "Suspended")]
    assert [e["event"] for e in measures] == ["Warned", "Suspended"]
    assert measures[-1]["case_id"] == "c-9" and measures[-1]["evidence"] == ["evidence://c-9/1"]
    lowered = [e for e in history if e["event"] == "CreditTierChanged"]
    # R11: false information lowers the tier once for case c-9, not once per measure.
    assert [(e["details"]["tier"], e["details"]["case"]) for e in lowered] == [("C", "c-9")]
    refused = run(store, "reinstate", account, "--actor", "svc:platform", code=3)
    assert refused["rule"] == "role"


def test_a_usage_mistake_is_one_json_object_and_exit_2(tmp_path: Path) -> None:
    refused = run(tmp_path / "u.db", "register", "--name", "Lonely", code=2)
    assert "Missing option" in refused["error"] and "rule: usage" in refused["error"]


def test_a_usage_mistake_without_json_is_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [EXE, "warn"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "ACCOUNTLEDGER_STORE": f"sqlite:///{tmp_path}/u.db"},
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip() == "error: Missing argument 'account'. (rule: usage)"
