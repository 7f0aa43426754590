"""Which versions of an aggregate were decided by a business time, without decoding them.

A point-in-time replay (R18) needs the events whose business time (`act.occurred_at`)
is at or before the time asked about, in the order recorded. Business time runs forward
per account except for late entries (`Ledger.check_late_entry`), so those events are a
prefix of the history, versions 1..p, plus the few late entries recorded after p and
dated by then. The store keeps, beside each event and in the same transaction, one row
of its business time and the latest business time up to it (`latest`, which never goes
back): p is the last version whose `latest` is by then, one lookup in an index, and a
late entry is a row dated before its own `latest` (a partial index holds only those).

The same transaction also takes the snapshots (`Ledger.snapshotting_intervals`) from the
aggregates in memory, so a snapshot is never a second commit nor a re-read of the
history; a save that fails leaves neither its events, its rows nor its snapshot.

An aggregate whose first event was stored before this index existed has no row for
version 1: its replay decodes its history as before (`Decided` is None).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.persistence import AggregateRecorder, ApplicationRecorder, StoredEvent
from eventsourcing.popo import POPOApplicationRecorder

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def micros(moment: datetime) -> int:
    """A business time as whole microseconds since the epoch: exact, and ordered as an
    integer in every store (an ISO string's order depends on its offset)."""
    return (moment - _EPOCH) // _MICROSECOND


@dataclass(frozen=True)
class TimeRow:
    """One event's business time, stored beside the event."""

    originator_id: UUID
    version: int
    occurred_at: int  # micros()


@dataclass(frozen=True)
class Decided:
    """The versions decided by a business time: 1..prefix, then each of `late`."""

    prefix: int
    late: tuple[int, ...]


def time_rows(events: Iterable[Any]) -> list[TimeRow]:
    """A row for every event that carries a business time (an `act`), in order."""
    rows = []
    for domain_event in events:
        moment = getattr(getattr(domain_event, "act", None), "occurred_at", None)
        if isinstance(moment, datetime):
            rows.append(
                TimeRow(domain_event.originator_id, domain_event.originator_version, micros(moment))
            )
    return rows


class Timeline(Protocol):
    """What the ledger's recorder answers besides the library's questions."""

    snapshot_recorder: AggregateRecorder | None

    def decided_by(self, originator_id: UUID, moment: datetime) -> Decided | None:
        """The versions decided by `moment`; None if the index does not cover the history."""
        ...  # pragma: no cover


def timeline(recorder: ApplicationRecorder) -> Timeline | None:
    """The recorder as a `Timeline`, if it is one of ours."""
    return recorder if hasattr(recorder, "decided_by") else None  # type: ignore[return-value]


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
