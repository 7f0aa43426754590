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

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol
from uuid import UUID

if TYPE_CHECKING:
    from eventsourcing.persistence import AggregateRecorder, ApplicationRecorder

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def micros(moment: datetime) -> int:
    """A business time as whole microseconds since the epoch: exact, and ordered as an
    integer in every store (an ISO string's order depends on its offset)."""
    return (moment - _EPOCH) // _MICROSECOND


# Named tuples, not frozen dataclasses: made at import with one generated function, not
# six each, and every store's recorder imports this module (issue 16: a CLI read).


class TimeRow(NamedTuple):
    """One event's business time, stored beside the event."""

    originator_id: UUID
    version: int
    occurred_at: int  # micros()


class Decided(NamedTuple):
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


if TYPE_CHECKING:
    # Only for typing: a protocol class costs its making at import, and every store's
    # recorder imports this module (issue 16: a CLI read's start-up).

    class Timeline(Protocol):
        """What the ledger's recorder answers besides the library's questions."""

        snapshot_recorder: AggregateRecorder | None

        def decided_by(self, originator_id: UUID, moment: datetime) -> Decided | None:
            """The versions decided by `moment`; None if the index does not cover the
            history."""
            ...  # pragma: no cover


def timeline(recorder: ApplicationRecorder) -> Timeline | None:
    """The recorder as a `Timeline`, if it is one of ours."""
    return recorder if hasattr(recorder, "decided_by") else None  # type: ignore[return-value]
