"""The embedded store's recorder: events, their business times and the snapshots due,
in one SQLite transaction (`timeline.py` says why)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import AggregateRecorder, StoredEvent
from eventsourcing.sqlite import (
    SQLiteAggregateRecorder,
    SQLiteApplicationRecorder,
    SQLiteCursor,
    SQLiteDatastore,
)

from accountledger.application.timeline import Decided, TimeRow, micros


class TimedSQLiteRecorder(SQLiteApplicationRecorder):
    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = "stored_events"):
        self.times_table = events_table_name.removesuffix("_events") + "_business_times"
        super().__init__(datastore, events_table_name)
        self.snapshot_recorder: AggregateRecorder | None = None
        t = self.times_table
        # `latest` is the row's own time or the aggregate's latest so far, whichever is
        # later: computed in the insert, from the rows the same transaction can read
        # (the greatest `latest` is the last row's, found at the end of the key).
        self.insert_time_statement = (
            f"INSERT INTO {t} VALUES (?, max(?, coalesce((SELECT max(latest) FROM {t} "
            "WHERE originator_id=?), ?)), ?, ?)"
        )
        self.select_prefix_statement = (
            f"SELECT (SELECT originator_version FROM {t} WHERE originator_id=? "
            "ORDER BY latest, originator_version LIMIT 1), "
            f"(SELECT originator_version FROM {t} WHERE originator_id=? AND latest<=? "
            "ORDER BY latest DESC, originator_version DESC LIMIT 1)"
        )
        self.select_late_statement = (
            f"SELECT originator_version FROM {t} WHERE originator_id=? "
            "AND occurred_at < latest AND occurred_at<=? AND originator_version>? "
            "ORDER BY originator_version"
        )

    def construct_create_table_statements(self) -> list[str]:
        t = self.times_table
        # Keyed by `latest`, which never goes back within an aggregate: the last version
        # decided by a time is one step down the key. The id as its 16 bytes: a row is
        # about 50 bytes. (id, version) is unique in the events' table, in the same
        # transaction.
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {t} (originator_id BLOB, latest INTEGER, "
            "originator_version INTEGER, occurred_at INTEGER, "
            "PRIMARY KEY (originator_id, latest, originator_version)) WITHOUT ROWID",
            # Only late entries: a row dated before the latest time up to it.
            f"CREATE INDEX IF NOT EXISTS {t}_late ON {t} (originator_id, occurred_at) "
            "WHERE occurred_at < latest",
        ]

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        # The events first: a lost race raises here and the transaction leaves nothing.
        if kwargs.get("numbered", True):
            ids = super()._insert_events(c, stored_events, **kwargs)
        else:
            # A bulk save that needs no notification ids (an import's batch): one
            # `executemany` instead of a statement per event to read each `lastrowid`.
            ids = SQLiteAggregateRecorder._insert_events(self, c, stored_events)
        times: Sequence[TimeRow] = kwargs.get("times", ())
        if times:
            c.executemany(
                self.insert_time_statement,
                [
                    (
                        r.originator_id.bytes,
                        r.occurred_at,
                        r.originator_id.bytes,
                        r.occurred_at,
                        r.version,
                        r.occurred_at,
                    )
                    for r in times
                ],
            )
        snapshots: Sequence[StoredEvent] = kwargs.get("snapshots", ())
        if snapshots:
            assert isinstance(self.snapshot_recorder, SQLiteAggregateRecorder)
            self.snapshot_recorder._insert_events(c, snapshots)
        return ids

    def decided_by(self, originator_id: UUID, moment: datetime) -> Decided | None:
        ident, limit = originator_id.bytes, micros(moment)
        with self.datastore.transaction(commit=False) as c:
            c.execute(self.select_prefix_statement, (ident, ident, limit))
            first, prefix = c.fetchone()
            if first != 1:  # begun before the index
                return None
            prefix = prefix or 0
            c.execute(self.select_late_statement, (ident, limit, prefix))
            late = tuple(row[0] for row in c.fetchall())
        return Decided(prefix, late)
