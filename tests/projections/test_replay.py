"""The projection applies account events in fewer steps than the library's `mutate`
(`projections/replay.py`, issue 16 point 4); the account it leads to must be the one
the library leads to, after every event, or every read model drifts (R18). Compared on
every event of the earlier store's fixture (written by commit 199f8ef) and of a demo
history written today (every kind of event the demo records).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from eventsourcing.domain import OriginatorIDError, OriginatorVersionError

from accountledger.adapters import demo
from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.application.ledger import Ledger
from accountledger.domain.account import Account
from accountledger.projections.replay import mutate

EARLIER = Path(__file__).parents[1] / "fixtures" / "store-199f8ef"


def _ledger(where: Path) -> Settings:
    return Settings(
        store=f"sqlite:///{where / 'accountledger.db'}",
        keystore=f"sqlite:///{where / 'accountledger.keys.db'}",
    )


@pytest.fixture(scope="module")
def earlier(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    where = tmp_path_factory.mktemp("replay-earlier")
    for name in ("accountledger.db", "accountledger.keys.db"):
        shutil.copyfile(EARLIER / name, where / name)
    ledger = open_ledger(_ledger(where))
    yield ledger
    ledger.close()


@pytest.fixture(scope="module")
def today(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    ledger = open_ledger(_ledger(tmp_path_factory.mktemp("replay-today")))
    demo.run(ledger)
    yield ledger
    ledger.close()


def _account_events(ledger: Ledger) -> list[Any]:
    stored = ledger.recorder.select_notifications(start=1, limit=1_000_000)
    events = [ledger.mapper.to_domain_event(n) for n in stored]
    return [e for e in events if isinstance(e, Account.Event | Account.Registered)]


def _both_ways(events: list[Any]) -> set[str]:
    """Replay every account both ways, comparing the two after each event; the kinds."""
    library: dict[Any, Any] = {}
    ours: dict[Any, Any] = {}
    kinds: set[str] = set()
    for event in events:
        ident = event.originator_id
        theirs = event.mutate(library.get(ident))
        mine = mutate(event, ours.get(ident))
        assert type(mine) is type(theirs)
        assert vars(mine) == vars(theirs), type(event).__name__
        library[ident], ours[ident] = theirs, mine
        kinds.add(type(event).__name__)
    return kinds


@pytest.mark.parametrize("store", ["earlier", "today"])
def test_an_account_replayed_in_fewer_steps_is_the_one_the_library_replays(
    store: str, request: pytest.FixtureRequest
) -> None:
    ledger: Ledger = request.getfixturevalue(store)
    kinds = _both_ways(_account_events(ledger))
    assert len(kinds) > 15  # registrations, measures, lifts, profile changes, transfers...


def test_an_event_out_of_order_or_of_another_account_is_refused_as_the_library_refuses(
    today: Ledger,
) -> None:
    events = _account_events(today)
    first = events[0]
    account = mutate(first, None)
    second = next(e for e in events if e.originator_id == first.originator_id and e != first)
    third = next(
        e for e in events if e.originator_id == first.originator_id and e.originator_version == 3
    )
    with pytest.raises(OriginatorVersionError):
        mutate(third, account)
    stranger = mutate(first, None)
    object.__setattr__(stranger, "_id", uuid4())
    with pytest.raises(OriginatorIDError):
        mutate(second, stranger)
    assert mutate(second, account).version == 2
