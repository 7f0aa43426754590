"""The read side's database: read-model rows and the tracking records, one transaction.

`ReadStore` is an eventsourcing `TrackingRecorder`: a batch of read-model changes and
the tracking record of its last event commit together or not at all, so a
projection killed at any point resumes after the last committed batch, exactly once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from eventsourcing.persistence import Tracking, TrackingRecorder
from sqlalchemy import Connection, create_engine, event, func, inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool

from accountledger.projections.schema import READ_MODELS, metadata, tracking


def _immediate(engine: Engine) -> None:
    # SQLite takes its write lock only at the first write; a projection batch must
    # hold it from its first read of the tracking position (SQLAlchemy's recipe).
    @event.listens_for(engine, "connect")
    def _no_implicit_begin(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin_immediate(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


_LOCK = 0x616C6564  # "aled": the read models' advisory lock


class ReadStore(TrackingRecorder):
    """Read models and tracking in one SQLAlchemy database."""

    def __init__(self, url: str) -> None:
        memory = url.endswith("://")
        # In memory, the database is its one connection: shared by every thread (the
        # service's kept read models, issue 16), never one empty database per thread.
        shared = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
        self.engine = create_engine(url, **shared) if memory else create_engine(url)
        self.writer = self.engine if memory else create_engine(url)
        if self.writer.dialect.name == "sqlite" and self.writer is not self.engine:
            _immediate(self.writer)
        self._create()
        self._connection: Connection | None = None
        if self._outdated():
            self.drop()  # read models are derived: the next catch-up rebuilds them

    def _create(self) -> None:
        """The read models' tables where missing, under the writers' lock: two processes
        opening a fresh store at once (`serve` and a CLI read) would otherwise both find a
        table missing and the second fail to create it."""
        with self.writer.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK})
            metadata.create_all(connection)

    def _outdated(self) -> bool:
        """Whether a read model was made by an earlier version with fewer columns."""
        found = inspect(self.engine)
        return any(
            {c.name for c in table.columns} - {c["name"] for c in found.get_columns(table.name)}
            for table in READ_MODELS
        )

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One batch: rows and its tracking record commit together."""
        with self.writer.begin() as connection:
            if connection.dialect.name == "postgresql":
                # One batch at a time across processes, as BEGIN IMMEDIATE does on SQLite.
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK})
            self._connection = connection
            try:
                yield connection
            finally:
                self._connection = None

    def insert_tracking(self, tracking_record: Tracking) -> None:
        statement = tracking.insert().values(
            application_name=tracking_record.application_name,
            notification_id=tracking_record.notification_id,
        )
        if self._connection is not None:
            self._connection.execute(statement)
        else:
            with self.writer.begin() as connection:
                connection.execute(statement)

    def max_tracking_id(self, application_name: str) -> int | None:
        query = select(func.max(tracking.c.notification_id)).where(
            tracking.c.application_name == application_name
        )
        if self._connection is not None:
            return self._connection.execute(query).scalar()
        with self.engine.connect() as connection:
            return connection.execute(query).scalar()

    def drop(self, connection: Connection | None = None) -> None:
        """Drop every read model and the tracking records: the next catch-up rebuilds.
        Within `connection`'s transaction if given (a rebuild), so a failure later in it
        restores them (SQLite and PostgreSQL both roll back DDL)."""
        if connection is None:
            with self.writer.begin() as own:
                self.drop(own)
            return
        metadata.drop_all(connection, tables=[*READ_MODELS, tracking])
        metadata.create_all(connection, tables=[*READ_MODELS, tracking])

    def rows(self, table_name: str) -> list[dict[str, Any]]:
        table = metadata.tables[table_name]
        with self.engine.connect() as connection:
            ordered = select(table).order_by(*table.primary_key.columns)
            return [dict(row._mapping) for row in connection.execute(ordered)]

    def close(self) -> None:
        self.engine.dispose()
        self.writer.dispose()
