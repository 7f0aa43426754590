"""API keys: shown once, stored only hashed, mapped to a role (R17)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from accountledger.adapters import cli_http  # noqa: F401  (adds `keys` and `serve`)
from accountledger.adapters.cli import app
from accountledger.adapters.http.keys import Caller, KeyStore, key_hash
from accountledger.domain.act import Role


@pytest.fixture
def keys(key_store_url: str) -> KeyStore:
    return KeyStore(key_store_url)


def test_a_key_authenticates_as_its_actor_and_role(keys: KeyStore) -> None:
    key_id, secret = keys.create(Role.MODERATOR, "m-104")
    assert key_id and secret
    assert keys.authenticate(secret) == Caller("m-104", Role.MODERATOR)
    assert keys.authenticate(secret + "x") is None
    assert keys.authenticate("") is None


def test_keys_are_stored_hashed_never_in_clear(keys: KeyStore, key_store_url: str) -> None:
    """R17: the key store holds the hash, not the secret."""
    _, secret = keys.create("platform", "svc-1")
    keys.close()
    engine = create_engine(key_store_url)
    with engine.connect() as connection:
        rows = [str(tuple(r)) for r in connection.execute(text("SELECT * FROM api_keys"))]
    engine.dispose()
    assert rows and all(secret not in row for row in rows)
    assert any(key_hash(secret) in row for row in rows)


def test_cli_creates_a_key_and_prints_it_once(tmp_path: Path) -> None:
    store = f"sqlite:///{tmp_path / 'ledger.db'}"
    runner = CliRunner()
    result = runner.invoke(
        app, ["keys", "create", "--role", "auditor", "--actor", "a-1", "--store", store, "--json"]
    )
    assert result.exit_code == 0, result.output
    created = json.loads(result.stdout)
    assert created["role"] == "auditor" and created["actor"] == "a-1"
    keys = KeyStore(f"sqlite:///{tmp_path / 'ledger.keys.db'}")
    assert keys.authenticate(created["secret"]) == Caller("a-1", Role.AUDITOR)


def test_cli_refuses_an_unknown_role(tmp_path: Path) -> None:
    store = f"sqlite:///{tmp_path / 'ledger.db'}"
    result = CliRunner().invoke(app, ["keys", "create", "--role", "king", "--store", store])
    assert result.exit_code == 2
