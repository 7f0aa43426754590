"""Every read model compared with a replay of the events (issue 15 point 4; R13, R16).

The read models are derived, so nothing seals them: a row edited or deleted by hand
in the database would pass every check of the events. `compare` replays the events,
up to the position the stored read models have reached, into a scratch in-memory
database with the same projection code, and compares every table row by row and
column by column. Each difference names the table, the row's key, the column (None
for a whole row missing or extra) and both values.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from accountledger.projections.projector import LedgerProjection, Progress, Source
from accountledger.projections.schema import READ_MODELS
from accountledger.projections.view import ReadStore

# Listed up to this many (all are counted): a store rewritten wholesale is one to
# rebuild, not to read difference by difference.
MAX_LISTED = 1_000
Row = dict[str, Any]


@dataclass(frozen=True)
class Difference:
    table: str
    key: str
    column: str | None  # None: the whole row is missing from one side
    stored: Any
    replayed: Any

    def as_dict(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "key": self.key,
            "column": self.column,
            "stored": self.stored,
            "replayed": self.replayed,
        }


@dataclass
class ReadModelCheck:
    """What comparing the stored read models with a replay found."""

    position: int = 0
    rows: int = 0
    count: int = 0
    differences: list[Difference] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        return self.count == 0

    def add(self, difference: Difference) -> None:
        self.count += 1
        if len(self.differences) < MAX_LISTED:
            self.differences.append(difference)

    def as_dict(self) -> dict[str, Any]:
        return {
            "holds": self.holds,
            "position": self.position,
            "rows": self.rows,
            "difference_count": self.count,
            "differences": [d.as_dict() for d in self.differences],
        }


def _keyed(store: ReadStore, table: str) -> dict[str, Row]:
    key = _key_column(table)
    return {str(row[key]): row for row in store.rows(table)}


def _key_column(table: str) -> str:
    (column,) = next(t for t in READ_MODELS if t.name == table).primary_key.columns
    return str(column.name)


def _row_differences(
    table: str, stored: dict[str, Row], replayed: dict[str, Row]
) -> Iterator[Difference]:
    for key in sorted(stored.keys() | replayed.keys()):
        mine, theirs = stored.get(key), replayed.get(key)
        if mine is None or theirs is None:
            yield Difference(table, key, None, mine, theirs)
            continue
        for column in theirs:
            if mine.get(column) != theirs[column]:
                yield Difference(table, key, column, mine.get(column), theirs[column])


def compare(stored: ReadStore, source: Source, progress: Progress | None = None) -> ReadModelCheck:
    """Replay the events the stored read models have seen into a scratch database and
    compare every read model with it, row by row."""
    check = ReadModelCheck(position=stored.max_tracking_id(source.name) or 0)
    scratch = ReadStore("sqlite://")
    try:
        LedgerProjection(scratch, source).catch_up(progress, until=check.position)
        for table in READ_MODELS:
            mine, theirs = _keyed(stored, table.name), _keyed(scratch, table.name)
            check.rows += len(theirs)
            for difference in _row_differences(table.name, mine, theirs):
                check.add(difference)
    finally:
        scratch.close()
    return check
