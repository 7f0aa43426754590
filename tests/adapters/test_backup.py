"""`backup` and `restore`: both stores copied together and brought back whole (R16, R17)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from accountledger.adapters import cli_backup, cli_privacy  # noqa: F401  (add their verbs)
from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.cli_base import EXIT_INVALID, EXIT_REFUSED
from tests.adapters.cli_runner import Run, cli_at_now
from tests.adapters.test_cli import ID_NUMBER
from tests.adapters.test_keystore_loss import REGISTER

# The same subject registering a second account under another name.
RED_KITE = (*REGISTER[:2], "Red Kite Studio", *REGISTER[3:])


def _lose(url: str) -> None:
    """The store is gone: its file deleted, or its PostgreSQL schema dropped."""
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite"):
        for file in Path(str(parsed.database)).parent.glob(Path(str(parsed.database)).name + "*"):
            file.unlink()
        return
    import psycopg

    dsn = parsed.set(drivername="postgresql").render_as_string(False)
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")


def _registered(run: Run) -> tuple[str, str]:
    """(account id, subject ref) of a new registration of ID_NUMBER."""
    done = json.loads(run(*REGISTER).stdout)
    shown = json.loads(run("show", done["account_id"], "--json").stdout)
    return str(done["account_id"]), str(shown["subject"]["ref"])


def test_a_backup_of_both_stores_restores_history_keys_and_identities(
    store: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R16 (2021 Art 19), R17 (2022 Art 16): back up, lose both stores, restore: the
    history verifies, the identity reads again, and the same subject hashes the same (so
    a blacklist still holds) because the pepper came back with the events."""
    run = cli_at_now(store, monkeypatch)
    account, subject = _registered(run)
    made = json.loads(run("backup", str(tmp_path / "b"), "--json").stdout)
    assert [p["part"] for p in made["parts"]] == ["events", "keys"]
    _lose(store.store)
    _lose(str(store.keystore))
    restored = json.loads(run("restore", str(tmp_path / "b"), "--json").stdout)
    assert restored["parts"] == ["events", "keys"]
    assert json.loads(run("verify", "--json").stdout)["holds"] is True
    monkeypatch.setenv("ACCOUNTLEDGER_ACTOR", "c1:compliance")
    assert ID_NUMBER in run("identity", account, "--json").stdout
    monkeypatch.delenv("ACCOUNTLEDGER_ACTOR")
    second = json.loads(run(*RED_KITE).stdout)["account_id"]
    assert json.loads(run("show", second, "--json").stdout)["subject"]["ref"] == subject


def test_restore_refuses_to_overwrite_a_store_without_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R16 (2021 Art 19): a restore never silently replaces a store that holds history:
    refused in one line (exit 3) and nothing changes; with --force it replaces it."""
    store = Settings(store=f"sqlite:///{tmp_path / 'l.db'}", keystore=None)
    run = cli_at_now(store, monkeypatch)
    _registered(run)
    run("backup", str(tmp_path / "b"))
    newer = json.loads(run(*RED_KITE).stdout)["account_id"]
    refused = run("restore", str(tmp_path / "b"), code=EXIT_REFUSED)
    assert "restore-overwrite" in refused.output and len(refused.output.splitlines()) == 1
    run("show", newer)
    run("restore", str(tmp_path / "b"), "--force")
    run("show", newer, code=4)
    assert json.loads(run("verify", "--json").stdout)["holds"] is True


def test_a_damaged_backup_or_a_used_directory_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R16 (2021 Art 19): a backup file that differs from its manifest is not restored; a
    backup never writes into a directory that holds something."""
    store = Settings(store=f"sqlite:///{tmp_path / 'l.db'}", keystore=None)
    run = cli_at_now(store, monkeypatch)
    _registered(run)
    run("backup", str(tmp_path / "b"))
    assert "backup-dir" in run("backup", str(tmp_path / "b"), code=EXIT_INVALID).output
    with sqlite3.connect(tmp_path / "b" / "keys.sqlite") as db:
        db.execute("DELETE FROM vault_secrets")
    _lose(store.store)
    refused = run("restore", str(tmp_path / "b"), code=EXIT_REFUSED)
    assert "backup-damaged" in refused.output
    assert not (tmp_path / "l.db").exists()
