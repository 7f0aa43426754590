from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from accountledger.adapters.bootstrap import Settings, open_ledger, open_projection
from accountledger.application.ledger import Ledger
from accountledger.projections.projector import LedgerProjection
from accountledger.projections.schema import READ_MODELS
from tests.application.helpers import Desk
from tests.stores import store_for


@dataclass
class World:
    ledger: Ledger
    projection: LedgerProjection
    desk: Desk

    def current(self) -> LedgerProjection:
        self.projection.catch_up()
        return self.projection

    def rows(self, table: str) -> list[dict[str, object]]:
        return self.current().view.rows(table)


def snapshot(projection: LedgerProjection) -> dict[str, list[dict[str, object]]]:
    return {table.name: projection.view.rows(table.name) for table in READ_MODELS}


@pytest.fixture(params=["sqlite", "postgres"])
def world(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    """A ledger and its projection on a fresh store of each kind."""
    with store_for(request.param, tmp_path) as (url, keys):
        settings = Settings(store=url, keystore=keys)
        ledger = open_ledger(settings)
        projection = open_projection(ledger, settings)
        yield World(ledger, projection, Desk(ledger))
        projection.view.close()
        ledger.close()
