"""Driving the CLI in-process as a script would, on each store, at a fixed clock."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from accountledger.adapters import (  # noqa: F401  (importing them adds their commands)
    cli_appeals,
    cli_base,
    cli_complaints,
    cli_integrity,
    cli_projections,
    cli_registers,
    cli_time,
)
from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.cli import app

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
Run = Callable[..., Result]


def cli_at_now(store: Settings, monkeypatch: pytest.MonkeyPatch) -> Run:
    """`run(*args, code=0)` against `store`; the injected clock says NOW."""
    monkeypatch.setenv("ACCOUNTLEDGER_STORE", store.store)
    monkeypatch.setenv("ACCOUNTLEDGER_KEYSTORE", store.keystore or "")
    # The injected clock decides what is overdue; monkeypatch restores it after the test.
    monkeypatch.setattr(cli_base, "CLOCK", [lambda: NOW])
    runner = CliRunner()

    def invoke(*args: str, code: int = 0) -> Result:
        result = runner.invoke(app, list(args))
        assert result.exit_code == code, result.output
        return result

    return invoke


def as_json(result: Result) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed
