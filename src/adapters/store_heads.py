"""Which of several aggregates a PostgreSQL store holds, in one round trip (issue 16).

The library looks an aggregate up with two statements, its latest snapshot and then its
events, and a registration asks after three that are mostly absent (the subject's index,
the name's index, the barred names): six round trips to learn that two do not exist.
`existing` asks after all of them at once; the ledger then knows the absent ones absent
for the rest of the attempt (`Ledger.look_ahead`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

Existing = Callable[[Sequence[UUID]], set[UUID]]


def existing(recorder: Any) -> Existing | None:
    """The lookup for `recorder`'s store, or None where a lookup costs no round trip."""
    # A PostgreSQL recorder's module is loaded; another store's call never loads it.
    postgres = sys.modules.get("eventsourcing.postgres")
    if postgres is None or not isinstance(recorder, postgres.PostgresAggregateRecorder):
        return None
    from psycopg.sql import SQL, Identifier

    # Every aggregate has its first event (version 1): one primary-key probe each.
    statement = SQL(
        "SELECT originator_id FROM {0}.{1} WHERE originator_id = ANY(%s) AND originator_version = 1"
    ).format(Identifier(recorder.datastore.schema), Identifier(recorder.events_table_name))

    def found(ids: Sequence[UUID]) -> set[UUID]:
        with recorder.datastore.get_connection() as conn, conn.cursor() as cursor:
            cursor.execute(statement, (list(ids),), prepare=True)
            return {UUID(str(row["originator_id"])) for row in cursor.fetchall()}

    return found
