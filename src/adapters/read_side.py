"""The read models as the application's use cases ask for them (the sweep's `ReadSide`).

Built over any edge's `read(query)` and `keep_current()` (the CLI's `Call`, the HTTP
`Service`), so the sweep runs the same queries wherever it is started. `KeptReadModels`:
the read models of a long-lived process, kept current by one projection.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar
from uuid import UUID

from accountledger.projections import complaints, queries
from accountledger.projections.projector import LedgerProjection, ProjectionStalled
from accountledger.projections.view import ReadStore

Read = Callable[[Callable[[ReadStore], Any]], Any]
T = TypeVar("T")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReadModels:
    """Live accounts and late items, from the read models brought up to date."""

    read: Read
    keep_current: Callable[[], None]
    report_within: timedelta

    def live_accounts(self) -> Sequence[UUID]:
        return [UUID(a) for a in self.read(queries.live_accounts)]

    def overdue(self, moment: datetime) -> dict[str, int]:
        """Lateness that needs no event: counted at `moment`, listed by each `--overdue`."""

        def counts(view: ReadStore) -> dict[str, int]:
            late = {
                "reports": queries.disposals(
                    view, overdue_at=moment, report_within=self.report_within, overdue_only=True
                ),
                "appeals": queries.appeals(view, overdue_at=moment),
                "complaints": complaints.overdue(view, moment),
            }
            return {kind: len(rows) for kind, rows in late.items()}

        counted: dict[str, int] = self.read(counts)
        return counted


class KeptReadModels:
    """The read models of a long-lived process: one read store and one projection for
    the process's life, never an engine or a schema check per request (issue 16 point 6).

    The guarantee, for the HTTP service's threads: every `read` answers from read models
    that hold every event recorded before the read began, so a caller reads its own
    writes (and reads never go back). A write does not wait for the read models: it
    `nudge`s the follower thread (`start`), which brings them up to date in the
    background, many writes to a transaction when they come fast. One catch-up at a time
    in the process (the projection's cache of accounts is not shared between threads);
    between processes the read store's lock and tracking position decide.
    """

    def __init__(self, opened: Callable[[], LedgerProjection], interval: float = 1.0) -> None:
        self._open = opened
        self.interval = interval
        self._projection: LedgerProjection | None = None
        self._catching = threading.Lock()
        self._due = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._warned_at: int | None = None
        self.busy_wait = 2.0  # how long `lag` waits behind a catch-up (seconds)

    def _opened(self) -> LedgerProjection:
        """The projection, opened once (under `_catching`)."""
        if self._projection is None:
            self._projection = self._open()
        return self._projection

    def catch_up(self) -> int:
        """Bring the read models up to date; `ProjectionStalled` at an event they cannot take."""
        with self._catching:
            return self._opened().catch_up()

    def rebuild(self) -> int:
        with self._catching:
            return self._opened().rebuild()

    def lag(self) -> int:
        """Positions recorded that the read models have not taken yet (no catch-up first:
        what a probe or a scrape sees is how far behind they are). A catch-up or rebuild
        holding them longer than `busy_wait` seconds is `TimeoutError`: a probe answers
        rather than hang behind a rebuild."""
        wait = self.busy_wait
        if not self._catching.acquire(timeout=wait):
            raise TimeoutError(f"the read models were busy catching up for over {wait:g}s")
        try:
            return self._opened().lag()
        finally:
            self._catching.release()

    def read(self, query: Callable[[ReadStore], T]) -> T:
        """`query` on the read models brought up to date first; if they stopped at an event
        they cannot take, on the read models as they stood (logged once per event)."""
        with self._catching:
            projection = self._opened()
            self._quietly(projection)
            if projection.view.engine.url.database in (None, "", ":memory:"):
                # An in-memory read store is one connection: no query beside a catch-up.
                return query(projection.view)
        return query(projection.view)

    def _quietly(self, projection: LedgerProjection) -> None:
        try:
            projection.catch_up()
        except ProjectionStalled as stop:
            if stop.notification_id != self._warned_at:
                log.warning("%s; answering from the read models as they stood", stop)
                self._warned_at = stop.notification_id

    def nudge(self) -> None:
        """A write was recorded: the follower (if started) takes it soon."""
        self._due.set()

    def start(self) -> None:
        """Follow the writes on a daemon thread until `close`."""
        if self._thread is None:
            self._stopping.clear()
            self._thread = threading.Thread(target=self._follow, name="read-models", daemon=True)
            self._thread.start()

    def _follow(self) -> None:
        while not self._stopping.is_set():
            self._due.wait(self.interval)
            self._due.clear()
            if self._stopping.is_set():
                return
            try:
                with self._catching:
                    self._quietly(self._opened())
            except Exception:
                # The store may be away for a moment: the next write or read tries again.
                log.exception("the read models could not be brought up to date")

    def close(self) -> None:
        """Stop the follower (a catch-up under way commits or rolls back first) and close
        the read store."""
        self._stopping.set()
        self._due.set()
        if self._thread is not None:
            self._thread.join(timeout=60)
            self._thread = None
        with self._catching:
            if self._projection is not None:
                self._projection.view.close()
                self._projection = None
