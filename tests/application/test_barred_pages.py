"""Barred names kept page after page, reviewed through their index (R4, issue 16).

Each barring is recorded on the last `BarredPage`, in the save that bars the name;
a full page is closed as the next opens. Every ledger's index of them is a read model
brought forward from the store before each review, so a name another process barred
is caught at once, and the order (which barred name a finding cites) is kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.application.commands import Close
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Role
from accountledger.domain.indexes import BarredPage
from accountledger.domain.names import Outcome
from accountledger.domain.rules import LedgerRules
from tests.application.helpers import GROUNDS, Desk
from tests.stores import store_for


def touching(ledger: Ledger, touched: dict[UUID, Any]) -> Any:
    """The `touch` the ledger's `_apply` gives the model: each aggregate loaded once."""

    def touch(ident: UUID, new: Any) -> Any:
        if ident not in touched:
            found = ledger.find(ident)
            touched[ident] = found if found is not None else new()
        return touched[ident]

    return touch


def bar(ledger: Ledger, *names: str) -> None:
    for name in names:
        touched: dict[UUID, Any] = {}
        ledger.barred.bar(name, touching(ledger, touched))
        ledger.save(*touched.values())


def give_back(ledger: Ledger, name: str) -> None:
    touched: dict[UUID, Any] = {}
    ledger.barred.give_back(name, touching(ledger, touched))
    ledger.save(*touched.values())


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(BarredPage, "SIZE", 2)


@pytest.mark.usefixtures("small_pages")
def test_closed_names_fill_pages_and_stay_barred(ledger: Ledger) -> None:
    """R4: names closed one after another are barred across pages, in order."""
    desk = Desk(ledger)
    names = ["Harbor Sunsets", "山城徒步", "Quiet Lantern", "Rumour Mill", "Tea Travel"]
    for serial, name in enumerate(names, start=1):
        account = desk.active(name, serial=serial)
        desk.do(Close(account_id=account), Role.MODERATOR, **GROUNDS)
    assert ledger.barred_names() == names
    pages = [ledger.find(BarredPage.create_id(n), fresh=True) for n in range(4)]
    assert [(p.closed, len(p.operations)) for p in pages[:3]] == [(True, 2), (True, 2), (False, 1)]
    assert pages[3] is None
    verdict = ledger.review("Harbor Sunset", "name")
    assert verdict.outcome is Outcome.REVIEW
    assert "'Harbor Sunsets'" in verdict.findings[-1].detail


@pytest.mark.usefixtures("small_pages")
def test_a_name_given_back_leaves_the_index_whichever_page_barred_it(ledger: Ledger) -> None:
    """R4, R15: an overturned closure gives its name back; its earliest occurrence goes."""
    bar(ledger, "Alpha Garden", "Beta Garden", "Alpha Garden", "Gamma Garden")
    give_back(ledger, "Alpha Garden")
    give_back(ledger, "Nobody Barred This")
    assert ledger.barred_names() == ["Beta Garden", "Alpha Garden", "Gamma Garden"]
    assert ledger.review("Alpha Garden", "name") == ledger.policy.review(
        "Alpha Garden", barred=["Beta Garden", "Alpha Garden", "Gamma Garden"]
    )


@pytest.fixture(params=["sqlite", "postgres"])
def two_ledgers(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Ledger, Ledger]]:
    """Two ledgers on one fresh store of each kind, as two processes would be."""
    with store_for(request.param, tmp_path) as (url, keys):
        settings = Settings(store=url, keystore=keys, rules=LedgerRules())
        first, second = open_ledger(settings), open_ledger(settings)
        yield first, second
        first.close()
        second.close()


