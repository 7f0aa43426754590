from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.application.ledger import Ledger
from accountledger.domain.rules import LedgerRules
from tests.stores import store_for


@pytest.fixture(params=["sqlite", "postgres"])
def ledger(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Ledger]:
    """A ledger on a fresh store of each kind: every ledger test runs on both."""
    with store_for(request.param, tmp_path) as (url, keys):
        rules = LedgerRules(max_accounts_per_subject=2)
        app = open_ledger(Settings(store=url, keystore=keys, rules=rules))
        yield app
        app.close()
