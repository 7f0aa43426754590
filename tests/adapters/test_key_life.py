"""R13, R17: keys have a life: scope, expiry, revocation, rotation, listing without
secrets; an earlier key store still loads (2021 Arts 11, 20; 2022 Art 16). The key
store runs on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from accountledger.adapters import cli_http  # noqa: F401  (adds `keys` and `serve`)
from accountledger.adapters.cli import app
from accountledger.adapters.http.keys import Caller, KeyRefused, KeyStore, key_hash
from accountledger.application.scope import Scope
from accountledger.domain.act import Role
from accountledger.domain.errors import InvalidInput, RuleViolation

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
ACCOUNT = "7d9a3c52-4b8e-4f0e-9d43-0c2f1a6b9e11"


@pytest.fixture
def keys(key_store_url: str) -> KeyStore:
    return KeyStore(key_store_url)


def test_a_revoked_key_is_refused_at_once(keys: KeyStore) -> None:
    """R13 (2022 Art 16): revocation holds from the next authentication, no cache."""
    key_id, secret = keys.create(Role.PLATFORM, "svc-1", now=NOW)
    assert keys.authenticate(secret, NOW) == Caller("svc-1", Role.PLATFORM)
    keys.revoke(key_id, NOW + timedelta(minutes=1))
    with pytest.raises(KeyRefused, match="revoked"):
        keys.authenticate(secret, NOW + timedelta(minutes=1))


def test_a_key_expires_at_its_expiry_by_the_recording_clock(keys: KeyStore) -> None:
    """R13: the expiry is checked against the clock the caller passes, every time."""
    until = NOW + timedelta(days=30)
    _, secret = keys.create(Role.AUDITOR, "a-1", expires=until, now=NOW)
    assert keys.authenticate(secret, until - timedelta(seconds=1)) is not None
    with pytest.raises(KeyRefused, match="expired"):
        keys.authenticate(secret, until)


@pytest.mark.parametrize("days", [-1, 0, 367])
def test_an_expiry_must_be_ahead_and_bounded(keys: KeyStore, days: int) -> None:
    """R13: an expiry in the past, now, or beyond a year is refused; nothing is stored."""
    with pytest.raises(InvalidInput) as refused:
        keys.create(Role.AUDITOR, "a-1", expires=NOW + timedelta(days=days), now=NOW)
    assert refused.value.rule == "key-expiry"
    assert keys.listed() == []


def test_rotation_keeps_the_key_and_invalidates_the_old_secret(keys: KeyStore) -> None:
    """R13: the same id, actor and scope; the old secret is unknown from then on."""
    scope = Scope(accounts=frozenset({ACCOUNT}))
    key_id, old = keys.create(Role.OPERATOR, "op-1", scope=scope, now=NOW)
    new = keys.rotate(key_id, NOW)
    assert new != old
    assert keys.authenticate(old, NOW) is None
    caller = keys.authenticate(new, NOW)
    assert caller is not None and caller.key_id == key_id and caller.scope == scope
    keys.revoke(key_id, NOW)
    with pytest.raises(InvalidInput) as refused:
        keys.rotate(key_id, NOW)
    assert refused.value.rule == "key-rotation"


def test_an_operator_key_needs_a_scope(keys: KeyStore) -> None:
    """R13 (2021 Art 20): an unbound operator key is never created."""
    with pytest.raises(RuleViolation) as refused:
        keys.create(Role.OPERATOR, "op-1", now=NOW)
    assert refused.value.rule == "scope"
    assert keys.listed() == []


def test_the_list_shows_life_and_scope_never_a_secret(keys: KeyStore) -> None:
    """R17: id, role, actor, scope, created, expires, revoked; no secret, no hash."""
    key_id, secret = keys.create(
        Role.OPERATOR, "op-1", scope=Scope(subject="s-abc"), expires=NOW + timedelta(1), now=NOW
    )
    keys.revoke(key_id, NOW)
    (row,) = keys.listed()
    assert row["key_id"] == key_id and row["role"] == "operator" and row["actor"] == "op-1"
    assert row["scope"] == "subject s-abc" and row["subject"] == "s-abc"
    assert row["created"] == NOW.isoformat() and row["revoked"] == NOW.isoformat()
    assert row["expires"] == (NOW + timedelta(1)).isoformat()
    shown = json.dumps(row)
    assert secret not in shown and key_hash(secret) not in shown


def test_an_earlier_key_store_still_loads(key_store_url: str) -> None:
    """R13, R16: a key store without the life columns gains them; its keys keep working,
    except an operator key without a scope, which is refused with what to do."""
    engine = create_engine(key_store_url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "CREATE TABLE api_keys (key_id VARCHAR(32) PRIMARY KEY, key_hash VARCHAR(64) "
                "NOT NULL UNIQUE, role VARCHAR(32) NOT NULL, actor_id VARCHAR(200) NOT NULL, "
                "created_at TIMESTAMP WITH TIME ZONE NOT NULL)"
            )
        )
        for key_id, role in (("k1", "platform"), ("k2", "operator")):
            connection.execute(
                text("INSERT INTO api_keys VALUES (:id, :hash, :role, :actor, :at)"),
                {
                    "id": key_id,
                    "hash": key_hash(f"old-{role}"),
                    "role": role,
                    "actor": role,
                    "at": NOW,
                },
            )
    engine.dispose()
    keys = KeyStore(key_store_url)
    assert keys.authenticate("old-platform", NOW) == Caller("platform", Role.PLATFORM)
    with pytest.raises(KeyRefused, match="recreate it with a scope"):
        keys.authenticate("old-operator", NOW)
    assert [row["scope"] for row in keys.listed()] == ["unbounded", "unbounded"]
    keys.close()


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout


def test_the_cli_creates_lists_rotates_and_revokes(tmp_path: Path) -> None:
    """R13 (2021 Art 11): `keys create --account`, `keys list`, `keys rotate`, `keys revoke`."""
    store = ["--store", f"sqlite:///{tmp_path / 'ledger.db'}", "--json"]
    code, _ = _cli("keys", "create", "--role", "operator", *store)
    assert code == 3  # an operator key needs a scope
    code, _ = _cli("keys", "create", "--role", "operator", "--subject", "13800138000", *store)
    assert code == 2  # a subject ref, never an identity number
    code, out = _cli(
        "keys",
        "create",
        "--role",
        "operator",
        "--account",
        ACCOUNT,
        "--expires",
        "2099-01-01",
        *store,
    )
    assert code == 2  # beyond a year from now
    code, out = _cli("keys", "create", "--role", "operator", "--account", ACCOUNT, *store)
    assert code == 0, out
    created = json.loads(out)
    assert created["scope"] == f"accounts {ACCOUNT}"
    code, out = _cli("keys", "list", *store)
    assert code == 0 and created["secret"] not in out
    (row,) = json.loads(out)["keys"]
    assert row["key_id"] == created["key_id"] and row["accounts"] == [ACCOUNT]
    code, out = _cli("keys", "rotate", created["key_id"], *store)
    assert code == 0
    secret = json.loads(out)["secret"]
    keys = KeyStore(f"sqlite:///{tmp_path / 'ledger.keys.db'}")
    assert keys.authenticate(created["secret"]) is None
    assert keys.authenticate(secret) is not None
    code, out = _cli("keys", "revoke", created["key_id"], *store)
    assert code == 0 and json.loads(out)["revoked"]
    with pytest.raises(KeyRefused):
        keys.authenticate(secret)
    code, _ = _cli("keys", "revoke", "no-such-key", *store)
    assert code == 2
    keys.close()
