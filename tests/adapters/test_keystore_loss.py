"""A lost or corrupt key store is refused in one line, never replaced beside history (R17)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from accountledger.adapters import cli_http, cli_privacy  # noqa: F401  (add `serve`, `identity`)
from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.cli_base import EXIT_KEYSTORE
from accountledger.adapters.http.app import create_app
from accountledger.adapters.keystore_guard import KeyStoreUnusable
from tests.adapters.cli_runner import Run, cli_at_now
from tests.adapters.test_cli import ID_NUMBER

REGISTER = (
    "register", "--name", "Blue Kite Studio", "--identity-kind", "id_card",
    "--identity-number", ID_NUMBER, "--nature", "individual", "--registration-place",
    "Hangzhou", "--operating-place", "Hangzhou", "--content-category", "design",
    "--actor", "svc:platform", "--json",
)  # fmt: skip


def _key_file(store: Settings) -> Path:
    assert store.keystore is not None
    return Path(store.keystore.removeprefix("sqlite:///"))


def _registered(run: Run) -> str:
    return str(run(*REGISTER).stdout.split('"account_id": "')[1][:36])


def _one_line_refusal(run: Run, *args: str) -> str:
    result = run(*args, code=EXIT_KEYSTORE)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    return lines[0]


def test_a_deleted_key_store_beside_history_is_refused_and_never_recreated(
    store: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R17 (2022 Art 16), R4 (2021 Art 8): with history in the event store and the key
    store gone, a registration is refused in one line naming the key store (exit 10), and
    no new key store (a new pepper, under which a blacklisted subject would hash anew) is
    created."""
    run = cli_at_now(store, monkeypatch)
    _registered(run)
    for leftover in _key_file(store).parent.glob("keys.db*"):
        leftover.unlink()
    line = _one_line_refusal(run, *REGISTER)
    assert "keystore-missing" in line and str(_key_file(store)) in line
    assert "restore" in line
    assert not _key_file(store).exists()


def test_an_emptied_key_store_beside_history_is_refused(
    store: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R17 (2022 Art 16): a key store that exists but holds no pepper is as good as lost
    beside history; a write is refused and no pepper is made in it."""
    run = cli_at_now(store, monkeypatch)
    _registered(run)
    with sqlite3.connect(_key_file(store)) as db:
        db.execute("DELETE FROM vault_secrets")
    assert "keystore-missing" in _one_line_refusal(run, *REGISTER)
    with sqlite3.connect(_key_file(store)) as db:
        assert db.execute("SELECT count(*) FROM vault_secrets").fetchone() == (0,)


def test_reads_that_need_no_personal_information_run_without_the_key_store(
    store: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R18 (2021 Art 21), R16: the history, the state, the register and the integrity
    check read only events and read models, so they still answer with the key store lost;
    a disclosure of the identity (R17) is refused in one line."""
    run = cli_at_now(store, monkeypatch)
    account = _registered(run)
    _key_file(store).unlink()
    assert account in run("history", account, "--json").stdout
    assert '"status": "pending"' in run("show", account, "--json").stdout
    assert '"holds": true' in run("verify", "--json").stdout
    run("disposals", "--json")
    monkeypatch.setenv("ACCOUNTLEDGER_ACTOR", "c1:compliance")
    assert "keystore-missing" in _one_line_refusal(run, "identity", account)
    assert not _key_file(store).exists()


@pytest.mark.parametrize("damage", ["garbage", "directory", "foreign tables"])
def test_a_corrupt_key_store_is_one_line(
    damage: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R17 (2022 Art 16): a write checks its key store first; one that is not SQLite, a
    directory, or a database of something else is refused in one line naming it (exit
    10, `keystore-corrupt`), never a traceback. (A read meets the path check of every
    store instead: exit 2, `store-open`; tests/adapters/test_cli_hostile_input.py.)"""
    store = Settings(store=f"sqlite:///{tmp_path / 'ledger.db'}", keystore=None)
    run = cli_at_now(store, monkeypatch)
    account = _registered(run)
    keys = tmp_path / "ledger.keys.db"
    for leftover in tmp_path.glob("ledger.keys.db*"):
        leftover.unlink()
    if damage == "garbage":
        keys.write_bytes(b"not a database at all\n" * 100)
    elif damage == "directory":
        keys.mkdir()
    else:
        with sqlite3.connect(keys) as db:
            db.execute("CREATE TABLE stored_events (id INTEGER)")
    line = _one_line_refusal(run, "warn", account, "--actor", "m1:moderator", "--reason", "r",
                             "--basis", "2021-19", "--violation", "2021-18-6")  # fmt: skip
    assert "keystore-corrupt" in line and str(keys) in line


def test_the_service_refuses_to_start_beside_a_lost_key_store(
    store: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R17 (2022 Art 16): `serve` prints the same one line and exits 10 instead of starting
    with every API key unknown; an app started another way refuses in its lifespan."""
    run = cli_at_now(store, monkeypatch)
    _registered(run)
    _key_file(store).unlink()
    assert "keystore-missing" in _one_line_refusal(run, "serve", "--port", "1")
    with pytest.raises(KeyStoreUnusable), TestClient(create_app(store)):
        pass
    assert not _key_file(store).exists()


def test_a_store_without_events_may_create_its_key_store(
    store: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R17 (2022 Art 16): a new deployment makes its vault on the first registration."""
    run = cli_at_now(store, monkeypatch)
    assert len(_registered(run)) == 36
    assert _key_file(store).exists()
