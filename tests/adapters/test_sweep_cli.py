"""`accountledger sweep --now T`: idempotent, under the system actor (R8, R13, R15)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from accountledger.adapters import cli_appeals, cli_registers, cli_time  # noqa: F401
from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.cli import app
from accountledger.adapters.inputs import id_card_check

BODY = "11010119850101777"


@pytest.fixture
def run(store: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("ACCOUNTLEDGER_STORE", store.store)
    monkeypatch.setenv("ACCOUNTLEDGER_KEYSTORE", store.keystore or "")
    runner = CliRunner()

    def invoke(*args: str) -> dict[str, Any]:
        result = runner.invoke(app, [*args, "--json"])
        assert result.exit_code == 0, result.output
        parsed: dict[str, Any] = json.loads(result.stdout)
        return parsed

    return invoke


def test_sweep_suspends_the_idle_account_once_and_counts_what_is_late(run: Any) -> None:
    """R8: unused six months after registration; R13, R15: late reports and appeals."""
    account = run(
        "register",
        "--name",
        "Idle Garden",
        "--identity-kind",
        "id_card",
        "--identity-number",
        BODY + id_card_check(BODY),
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
        "--at",
        "2026-01-01",
    )["account_id"]
    run("verify-identity", account, "--actor", "r-1:reviewer", "--at", "2026-01-02")
    first = run("sweep", "--now", "2026-08-01")
    assert first["swept"] == [
        {"account_id": account, "events": ["Suspended"], "status": "suspended"}
    ]
    # the suspension is unreported, but on administrative grounds (2021-10): not
    # reportable, so never overdue (issue 13 point 6; R13, 2021 Art 19)
    assert first["overdue"] == {"reports": 0, "appeals": 0, "complaints": 0}
    second = run("sweep", "--now", "2026-08-01")
    assert second["swept"] == [] and second["events"] == 0
    history = run("history", account)["events"]
    assert history[-1]["actor_role"] == "system" and history[-1]["basis"] == ["2021-10"]
