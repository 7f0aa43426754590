from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from accountledger.adapters.bootstrap import Settings
from tests.stores import drop_made_databases, store_for


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The PostgreSQL databases the tests used are dropped once, at the end."""
    drop_made_databases()


@pytest.fixture(autouse=True)
def keys_not_required(monkeypatch: pytest.MonkeyPatch) -> None:
    """R13, 2021-20: the CLI needs `ACCOUNTLEDGER_KEY` on PostgreSQL stores by default; a
    test that drives the CLI without a key on both stores runs with the setting off, and
    the tests of the setting (tests/adapters/test_entry_cli.py) set it themselves."""
    monkeypatch.setenv("ACCOUNTLEDGER_REQUIRE_KEYS", "off")
    monkeypatch.delenv("ACCOUNTLEDGER_KEY", raising=False)


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """Settings for a fresh store of each kind: the same test runs on both."""
    with store_for(request.param, tmp_path) as (url, keys):
        yield Settings(store=url, keystore=keys)


@pytest.fixture(params=["sqlite", "postgres"])
def key_store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh key-store database of each kind (keys live apart from the events, R17)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.keys.db'}"
        return
    with store_for("postgres", tmp_path) as (url, _):
        yield url
