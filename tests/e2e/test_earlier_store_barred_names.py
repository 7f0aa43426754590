"""Barred names in a store written by an earlier main (R4, R16; issue 16).

That main kept every barred name in one `BarredNames` aggregate (snapshotted every 100
names). Today they are read as the operations before the first `BarredPage`: the store
is not migrated or rewritten, its old aggregate is never written again, and the review
gives the verdicts the old list gave. The fixture is the one
`tests/e2e/test_earlier_store.py` pins (`tests/fixtures/store-199f8ef/`).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.application.ledger import Ledger
from accountledger.domain.indexes import BarredNames, BarredPage
from accountledger.domain.names import Outcome

FIXTURE = Path(__file__).parents[1] / "fixtures" / "store-199f8ef"
# What 199f8ef barred, in order: five closed names, "Sunday Baker" given back on appeal.
EARLIER = ["Daily Sketch", "花园里的猫", "北漂手记", "Vintage Radio"]


@pytest.fixture
def earlier(tmp_path: Path) -> Iterator[Ledger]:
    for name in ("accountledger.db", "accountledger.keys.db"):
        shutil.copyfile(FIXTURE / name, tmp_path / name)
    settings = Settings(
        store=f"sqlite:///{tmp_path / 'accountledger.db'}",
        keystore=f"sqlite:///{tmp_path / 'accountledger.keys.db'}",
    )
    ledger = open_ledger(settings)
    yield ledger
    ledger.close()


@pytest.mark.parametrize(
    "name",
    ["Daily Sketch", "Daily Sketches", "花園里的貓", "北漂手记官方", "Sunday Baker", "Radio"],
)
def test_the_earlier_barred_names_give_the_earlier_verdicts(earlier: Ledger, name: str) -> None:
    """R4: the old aggregate's names, reviewed through the index, as the old scan did."""
    assert earlier.barred_names() == EARLIER
    assert earlier.review(name, "name") == earlier.policy.review(name, barred=EARLIER)


def test_a_name_barred_today_follows_the_earlier_ones_on_a_page(earlier: Ledger) -> None:
    """R4, R16: the old aggregate is left as it was; new names go on page 0, after it."""
    legacy_version = earlier.find(BarredNames.ID).version
    touched: dict[UUID, Any] = {}

    def touch(ident: UUID, new: Any) -> Any:
        if ident not in touched:
            touched[ident] = earlier.find(ident) or new()
        return touched[ident]

    earlier.barred.bar("Harbor Sunsets", touch)
    earlier.barred.give_back("Vintage Radio", touch)
    earlier.save(*touched.values())
    assert earlier.barred_names() == ["Daily Sketch", "花园里的猫", "北漂手记", "Harbor Sunsets"]
    assert earlier.find(BarredNames.ID, fresh=True).version == legacy_version
    assert earlier.find(BarredPage.create_id(0), fresh=True).version == 3
    assert earlier.review("Vintage Radio", "name").outcome is Outcome.ACCEPT
    assert earlier.review("Harbor Sunset", "name").outcome is Outcome.REVIEW
