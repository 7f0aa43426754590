"""The in-memory store's recorder: events, their business times and the snapshots due,
under one lock (`timeline.py` says why). Its own module, as the other stores' are, so
that a store on disk never imports the in-memory one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import AggregateRecorder, StoredEvent
from eventsourcing.popo import POPOApplicationRecorder

from accountledger.application.timeline import Decided, micros


class TimedPOPORecorder(POPOApplicationRecorder):
    """The in-memory store (tests, benchmarks) with the same index and snapshots."""

    def __init__(self) -> None:
        super().__init__()
        self.snapshot_recorder: AggregateRecorder | None = None
        self._times: dict[UUID, list[tuple[int, int]]] = {}

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        with self._database_lock:
            # Checked first: a conflicting save must leave no row and no snapshot.
            self._assert_uniqueness(stored_events, **kwargs)
            snapshots: Sequence[StoredEvent] = kwargs.get("snapshots", ())
            if snapshots and self.snapshot_recorder is not None:
                self.snapshot_recorder.insert_events(snapshots)
            ids = self._update_table(stored_events, **kwargs)
            for row in kwargs.get("times", ()):
                rows = self._times.setdefault(row.originator_id, [])
                before = rows[-1][1] if rows else row.occurred_at
                rows.append((row.occurred_at, max(before, row.occurred_at)))
        self._notify_listeners()
        return ids

    def decided_by(self, originator_id: UUID, moment: datetime) -> Decided | None:
        with self._database_lock:
            rows = list(self._times.get(originator_id, ()))
        limit = micros(moment)
        prefix = 0
        for _, latest in rows:
            if latest > limit:
                break
            prefix += 1
        late = tuple(
            version
            for version, (occurred_at, latest) in enumerate(rows, start=1)
            if version > prefix and occurred_at < latest and occurred_at <= limit
        )
        return Decided(prefix, late) if rows else None
