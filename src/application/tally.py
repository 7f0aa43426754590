"""How many events of each kind the store holds, counted from the store itself.

Operations want to see commands counted (issue 17): an in-process counter starts at zero
in every fresh process, but what the ledger has recorded is in the event store. `Tally`
counts every stored event by kind (`Account.Warned`, `Appeal.Filed`, ...) once, then on
each `update` only the events recorded since, up to the store's newest position, so a
scrape of a long history reads it only the first time. The recorders of
`eventsourcing.sqlite` and `eventsourcing.postgres` are asked with one grouped query on
the table the library uses; any other recorder (in memory) is read page by page.
"""

from __future__ import annotations

import sys
import threading
from collections import Counter
from typing import Any

from eventsourcing.persistence import ApplicationRecorder

from accountledger.application.presence import is_postgres

PAGE = 1_000  # notifications read at a time where no grouped query is possible


def kind(topic: str) -> str:
    """An event's kind from its topic: `module:Account.Warned` gives `Account.Warned`."""
    return topic.rpartition(":")[2]


class Tally:
    """Stored events counted by kind, brought forward from the last position counted."""

    def __init__(self, recorder: ApplicationRecorder) -> None:
        self.recorder = recorder
        self.position = 0
        self._counts: Counter[str] = Counter()
        self._lock = threading.Lock()  # a scrape and a probe may come together

    def update(self) -> dict[str, int]:
        """Every stored event counted by kind, including those recorded since last time."""
        with self._lock:
            newest = self.recorder.max_notification_id() or 0
            if newest > self.position:
                for topic, count in _grouped(self.recorder, self.position, newest).items():
                    self._counts[kind(topic)] += count
                self.position = newest
            return dict(self._counts)


def _grouped(recorder: Any, after: int, up_to: int) -> Counter[str]:
    """Events with positions in (after, up_to], counted by topic."""
    sqlite = sys.modules.get("eventsourcing.sqlite")
    if sqlite is not None and isinstance(recorder, sqlite.SQLiteApplicationRecorder):
        # The library's application table keys its notifications by rowid.
        text = (
            f"SELECT topic, COUNT(*) FROM {recorder.events_table_name} "
            "WHERE rowid > ? AND rowid <= ? GROUP BY topic"
        )
        with recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute(text, (after, up_to))
            return Counter({str(row[0]): int(row[1]) for row in cursor.fetchall()})
    if is_postgres(recorder):
        from psycopg.sql import SQL, Identifier

        query = SQL(
            "SELECT topic, COUNT(*) AS n FROM {}.{} "
            "WHERE notification_id > %s AND notification_id <= %s GROUP BY topic"
        ).format(Identifier(recorder.datastore.schema), Identifier(recorder.events_table_name))
        with recorder.datastore.get_connection() as conn, conn.cursor() as cursor:
            cursor.execute(query, (after, up_to))
            return Counter({str(row["topic"]): int(row["n"]) for row in cursor.fetchall()})
    return _paged(recorder, after, up_to)


def _paged(recorder: ApplicationRecorder, after: int, up_to: int) -> Counter[str]:
    counts: Counter[str] = Counter()
    start = after + 1
    while start <= up_to:
        page = recorder.select_notifications(start=start, limit=PAGE, stop=up_to)
        if not page:
            break
        counts.update(n.topic for n in page)
        start = page[-1].id + 1
    return counts