@pytest.mark.usefixtures("small_pages")
def test_a_name_another_ledger_bars_is_reviewed_at_once(
    two_ledgers: tuple[Ledger, Ledger],
) -> None:
    """R4: two processes on one store; each review brings the index forward first."""
    ledger, other = two_ledgers
    bar(ledger, "Alpha Garden")
    assert ledger.review("Delta Garden", "name").outcome is Outcome.ACCEPT
    assert other.barred_names() == ["Alpha Garden"]
    bar(other, "Beta Garden", "Delta Garden", "Epsilon Garden")  # closes page 0
    assert ledger.barred_names() == [
        "Alpha Garden",
        "Beta Garden",
        "Delta Garden",
        "Epsilon Garden",
    ]
    refused = ledger.review("Delta Garden!", "name")
    assert "barred-name" in [f.rule for f in refused.findings]
    # The first ledger, whose cache still holds page 0 open, writes after the other's
    # pages: it closes the full page 1 and opens page 2.
    bar(ledger, "Zeta Garden")
    assert other.barred_names()[-1] == "Zeta Garden"
    pages = [ledger.find(BarredPage.create_id(n), fresh=True) for n in range(3)]
    assert [(p.closed, [op[1] for op in p.operations]) for p in pages] == [
        (True, ["Alpha Garden", "Beta Garden"]),
        (True, ["Delta Garden", "Epsilon Garden"]),
        (False, ["Zeta Garden"]),
    ]


@pytest.mark.parametrize("folding", ["as filed", "filed under another folding"])
@pytest.mark.usefixtures("small_pages")
def test_a_new_process_files_full_pages_from_their_snapshots(
    two_ledgers: tuple[Ledger, Ledger], monkeypatch: pytest.MonkeyPatch, folding: str
) -> None:
    """R4: a full page is read from its snapshot, its names filed as the snapshot keeps
    them; filed under another folding, they are filed again from the names. Either way
    the review is the scan's."""
    ledger, fresh = two_ledgers
    monkeypatch.setitem(Ledger.snapshotting_intervals, BarredPage, 2)
    names = ["Harbor Sunsets", "山城徒步", "Quiet Lantern", "Rumour Mill", "Tea Travel"]
    bar(ledger, *names)
    snapshot = fresh.repository.snapshot_store
    assert snapshot is not None and list(snapshot.get(BarredPage.create_id(0)))
    if folding != "as filed":
        monkeypatch.setattr("accountledger.application.barred.FOLDING", "another")
    assert fresh.barred_names() == names
    for name in ("Harbor Sunset", "山城徒步日记", "Quiet Lanterns", "Tea  Travel!"):
        assert fresh.review(name, "name") == fresh.policy.review(name, barred=names)


class Batch:
    """An import's batch holding pages it changed and has not saved (`Ledger.Layer`)."""

    def __init__(self, *pages: Any) -> None:
        self.pages = {page.id: page for page in pages}

    def find(self, aggregate_id: UUID, read: Any) -> Any:
        return self.pages.get(aggregate_id) or read(aggregate_id)

    def holds(self, aggregate_id: UUID) -> bool:
        return aggregate_id in self.pages

    def lacks(self, aggregate_id: UUID) -> bool:
        return False


@pytest.mark.usefixtures("small_pages")
def test_a_batch_reviews_against_the_names_it_barred_before_saving_them(ledger: Ledger) -> None:
    """R4: within an import's batch, a name barred by an earlier line (on a page not yet
    saved) holds back a later line's name, after the saved names, in order."""
    bar(ledger, "Alpha Garden")
    page = ledger.find(BarredPage.create_id(0), fresh=True)
    page.add("Harbor Sunsets")
    following = BarredPage(number=1)
    page.close()
    following.add("Quiet Lantern")
    with ledger.layered(Batch(page, following)):
        names = ["Alpha Garden", "Harbor Sunsets", "Quiet Lantern"]
        assert ledger.barred_names() == names
        for name in ("Harbor Sunset", "Quiet Lanterns", "Alpha Gardens"):
            assert ledger.review(name, "name") == ledger.policy.review(name, barred=names)
        assert ledger.review("Harbor Sunset", "name").outcome is Outcome.REVIEW
    given_back = ledger.find(BarredPage.create_id(0), fresh=True)
    given_back.remove("Alpha Garden")
    with ledger.layered(Batch(given_back)):
        assert ledger.barred_names() == []
        assert ledger.review("Alpha Garden", "name").outcome is Outcome.ACCEPT
    assert ledger.barred_names() == ["Alpha Garden"]
