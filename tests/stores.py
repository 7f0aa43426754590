"""The stores every storage test runs on: SQLite in a file, and PostgreSQL where a server
answers (127.0.0.1:5432, trust auth, user postgres). Each PostgreSQL test gets a database
of its own, as new: emptied after the test and kept for the next, dropped at the end."""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PG_HOST = os.environ.get("ACCOUNTLEDGER_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("ACCOUNTLEDGER_TEST_PG_PORT", "5432"))
ADMIN = f"host={PG_HOST} port={PG_PORT} user=postgres dbname=test connect_timeout=3"


@functools.cache
def postgres_answers() -> str | None:
    """None when a server answers, else why not (the skip reason)."""
    try:
        import psycopg

        with psycopg.connect(ADMIN, autocommit=True) as connection:
            connection.execute("SELECT 1")
    except Exception as error:
        return f"PostgreSQL at {PG_HOST}:{PG_PORT} did not answer ({type(error).__name__})"
    return None


# Databases this test process made and emptied, ready for the next test. Creating one
# copies a template and costs about half a second; emptying its schema costs a hundredth.
_EMPTIED: list[str] = []
_MADE: list[str] = []


def _empty(name: str) -> None:
    """Close every connection a test left open (as DROP DATABASE ... FORCE would), then
    drop everything the test created: the next test finds the database as new."""
    import psycopg

    with psycopg.connect(_dsn(name), autocommit=True) as connection:
        connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")


def _dsn(name: str) -> str:
    return ADMIN.replace("dbname=test", f"dbname={name}")


def drop_made_databases() -> None:
    """At the end of the session: drop the databases this process made."""
    if not _MADE:
        return
    import psycopg

    with psycopg.connect(ADMIN, autocommit=True) as connection:
        for name in _MADE:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _MADE.clear()
    _EMPTIED.clear()


@contextmanager
def postgres_database() -> Iterator[str]:
    """A database of its own for one test: a new one, or one an earlier test of this
    process used and emptied."""
    import psycopg

    if _EMPTIED:
        name = _EMPTIED.pop()
    else:
        name = f"accountledger_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(ADMIN, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        _MADE.append(name)
    try:
        yield f"postgresql+psycopg://postgres@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        _empty(name)
        _EMPTIED.append(name)


@contextmanager
def store_for(kind: str, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(store URL, key store URL) of a fresh store of `kind`."""
    keys = f"sqlite:///{tmp_path / 'keys.db'}"
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.db'}", keys
        return
    reason = postgres_answers()
    if reason is not None:
        pytest.skip(reason)
    with postgres_database() as url:
        yield url, keys
