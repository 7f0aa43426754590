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
        # `latest` is the row's own time or the previous row's `latest`, whichever is
        # later: computed in the insert, from the row the same transaction can read.
        self.insert_time_statement = (
            f"INSERT INTO {t} VALUES (?, ?, ?, max(?, coalesce((SELECT latest FROM {t} "
            "WHERE originator_id=? AND originator_version=?), ?)))"
        )
        self.select_prefix_statement = (
            f"SELECT (SELECT 1 FROM {t} WHERE originator_id=? AND originator_version=1), "
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
        return [
            *super().construct_create_table_statements(),
            f"CREATE TABLE IF NOT EXISTS {t} (originator_id TEXT, originator_version INTEGER, "
            "occurred_at INTEGER, latest INTEGER, "
            "PRIMARY KEY (originator_id, originator_version)) WITHOUT ROWID",
            f"CREATE INDEX IF NOT EXISTS {t}_latest ON {t} "
            "(originator_id, latest, originator_version)",
            # Only late entries: a row dated before the latest time up to it.
            f"CREATE INDEX IF NOT EXISTS {t}_late ON {t} (originator_id, occurred_at) "
            "WHERE occurred_at < latest",
        ]

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        # The events first: a lost race raises here and the transaction leaves nothing.
        ids = super()._insert_events(c, stored_events, **kwargs)
        times: Sequence[TimeRow] = kwargs.get("times", ())
        if times:
            c.executemany(
                self.insert_time_statement,
                [
                    (
                        r.originator_id.hex,
                        r.version,
                        r.occurred_at,
                        r.occurred_at,
                        r.originator_id.hex,
                        r.version - 1,
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
        ident, limit = originator_id.hex, micros(moment)
        with self.datastore.transaction(commit=False) as c:
            c.execute(self.select_prefix_statement, (ident, ident, limit))
            covered, prefix = c.fetchone()
            if not covered:
                return None
            prefix = prefix or 0
            c.execute(self.select_late_statement, (ident, limit, prefix))
            late = tuple(row[0] for row in c.fetchall())
        return Decided(prefix, late)
