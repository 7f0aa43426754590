from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.application.ledger import Ledger
from accountledger.domain.rules import LedgerRules


@pytest.fixture
def ledger() -> Iterator[Ledger]:
    app = open_ledger(Settings(store="memory:", rules=LedgerRules(max_accounts_per_subject=2)))
    yield app
    app.close()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'ledger.db'}"
