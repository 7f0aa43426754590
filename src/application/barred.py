"""The barred names as the ledger reviews against them (R4, 2022 Art 10 ¶3; issue 16).

The store holds the barred names as pages of operations (`BarredPage`, after the old
`BarredNames` of stores written before): linear storage, every barring in the same save
as the account that bars the name. The review needs them filed for lookups
(`BarredIndex`), so each ledger keeps that index in memory as a read model of those
pages: read once, then brought forward before every use from the one page that can
still change (one query, as the old aggregate's fast-forward cost), so a name another
process barred is never missed.

The index is built in the process, not stored: it is derived, the events stay the only
record, and nothing but the last page needs reading to keep it current. Its cost is a
new process's first review, which files every barred name (from the full pages'
snapshots, which keep each name's filing). A store written by an earlier main needs no
migration: its `BarredNames` are read as the operations before page 0.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, cast
from uuid import UUID

from eventsourcing.application import Repository
from eventsourcing.domain import Aggregate

from accountledger.domain.barred_index import FOLDING, BarredIndex, Filing
from accountledger.domain.indexes import BarredNames, BarredPage

# Loads an index aggregate for a save, creating it with `new` when absent (the ledger's
# `_apply`), so that a page is changed and saved once per command.
Touch = Callable[[UUID, Callable[[], Aggregate]], Any]


def stored(repository: Repository[UUID], aggregate_id: UUID) -> Any:
    """The aggregate as stored (latest snapshot, then its events), never the cached
    object: a command in progress may be changing that one."""
    snapshot_store = repository.snapshot_store
    snapshots = (
        [] if snapshot_store is None else list(snapshot_store.get(aggregate_id, desc=True, limit=1))
    )
    after = snapshots[0].originator_version if snapshots else None
    aggregate: Any = None
    for domain_event in (*snapshots, *repository.event_store.get(aggregate_id, gt=after)):
        aggregate = cast(Any, domain_event).mutate(aggregate)
    return aggregate


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Filing allocates only acyclic lists and tuples, a page of them at a time; the
    cyclic collector would scan the whole growing index again and again (half the time
    of a new process's first read, measured at 300,000 names)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _operations(page: Any, start: int) -> Iterator[tuple[str, str, Filing | None]]:
    """The page's operations from `start`, each with its filing if still valid."""
    current = page.folding == FOLDING
    for op, name, *filed in page.operations[start:]:
        # Snapshots hold the operations as JSON lists; events, as tuples.
        yield op, name, (filed[0], filed[1], filed[2]) if current and len(filed) == 3 else None


class BarredNamesModel:
    """One ledger's `BarredIndex`, brought forward from the store before each use."""

    def __init__(
        self, repository: Repository[UUID], absent: Callable[[UUID], bool] = lambda _: False
    ) -> None:
        self._repository = repository
        # Whether the ledger's attempt already learned the store lacks a page (its
        # `look_ahead`): then the page is not asked for again.
        self._absent = absent
        self._lock = threading.Lock()
        self._index: BarredIndex | None = None
        # The first page not closed, as last read, and how many of its operations the
        # index holds; None until read.
        self._number = 0
        self._page: Any = None
        self._applied = 0

    def index(self) -> BarredIndex:
        """Every barred name, as of the last committed page (R4)."""
        with self._lock:
            if self._index is None:
                with _collector_paused():
                    self._index = BarredIndex(self._legacy())
            self._forward(self._index)
            return self._index

    def _legacy(self) -> list[str]:
        """The names barred before issue 16, in the aggregate those stores kept."""
        legacy = stored(self._repository, BarredNames.ID)
        return [] if legacy is None else list(legacy.names)

    def _forward(self, index: BarredIndex) -> None:
        while True:
            page_id = BarredPage.create_id(self._number)
            if self._page is None and self._absent(page_id):
                return
            if self._page is None:
                self._page = stored(self._repository, page_id)
            else:
                for domain_event in self._repository.event_store.get(
                    page_id, gt=self._page.version
                ):
                    self._page = cast(Any, domain_event).mutate(self._page)
            if self._page is None:
                return
            with _collector_paused():
                for op, name, filed in _operations(self._page, self._applied):
                    if op == "+":
                        index.add(name, filed)
                    else:
                        index.remove(name)
            self._applied = len(self._page.operations)
            if not self._page.closed:
                return
            self._number, self._page, self._applied = self._number + 1, None, 0

    def following(self) -> UUID:
        """The page the index reads next: the one a `look_ahead` may find absent."""
        return BarredPage.create_id(self._number)

    def pending(self, held: Callable[[UUID], Any]) -> list[tuple[str, str]]:
        """The operations on the pages `held` answers for (an import's batch, not yet
        saved) after those the index holds, in order."""
        operations: list[tuple[str, str]] = []
        number, start = self._number, self._applied
        while (page := held(BarredPage.create_id(number))) is not None:
            operations.extend((str(op), str(name)) for op, name, *_ in page.operations[start:])
            number, start = number + 1, 0
        return operations

    def bar(self, name: str, touch: Touch) -> None:
        """Record `name` barred, on the last page (the next one if that is full)."""
        self._last_page(touch).add(name)

    def give_back(self, name: str, touch: Touch) -> None:
        """Record `name` no longer barred (R15), if it is."""
        if name in self.index():
            self._last_page(touch).remove(name)

    def _last_page(self, touch: Touch) -> BarredPage:
        self.index()
        number = self._number
        while True:
            page: BarredPage = touch(BarredPage.create_id(number), _opener(number))
            if not page.closed and not page.full:
                return page
            if not page.closed:
                page.close()
            number += 1


def _opener(number: int) -> Callable[[], Aggregate]:
    return lambda: BarredPage(number=number)
