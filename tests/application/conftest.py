from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.application.ledger import Ledger
from accountledger.domain.rules import LedgerRules
from tests.stores import store_for


@contextmanager
def ledger_on(kind: str, tmp_path: Path, rules: LedgerRules) -> Iterator[Ledger]:
    """A ledger with `rules` on a fresh store of `kind`, closed afterwards."""
    with store_for(kind, tmp_path) as (url, keys):
        app = open_ledger(Settings(store=url, keystore=keys, rules=rules))
        yield app
        app.close()


@pytest.fixture(params=["sqlite", "postgres"])
def ledger(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Ledger]:
    """A ledger on a fresh store of each kind: every ledger test runs on both."""
    with ledger_on(request.param, tmp_path, LedgerRules(max_accounts_per_subject=2)) as app:
        yield app
