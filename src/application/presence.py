"""Which of many aggregates the store holds, in one query (an import's batch).

The library reads one aggregate at a time; a batch of imported accounts asks for
thousands of index aggregates that are mostly not there yet, and each miss cost a
transaction of its own (14 per account, 70% of an import's time). Here the recorders
of `eventsourcing.sqlite` and `eventsourcing.postgres` are asked once per batch, on the
table and connection the library itself uses; any other recorder is asked one by one.
"""

from __future__ import annotations

from collections.abc import Collection
from uuid import UUID

from eventsourcing.persistence import AggregateRecorder
from eventsourcing.postgres import PostgresAggregateRecorder
from eventsourcing.sqlite import SQLiteAggregateRecorder

CHUNK = 500  # ids per statement: well under either database's limit of bound values


def stored(recorder: AggregateRecorder, ids: Collection[UUID]) -> set[UUID]:
    """The ids among `ids` that have at least one stored event."""
    wanted = list(dict.fromkeys(ids))
    found: set[UUID] = set()
    for start in range(0, len(wanted), CHUNK):
        found |= _stored(recorder, wanted[start : start + CHUNK])
    return found


def _stored(recorder: AggregateRecorder, ids: list[UUID]) -> set[UUID]:
    if isinstance(recorder, SQLiteAggregateRecorder):
        marks = ",".join("?" * len(ids))
        text = (
            f"SELECT DISTINCT originator_id FROM {recorder.events_table_name} "
            f"WHERE originator_id IN ({marks})"
        )
        with recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute(text, [i.hex for i in ids])  # as the library stores them
            return {UUID(str(row[0])) for row in cursor.fetchall()}
    if isinstance(recorder, PostgresAggregateRecorder):
        from psycopg.sql import SQL, Identifier

        query = SQL("SELECT DISTINCT originator_id FROM {}.{} WHERE originator_id = ANY(%s)")
        statement = query.format(
            Identifier(recorder.datastore.schema), Identifier(recorder.events_table_name)
        )
        with recorder.datastore.get_connection() as conn, conn.cursor() as cursor:
            cursor.execute(statement, [ids])
            return {UUID(str(row["originator_id"])) for row in cursor.fetchall()}
    return {i for i in ids if recorder.select_events(i, limit=1)}
