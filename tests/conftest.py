from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from accountledger.adapters.bootstrap import Settings
from tests.stores import store_for


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
