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
        self.check_identifier_length(times + "_late")
        names = {
            "schema": Identifier(datastore.schema),
            "t": Identifier(times),
            "late": Identifier(times + "_late"),
        }
        # Keyed by `latest`, which never goes back within an aggregate: the last version
        # decided by a time is one step down the key; (id, version) is unique in the
        # events' table, in the same transaction.
        self.sql_create_statements += [
            SQL(
                "CREATE TABLE IF NOT EXISTS {schema}.{t} (originator_id uuid NOT NULL, "
                "latest bigint NOT NULL, originator_version bigint NOT NULL, "
                "occurred_at bigint NOT NULL, "
                "PRIMARY KEY (originator_id, latest, originator_version))"
            ).format(**names),
            # Only late entries: a row dated before the latest time up to it.
            SQL(
                "CREATE INDEX IF NOT EXISTS {late} ON {schema}.{t} "
                "(originator_id, occurred_at) WHERE occurred_at < latest"
            ).format(**names),
        ]
        # `latest` is the row's own time or the aggregate's latest so far, whichever is
        # later: `running` carries the save's own rows of the aggregate (Python), the
        # subquery the rows before the save (GREATEST ignores none). One statement,
        # pipelined with the events: no read before the insert, no round trip.
        self.insert_times_statement = SQL(
            "INSERT INTO {schema}.{t} SELECT n.id, GREATEST(n.running, (SELECT "
            "max(p.latest) FROM {schema}.{t} p WHERE p.originator_id = n.id)), n.version, "
            "n.occurred_at FROM unnest(%s::uuid[], %s::bigint[], %s::bigint[], %s::bigint[]) "
            "AS n(id, version, occurred_at, running)"
        ).format(**names)
        self.select_prefix_statement = SQL(
            "SELECT (SELECT originator_version FROM {schema}.{t} WHERE originator_id=%s "
            "ORDER BY latest, originator_version LIMIT 1) AS first, "
            "(SELECT originator_version FROM {schema}.{t} "
            "WHERE originator_id=%s AND latest<=%s ORDER BY latest DESC, "
            "originator_version DESC LIMIT 1) AS prefix"
        ).format(**names)
        self.select_late_statement = SQL(
            "SELECT originator_version FROM {schema}.{t} WHERE originator_id=%s "
            "AND occurred_at < latest AND occurred_at<=%s AND originator_version>%s "
            "ORDER BY originator_version"
        ).format(**names)

    def _insert_stored_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        # After the events' insert, in their pipeline and transaction: a lost race fails
        # there first, as it does without these rows, and rolls these back with it. On a
        # cursor of their own: the events' cursor holds the notification ids to fetch.
        super()._insert_stored_events(curs, stored_events, **kwargs)
        with curs.connection.cursor() as derived:
            self._insert_derived(derived, kwargs)

    def _insert_derived(self, curs: Cursor[DictRow], kwargs: dict[str, Any]) -> None:
        # Never prepared: a statement prepared in a pipeline that a lost race aborts is
        # left unknown to the server but known to psycopg ("prepared statement does not
        # exist" on the connection's next use).
        times: Sequence[TimeRow] = kwargs.get("times", ())
        if times:
            curs.execute(self.insert_times_statement, _columns(times), prepare=False)
        snapshots: Sequence[StoredEvent] = kwargs.get("snapshots", ())
        if snapshots:
            recorder = self.snapshot_recorder
            assert isinstance(recorder, PostgresAggregateRecorder)
            rows = [
                recorder.construct_pg_stored_event(
                    s.originator_id, s.originator_version, s.topic, s.state
                )
                for s in snapshots
            ]
            curs.execute(recorder.insert_events_statement, (rows,), prepare=False)

    def decided_by(self, originator_id: UUID, moment: datetime) -> Decided | None:
        limit = micros(moment)
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(self.select_prefix_statement, (originator_id, originator_id, limit))
            found = curs.fetchone()
            if found is None or found["first"] != 1:  # begun before the index
                return None
            prefix = found["prefix"] or 0
            curs.execute(self.select_late_statement, (originator_id, limit, prefix))
            late = tuple(row["originator_version"] for row in curs.fetchall())
        return Decided(prefix, late)


def _columns(rows: Sequence[TimeRow]) -> tuple[list[Any], ...]:
    """The rows as the insert's arrays: id, version, time, and the latest time of the
    save's rows of the aggregate up to this one."""
    running: dict[UUID, int] = {}
    columns: tuple[list[Any], ...] = ([], [], [], [])
    for row in rows:
        latest = max(running.get(row.originator_id, row.occurred_at), row.occurred_at)
        running[row.originator_id] = latest
        values = (row.originator_id, row.version, row.occurred_at, latest)
        for column, value in zip(columns, values, strict=True):
            column.append(value)
    return columns
