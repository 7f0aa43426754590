"""A batch of read-model changes, kept in memory and written in a few statements a table.

Per-row upserts ran at ~5k events/s here, batched writes at 40-70k (library notes):
a batch loads every row of the accounts it touches in one query a table, applies
every event to those rows in memory, then deletes and re-inserts the changed rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, delete, select

Row = dict[str, Any]
CHUNK = 500


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


_KEYS: dict[str, str] = {}


def key_column(table: Table) -> str:
    """The name of the table's one key column (asking SQLAlchemy each time is slow)."""
    name = _KEYS.get(table.name)
    if name is None:
        (column,) = table.primary_key.columns
        name = _KEYS[table.name] = str(column.name)
    return name


def _key(table: Table, row: Row) -> str:
    return str(row[key_column(table)])


@dataclass
class _TableRows:
    rows: dict[str, Row] = field(default_factory=dict)
    by_account: dict[str, set[str]] = field(default_factory=dict)
    dirty: set[str] = field(default_factory=set)
    gone: set[str] = field(default_factory=set)
    # Rows worked out only when read or written (`Batch.put_later`).
    later: dict[str, Callable[[], Row]] = field(default_factory=dict)

    def keep(self, key: str, row: Row) -> None:
        self.rows[key] = row
        self.by_account.setdefault(str(row["account_id"]), set()).add(key)

    def settle(self, key: str) -> None:
        """Work out a row put for later."""
        make = self.later.pop(key, None)
        if make is not None:
            self.rows[key] = make()


@dataclass
class Batch:
    connection: Connection
    tables: tuple[Table, ...]
    _tables: dict[str, _TableRows] = field(default_factory=dict)
    _loaded: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._tables = {table.name: _TableRows() for table in self.tables}

    def prefetch(self, account_ids: Iterable[str]) -> None:
        """Load every row of these accounts, one query per table and chunk."""
        wanted = sorted(set(account_ids) - self._loaded)
        self._loaded.update(wanted)
        for table in self.tables:
            kept = self._tables[table.name]
            for chunk in _chunks(wanted):
                query = select(table).where(table.c.account_id.in_(chunk))
                for found in self.connection.execute(query):
                    row = dict(found._mapping)
                    kept.keep(_key(table, row), row)

    def rows_of(self, table: Table, account_id: str) -> Iterator[Row]:
        """Every row of `table` about one account."""
        if account_id not in self._loaded:
            self.prefetch([account_id])
        kept = self._tables[table.name]
        keys = sorted(kept.by_account.get(account_id, set()))
        for key in keys:
            kept.settle(key)
        return (kept.rows[k] for k in keys if k not in kept.gone)

    def get(self, table: Table, key: str, account_id: str) -> Row | None:
        if account_id not in self._loaded:
            self.prefetch([account_id])
        kept = self._tables[table.name]
        kept.settle(key)
        return None if key in kept.gone else kept.rows.get(key)

    def account_of(self, table: Table, key: str) -> str | None:
        """The account of a row already in this batch, by its key."""
        row = self._tables[table.name].rows.get(key)
        return None if row is None else str(row["account_id"])

    def put(self, table: Table, row: Row) -> None:
        kept = self._tables[table.name]
        key = _key(table, row)
        kept.keep(key, row)
        kept.dirty.add(key)
        kept.gone.discard(key)

    def put_later(self, table: Table, key: str, account_id: str, make: Callable[[], Row]) -> None:
        """A row that each event of its account replaces whole, worked out by `make` only
        when it is read or written: of many puts in a row, only the last is built.
        `make` must give the row as of the put (an account's aggregate changes only
        with that account's events, and each of them puts the row again)."""
        kept = self._tables[table.name]
        kept.later[key] = make
        keys = kept.by_account.get(account_id)
        if keys is None:  # (not `setdefault`: it made a set on every call)
            kept.by_account[account_id] = {key}
        else:
            keys.add(key)
        kept.dirty.add(key)
        kept.gone.discard(key)

    def pending(self, table: Table, key: str) -> Callable[[], Row] | None:
        """The maker of a row put for later and not yet worked out, if there is one."""
        return self._tables[table.name].later.get(key)

    def touch(self, table: Table, row: Row) -> None:
        """A row changed in place."""
        self._tables[table.name].dirty.add(_key(table, row))

    def remove(self, table: Table, key: str) -> None:
        kept = self._tables[table.name]
        kept.later.pop(key, None)  # never worked out now
        kept.gone.add(key)
        kept.dirty.add(key)

    def flush(self) -> None:
        for table in self.tables:
            kept = self._tables[table.name]
            if not kept.dirty:
                continue
            (column,) = table.primary_key.columns
            keys = sorted(kept.dirty)
            for key in keys:
                kept.settle(key)
            for chunk in _chunks(keys):
                self.connection.execute(delete(table).where(column.in_(chunk)))
            fresh = [kept.rows[k] for k in keys if k not in kept.gone and k in kept.rows]
            if fresh:
                self.connection.execute(table.insert(), fresh)
