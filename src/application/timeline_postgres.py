"""The PostgreSQL store's recorder: events, their business times and the snapshots due,
in one transaction, pipelined with the events' insert (`timeline.py` says why)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import AggregateRecorder, StoredEvent
from eventsourcing.postgres import (
    PostgresAggregateRecorder,
    PostgresApplicationRecorder,
    PostgresDatastore,
)
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

from accountledger.application.timeline import Decided, TimeRow, micros


class TimedPostgresRecorder(PostgresApplicationRecorder):
    def __init__(
        self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"
    ) -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        self.snapshot_recorder: AggregateRecorder | None = None
        times = events_table_name.removesuffix("_events") + "_business_times"
        self.check_identifier_length(times + "_latest")
        names = {
            "schema": Identifier(datastore.schema),
            "t": Identifier(times),
            "latest": Identifier(times + "_latest"),
            "late": Identifier(times + "_late"),
        }
        self.sql_create_statements += [
            SQL(
                "CREATE TABLE IF NOT EXISTS {schema}.{t} (originator_id uuid NOT NULL, "
                "originator_version bigint NOT NULL, occurred_at bigint NOT NULL, "
                "latest bigint NOT NULL, PRIMARY KEY (originator_id, originator_version))"
            ).format(**names),
            SQL(
                "CREATE INDEX IF NOT EXISTS {latest} ON {schema}.{t} "
                "(originator_id, latest, originator_version)"
            ).format(**names),
            # Only late entries: a row dated before the latest time up to it.
            SQL(
                "CREATE INDEX IF NOT EXISTS {late} ON {schema}.{t} "
                "(originator_id, occurred_at) WHERE occurred_at < latest"
            ).format(**names),
        ]
        # `latest` is the row's own time or the previous row's `latest`, whichever is
        # later (GREATEST ignores a missing one): no read before the insert, no round trip.
        self.insert_time_statement = SQL(
            "INSERT INTO {schema}.{t} SELECT %s, %s, %s, GREATEST(%s, (SELECT latest FROM "
            "{schema}.{t} WHERE originator_id=%s AND originator_version=%s))"
        ).format(**names)
        self.select_prefix_statement = SQL(
            "SELECT (SELECT 1 FROM {schema}.{t} WHERE originator_id=%s AND "
            "originator_version=1) AS covered, (SELECT originator_version FROM {schema}.{t} "
            "WHERE originator_id=%s AND latest<=%s ORDER BY latest DESC, "
            "originator_version DESC LIMIT 1) AS prefix"
        ).format(**names)
        self.select_late_statement = SQL(
            "SELECT originator_version FROM {schema}.{t} WHERE originator_id=%s "
            "AND occurred_at < latest AND occurred_at<=%s AND originator_version>%s "
            "ORDER BY originator_version"
        ).format(**names)

    def _insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        # Runs in the events' transaction, before their insert: a lost race on the events
        # rolls these back with them.
        super()._insert_events(curs, stored_events, **kwargs)
        times: Sequence[TimeRow] = kwargs.get("times", ())
        if times:
            curs.executemany(
                self.insert_time_statement,
                [
                    (
                        r.originator_id,
                        r.version,
                        r.occurred_at,
                        r.occurred_at,
                        r.originator_id,
                        r.version - 1,
                    )
                    for r in times
                ],
            )
        snapshots: Sequence[StoredEvent] = kwargs.get("snapshots", ())
        if snapshots:
            assert isinstance(self.snapshot_recorder, PostgresAggregateRecorder)
            self.snapshot_recorder._insert_stored_events(curs, snapshots)

    def decided_by(self, originator_id: UUID, moment: datetime) -> Decided | None:
        limit = micros(moment)
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(self.select_prefix_statement, (originator_id, originator_id, limit))
            found = curs.fetchone()
            if found is None or not found["covered"]:
                return None
            prefix = found["prefix"] or 0
            curs.execute(self.select_late_statement, (originator_id, limit, prefix))
            late = tuple(row["originator_version"] for row in curs.fetchall())
        return Decided(prefix, late)
