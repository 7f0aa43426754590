"""The stores every storage test runs on: SQLite in a file, and PostgreSQL where a server
answers (127.0.0.1:5432, trust auth, user postgres). Each PostgreSQL test gets a fresh
database of its own, dropped afterwards."""

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


@contextmanager
def postgres_database() -> Iterator[str]:
    import psycopg

    name = f"accountledger_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(ADMIN, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        with psycopg.connect(ADMIN, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


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
