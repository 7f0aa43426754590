"""The service seals checkpoints by itself (R16; 2021 Art 19, 2017 Art 16): `serve`
runs the app with a sealer thread, its cadence set by options or the environment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from accountledger.adapters import cli_http  # noqa: F401  (adds `serve`)
from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.adapters.cli import app as cli
from accountledger.adapters.cli_http import serve_settings
from accountledger.adapters.http.app import create_app
from accountledger.adapters.http.sealer import Sealer
from accountledger.application.integrity import verify
from accountledger.application.sealing import last_sealed
from tests.application.helpers import Desk

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def test_the_service_seals_what_is_unsealed_when_it_starts(store: Settings) -> None:
    """R16: started with `seal_automatically` (as `serve` runs it), the service's first
    look seals what was recorded before it, at the service's clock, and stops with it."""
    ledger = open_ledger(store)
    Desk(ledger).active("Lakeside Notes")
    ledger.close()
    app = create_app(store, clock=lambda: NOW, seal_automatically=True)
    sealer = app.state.sealer
    assert isinstance(sealer, Sealer)
    with TestClient(app):
        assert sealer.ticked.wait(timeout=60)
    ledger = open_ledger(store)
    try:
        sealed = last_sealed(ledger)
        assert sealed is not None and sealed[1] == NOW
        assert verify(ledger).holds_strictly
    finally:
        ledger.close()


def test_the_app_seals_nothing_by_itself_unless_asked(store: Settings) -> None:
    """R16: `create_app` alone (tests, embedding) starts no sealer thread."""
    assert create_app(store, clock=lambda: NOW).state.sealer is None


def test_the_sealer_looks_at_least_once_an_interval() -> None:
    """R16: a short interval makes the sealer look as often, so no event waits longer."""
    settings = serve_settings("memory:", None, None, 2)
    app = create_app(settings, clock=lambda: NOW, seal_automatically=True)
    assert app.state.sealer.tick == 2


def test_serve_takes_the_checkpoint_cadence_from_options_or_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """R16: `--checkpoint-every-events` and `--checkpoint-interval` (seconds), or their
    environment variables, set `checkpoint_every_events` and `checkpoint_interval`;
    without them the defaults hold."""
    rules = serve_settings("memory:", None, 50, 60).rules
    assert (rules.checkpoint_every_events, rules.checkpoint_interval) == (
        50,
        timedelta(seconds=60),
    )
    default = serve_settings("memory:", None, None, None).rules
    assert (default.checkpoint_every_events, default.checkpoint_interval) == (
        1000,
        timedelta(minutes=5),
    )
    monkeypatch.setenv("ACCOUNTLEDGER_CHECKPOINT_EVERY_EVENTS", "0")
    refused = CliRunner().invoke(cli, ["serve", "--store", "memory:"])
    assert refused.exit_code == 2
    assert "checkpoint-every-events" in refused.output


def test_serve_refuses_an_interval_under_a_second() -> None:
    """R16: a usage mistake is exit 2 naming the option; the service does not start."""
    refused = CliRunner().invoke(cli, ["serve", "--store", "memory:", "--checkpoint-interval", "0"])
    assert refused.exit_code == 2
    assert "checkpoint-interval" in refused.output
