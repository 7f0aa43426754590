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
from accountledger.domain.dates import parse_moment

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


def cli_recording_each_step_at_its_time(
    store: Settings, monkeypatch: pytest.MonkeyPatch, now: datetime = NOW
) -> Run:
    """`run(*args, code=0)` whose recording clock follows the scenario, as `Desk`'s does.

    A command that names its business time (`--at`) is recorded at that time; any other
    command runs at `now`. Appeals, complaints and reports are dated by the recording clock,
    never by the caller (R13, R15), so a scenario that files one on a given day runs the
    CLI's clock on that day rather than passing a chosen time.
    """
    monkeypatch.setenv("ACCOUNTLEDGER_STORE", store.store)
    monkeypatch.setenv("ACCOUNTLEDGER_KEYSTORE", store.keystore or "")
    clock = [now]
    monkeypatch.setattr(cli_base, "CLOCK", [lambda: clock[0]])
    runner = CliRunner()

    def invoke(*args: str, code: int = 0) -> Result:
        given = list(args)
        at = given[given.index("--at") + 1] if "--at" in given else None
        clock[0] = now if at is None else parse_moment(at, store.rules.zone)
        result = runner.invoke(app, given)
        assert result.exit_code == code, result.output
        return result

    return invoke


def as_json(result: Result) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed
