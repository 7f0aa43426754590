"""Which of many aggregates the store holds, in one query.

The library reads one aggregate at a time, with two statements (its latest snapshot, then
its events). An import's batch asks after thousands of index aggregates that are mostly
not there yet (each miss cost a transaction of its own: 70% of an import's time), and a
registration on PostgreSQL asks after three, two of them usually absent (six round trips
to learn it). Here the recorders of `eventsourcing.sqlite` and `eventsourcing.postgres`
are asked once, on the table and connection the library itself uses; any other recorder
is asked one by one. Every aggregate has its first event (version 1): one primary-key
probe each.
"""

from __future__ import annotations

import sys
from collections.abc import Collection
from typing import Any
from uuid import UUID

from eventsourcing.persistence import AggregateRecorder

CHUNK = 500  # ids per statement: well under either database's limit of bound values


def stored(recorder: AggregateRecorder, ids: Collection[UUID]) -> set[UUID]:
    """The ids among `ids` that have at least one stored event."""
    wanted = list(dict.fromkeys(ids))
    found: set[UUID] = set()
    for start in range(0, len(wanted), CHUNK):
        found |= _stored(recorder, wanted[start : start + CHUNK])
    return found


def is_postgres(recorder: AggregateRecorder) -> bool:
    """Whether `recorder` is the library's PostgreSQL recorder, where every read is a
    round trip. Another store's call never loads the PostgreSQL module (start-up)."""
    postgres = sys.modules.get("eventsourcing.postgres")
    return postgres is not None and isinstance(recorder, postgres.PostgresAggregateRecorder)


def _stored(recorder: Any, ids: list[UUID]) -> set[UUID]:
    sqlite = sys.modules.get("eventsourcing.sqlite")
    if sqlite is not None and isinstance(recorder, sqlite.SQLiteAggregateRecorder):
        marks = ",".join("?" * len(ids))
        text = (
            f"SELECT originator_id FROM {recorder.events_table_name} "
            f"WHERE originator_id IN ({marks}) AND originator_version = 1"
        )
        with recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute(text, [i.hex for i in ids])  # as the library stores them
            return {UUID(str(row[0])) for row in cursor.fetchall()}
    if is_postgres(recorder):
        from psycopg.sql import SQL, Identifier

        query = SQL(
            "SELECT originator_id FROM {}.{} WHERE originator_id = ANY(%s)"
            " AND originator_version = 1"
        )
        statement = query.format(
            Identifier(recorder.datastore.schema), Identifier(recorder.events_table_name)
        )
        with recorder.datastore.get_connection() as conn, conn.cursor() as cursor:
            cursor.execute(statement, [ids], prepare=True)
            return {UUID(str(row["originator_id"])) for row in cursor.fetchall()}
    return {i for i in ids if recorder.select_events(i, limit=1)}
