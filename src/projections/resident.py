"""The rebuild's batch: read-model rows kept in memory across the whole rebuild, written
once each, in bulk, with the secondary indexes built after the load (issue 16 point 4).

A catch-up batch reads every row of the accounts it touches back from the database and
deletes and re-inserts the changed ones: right for a few events on a large store, but
a rebuild starts from empty tables, so that read-back and rewrite of every batch were
60% of its time. `Resident` keeps the rows of the most recently touched accounts in
memory instead, and writes an account's rows only when it leaves memory (the least
recently touched, past `capacity`) or at the end. An account that comes back after
leaving has its rows read back (by the `account_id` index, kept during the load), so
the rows are those a catch-up writes while memory stays bounded by `capacity` accounts.
"""

from __future__ import annotations

import gc
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from sqlalchemy import Index, Table, delete

from accountledger.projections.batch import CHUNK, Batch, Row
from accountledger.projections.bulk import insert_rows

# Rows an executemany sends at a time: large enough that the driver's per-call cost is
# spread thin, small enough that the parameters of one call stay a few megabytes.
WRITE_CHUNK = 5_000
V = TypeVar("V")


class Recent(OrderedDict[str, V], Generic[V]):
    """At most `capacity` values, the least recently used dropped first."""

    def __init__(self, capacity: int) -> None:
        super().__init__()
        self.capacity = capacity

    def use(self, key: str, value: V) -> None:
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.capacity:
            self.popitem(last=False)

    def recall(self, key: str) -> V | None:
        value = self.get(key)
        if value is not None:
            self.move_to_end(key)
        return value


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Python's cycle collector, run rarely for the time of a rebuild and as before after.

    A rebuild makes millions of short-lived objects while it holds a large heap of rows
    and aggregates; at the default thresholds the collector walked that whole heap so
    often that it took a third of a 200,000-event rebuild, and found nothing to collect
    (the rows and events hold no cycles). Raised thresholds: 1.5x the events/s."""
    before = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def deferred_indexes(tables: Iterable[Table]) -> list[Index]:
    """The indexes a rebuild creates after the load: all but the `account_id` ones,
    which bring an account's rows back when it returns to memory."""
    return [
        index
        for table in tables
        for index in sorted(table.indexes, key=lambda i: str(i.name))
        if [column.name for column in index.columns] != ["account_id"]
    ]


@dataclass
class Resident(Batch):
    """A `Batch` that lives for a whole rebuild on tables that started empty."""

    capacity: int = 5_000  # the projector passes its `accounts_kept`
    # Every account in memory, least recently touched first; evicted by `flush`, between
    # batches, never within one.
    _recent: OrderedDict[str, None] = field(default_factory=OrderedDict)
    # Accounts whose rows were written and dropped from memory: the only ones the
    # database holds rows of, so the only ones ever read back.
    _written: set[str] = field(default_factory=set)

    def prefetch(self, account_ids: Iterable[str]) -> None:
        wanted = set(account_ids)
        for account_id in wanted:
            self._recent[account_id] = None
            self._recent.move_to_end(account_id)
        back = [a for a in wanted - self._loaded if a in self._written]
        super().prefetch(back)
        self._loaded.update(wanted)

    def flush(self) -> None:
        """Between batches: write and forget the least recently touched accounts."""
        over = len(self._recent) - self.capacity
        if over > 0:
            self.write([self._recent.popitem(last=False)[0] for _ in range(over)])

    def finish(self) -> None:
        """Write every row still in memory."""
        self.write(list(self._recent))
        self._recent.clear()

    def write(self, account_ids: list[str]) -> None:
        """Write these accounts' changed rows in bulk and drop them from memory."""
        for table in self.tables:
            self._write_table(table, account_ids)
        for account_id in account_ids:
            self._loaded.discard(account_id)
            self._written.add(account_id)

    def _write_table(self, table: Table, account_ids: list[str]) -> None:
        kept = self._tables[table.name]
        stale: list[str] = []
        fresh: list[Row] = []
        for account_id in account_ids:
            for key in kept.by_account.pop(account_id, ()):
                kept.settle(key)
                row = kept.rows.pop(key, None)  # None: put for later, then removed
                if key not in kept.dirty:
                    continue
                if account_id in self._written:
                    stale.append(key)  # read back from the database: replace it
                if key not in kept.gone and row is not None:
                    fresh.append(row)
                kept.dirty.discard(key)
                kept.gone.discard(key)
        (column,) = table.primary_key.columns
        for start in range(0, len(stale), CHUNK):
            self.connection.execute(delete(table).where(column.in_(stale[start : start + CHUNK])))
        for start in range(0, len(fresh), WRITE_CHUNK):
            insert_rows(self.connection, table, fresh[start : start + WRITE_CHUNK])
