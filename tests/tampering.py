"""Direct SQL on a store's events table, as someone with database access would tamper.

The tests that use it prove that `verify` catches what the application never does.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from accountledger.adapters.bootstrap import sqlite_path


class Tamper:
    """Edit, delete, insert, swap and truncate rows of the events table."""

    def __init__(self, store: str, table: str) -> None:
        self.store = store
        self.table = table
        path = sqlite_path(store)
        self.sqlite = path
        self.position = "rowid" if path is not None else "notification_id"
        self.mark = "?" if path is not None else "%s"

    def _id(self, aggregate: UUID) -> str:
        # The SQLite recorder stores ids as 32 hex digits, PostgreSQL as its uuid type.
        return aggregate.hex if self.sqlite is not None else str(aggregate)

    @contextmanager
    def _cursor(self) -> Iterator[Any]:
        if self.sqlite is not None:
            connection: Any = sqlite3.connect(self.sqlite)
        else:
            import psycopg
            from sqlalchemy.engine import make_url

            url = make_url(self.store)
            connection = psycopg.connect(
                host=url.host, port=url.port, user=url.username, dbname=url.database
            )
        try:
            yield connection.cursor()
            connection.commit()
        finally:
            connection.close()

    def _sql(self, statement: str, *params: Any) -> list[Any]:
        with self._cursor() as cursor:
            cursor.execute(statement.replace("?", self.mark), params)
            return list(cursor.fetchall()) if cursor.description else []

    def rows(self, aggregate: UUID) -> list[tuple[int, int, str, bytes]]:
        """(position, version, topic, state) of one aggregate, in version order."""
        found = self._sql(
            f"SELECT {self.position}, originator_version, topic, state FROM {self.table} "
            "WHERE originator_id = ? ORDER BY originator_version",
            self._id(aggregate),
        )
        return [(p, v, t, bytes(s)) for p, v, t, s in found]

    def state(self, aggregate: UUID, version: int) -> bytes:
        return next(r[3] for r in self.rows(aggregate) if r[1] == version)

    def set_state(
        self, aggregate: UUID, version: int, state: bytes, topic: str | None = None
    ) -> None:
        topic = topic or next(r[2] for r in self.rows(aggregate) if r[1] == version)
        self._sql(
            f"UPDATE {self.table} SET state = ?, topic = ? "
            "WHERE originator_id = ? AND originator_version = ?",
            state,
            topic,
            self._id(aggregate),
            version,
        )

    def flip_byte(self, aggregate: UUID, version: int, at: int = -10) -> None:
        state = bytearray(self.state(aggregate, version))
        state[at] = ord("X") if state[at] != ord("X") else ord("Y")
        self.set_state(aggregate, version, bytes(state))

    def delete(self, aggregate: UUID, *versions: int) -> None:
        for version in versions:
            self._sql(
                f"DELETE FROM {self.table} WHERE originator_id = ? AND originator_version = ?",
                self._id(aggregate),
                version,
            )

    def delete_aggregate(self, aggregate: UUID) -> None:
        self._sql(f"DELETE FROM {self.table} WHERE originator_id = ?", self._id(aggregate))

    def insert(self, aggregate: UUID, version: int, topic: str, state: bytes) -> None:
        self._sql(
            f"INSERT INTO {self.table} (originator_id, originator_version, topic, state) "
            "VALUES (?, ?, ?, ?)",
            self._id(aggregate),
            version,
            topic,
            state,
        )

    def swap_states(self, aggregate: UUID, first: int, second: int) -> None:
        rows = {r[1]: r for r in self.rows(aggregate)}
        self.set_state(aggregate, first, rows[second][3], rows[second][2])
        self.set_state(aggregate, second, rows[first][3], rows[first][2])

    def swap_positions(self, aggregate: UUID, first: int, second: int) -> None:
        rows = {r[1]: r for r in self.rows(aggregate)}
        where = "WHERE originator_id = ? AND originator_version = ?"
        column = self.position
        for version, position in ((first, -1), (second, rows[first][0]), (first, rows[second][0])):
            self._sql(
                f"UPDATE {self.table} SET {column} = ? {where}",
                position,
                self._id(aggregate),
                version,
            )

    def shift_versions(self, aggregate: UUID, from_version: int, by: int) -> None:
        """Renumber versions from `from_version` on, highest first (the key stays unique)."""
        versions = [r[1] for r in self.rows(aggregate) if r[1] >= from_version]
        for version in sorted(versions, reverse=by > 0):
            self._sql(
                f"UPDATE {self.table} SET originator_version = ? "
                "WHERE originator_id = ? AND originator_version = ?",
                version + by,
                self._id(aggregate),
                version,
            )

    def update_row(self, table: str, key_column: str, key: str, **values: Any) -> None:
        """Change columns of one read-model row, as a console session on the database would."""
        columns = ", ".join(f"{column} = ?" for column in values)
        self._sql(f"UPDATE {table} SET {columns} WHERE {key_column} = ?", *values.values(), key)

    def delete_row(self, table: str, key_column: str, key: str) -> None:
        self._sql(f"DELETE FROM {table} WHERE {key_column} = ?", key)
