"""Checkpoints and the verification of a whole store against its seals (R16).

`seal_checkpoint` records the heads that changed since the last checkpoint and the
Merkle root over every head. `verify` walks the store's log once, in order, and
reports per aggregate the first break: an edited event, a deleted one, a reordered
one, an inserted one, a truncated history, or a checkpoint that no longer matches.
Both read stored events as bytes, never through the domain, so an event the code can
no longer decode is still verified.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from eventsourcing.persistence import ApplicationRecorder, Notification

from accountledger.application.chain import (
    GENESIS,
    BrokenSeal,
    Heads,
    Seal,
    canonical_id,
    event_hash,
    merkle_root,
    unwrap,
)
from accountledger.application.ledger import Attempt, Ledger
from accountledger.application.published import Published, find_published
from accountledger.domain.act import Act, Role
from accountledger.domain.checkpoints import Checkpoints

PAGE = 5_000
CHECKPOINTS = str(Checkpoints.ID)
Progress = Callable[[int], None]


def log(recorder: ApplicationRecorder, after: int = 0, page: int = PAGE) -> Iterator[Notification]:
    """Every stored event after a position, in the order of the store's log."""
    start = after + 1
    while True:
        batch = recorder.select_notifications(start=start, limit=page)
        yield from batch
        if len(batch) < page:
            return
        start = batch[-1].id + 1


def head_hash(state: bytes) -> str:
    try:
        return unwrap(state).hash
    except BrokenSeal:
        return GENESIS


# ------------------------------------------------------------------- checkpoints


@dataclass(frozen=True)
class Sealed:
    number: int
    position: int
    root: str
    aggregates: int
    events: int
    hash: str


def latest_checkpoint(ledger: Ledger) -> Sealed | None:
    stored = ledger.recorder.select_events(Checkpoints.ID, desc=True, limit=1)
    if not stored or stored[0].originator_version == 1:
        return None
    body = json.loads(unwrap(stored[0].state).inner)
    return Sealed(
        number=body["number"],
        position=body["position"],
        root=body["root"],
        aggregates=body["aggregates"],
        events=body["events"],
        hash=head_hash(stored[0].state),
    )


def _news_since(ledger: Ledger, position: int) -> bool:
    """Whether anything but checkpoints was recorded after `position`."""
    return any(
        canonical_id(n.originator_id) != CHECKPOINTS for n in log(ledger.recorder, after=position)
    )


def seal_checkpoint(ledger: Ledger, act: Act) -> Sealed | None:
    """Seal everything recorded since the last checkpoint; None when nothing was."""
    latest = latest_checkpoint(ledger)
    if latest is not None and not _news_since(ledger, latest.position):
        return None  # without loading every head: the usual case for a periodic job

    def attempt() -> Attempt[bool]:
        checkpoints = ledger.find(Checkpoints.ID, fresh=True) or Checkpoints()
        changed: dict[str, list[Any]] = {}
        position, events = checkpoints.position, checkpoints.events
        for notification in log(ledger.recorder, after=checkpoints.position):
            ident = canonical_id(notification.originator_id)
            if ident != CHECKPOINTS:
                position = notification.id
                changed[ident] = [notification.originator_version, head_hash(notification.state)]
                events += 1
        if not changed:
            return False, []
        heads: Heads = {k: (v[0], v[1]) for k, v in (checkpoints.heads | changed).items()}
        checkpoints.seal(position, changed, merkle_root(heads), events, act)
        return True, [checkpoints]

    return latest_checkpoint(ledger) if ledger.run_atomically(attempt) else None


CHECKPOINT_ACTOR = "system:checkpoint"


def checkpoint(ledger: Ledger, at: datetime, reason: str) -> dict[str, Any]:
    """Seal now as the checkpoint job; what it sealed, or the latest one if nothing was new."""
    sealed = seal_checkpoint(ledger, Act(CHECKPOINT_ACTOR, Role.SYSTEM, at, reason=reason))
    latest = sealed or latest_checkpoint(ledger)
    return {"sealed": sealed is not None, "checkpoint": None if latest is None else vars(latest)}


# ------------------------------------------------------------------ verification


@dataclass(frozen=True)
class Finding:
    """The first break found in one aggregate's history (or in a checkpoint)."""

    aggregate_id: str
    kind: str
    version: int | None
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "aggregate_id": self.aggregate_id,
            "kind": self.kind,
            "version": self.version,
            "detail": self.detail,
        }


@dataclass(frozen=True, slots=True)
class Row:
    """One stored event as the walk sees it, its envelope parsed once."""

    position: int
    version: int
    topic: str
    seal: Seal | None
    error: str = ""

    @classmethod
    def of(cls, notification: Notification) -> Row:
        try:
            seal: Seal | None = unwrap(notification.state)
            error = ""
        except BrokenSeal as broken:
            seal, error = None, str(broken)
        return cls(
            notification.id, notification.originator_version, notification.topic, seal, error
        )

    @property
    def hash(self) -> str:
        return GENESIS if self.seal is None else self.seal.hash


@dataclass(slots=True)
class Stream:
    """One aggregate's history as the walk meets it, checked link by link.

    Slotted, with its containers made only when a history is out of order or broken:
    a walk holds one per aggregate, and most never need them.
    """

    aggregate_id: str
    version: int = 0
    head: str = GENESIS
    position: int = 0
    last_version: int = 0
    last_hash: str = GENESIS
    pending: dict[int, Row] | None = None
    finding: Finding | None = None
    suspect: int | None = None  # a stored version whose sealed event may show up later
    later_seals: set[int] | None = None

    def feed(self, row: Row) -> None:
        if row.version > self.last_version:
            self.last_version, self.last_hash = row.version, row.hash
        if self.finding is not None:
            if self.later_seals is None:
                self.later_seals = set()
            self.later_seals.add(self._sealed_as(row) or 0)
            return
        if row.version > self.version + 1:
            if self.pending is None:
                self.pending = {}
            self.pending[row.version] = row
            return
        self._accept(row)
        while self.finding is None and self.pending and self.version + 1 in self.pending:
            self._accept(self.pending.pop(self.version + 1))

    def finish(self) -> Finding | None:
        if self.finding is None and self.pending:
            missing = self.version + 1
            self._break("deleted", missing, f"version {missing} is missing from the history")
        if self.finding is not None and self.suspect in (self.later_seals or ()):
            version = self.suspect
            self.finding = Finding(
                self.aggregate_id,
                "reordered",
                version,
                f"version {version} holds another version's event, and its own event is "
                "stored elsewhere in the history",
            )
        return self.finding

    def _break(self, kind: str, version: int, detail: str) -> None:
        self.finding = Finding(self.aggregate_id, kind, version, detail)

    def _accept(self, row: Row) -> None:
        seal = row.seal
        if seal is None:
            self._break("edited", row.version, f"version {row.version}: {row.error}")
            return
        own = event_hash(self.aggregate_id, row.version, row.topic, seal.prev, seal.inner)
        if own != seal.hash:
            self._misplaced(row)
        elif seal.prev != self.head:
            self._break(
                "inserted",
                row.version,
                f"version {row.version} is not chained to version {self.version}: an event "
                "was put into the history",
            )
        elif row.position < self.position:
            self._break(
                "reordered",
                row.version,
                f"version {row.version} stands before version {self.version} in the log",
            )
        else:
            self.version, self.head, self.position = row.version, seal.hash, row.position

    def _misplaced(self, row: Row) -> None:
        """The seal does not match this place: an edit, or an event moved from elsewhere."""
        sealed_as = self._sealed_as(row)
        version = row.version
        if sealed_as is None:
            detail = f"version {version} does not match its seal: its content was changed"
            self._break("edited", version, detail)
        elif sealed_as < version:
            detail = f"version {version} repeats the event sealed as version {sealed_as}"
            self._break("inserted", version, detail)
        else:
            # Sealed as a later version: the event before it was removed, unless this
            # version's own event turns up further on (then two were swapped).
            detail = f"version {version} holds the event sealed as version {sealed_as}: "
            self._break("deleted", version, detail + "an event before it was removed")
            self.suspect = version

    def _sealed_as(self, row: Row) -> int | None:
        seal = row.seal
        if seal is None:
            return None
        for version in range(1, row.version + 1_000):
            if event_hash(self.aggregate_id, version, row.topic, seal.prev, seal.inner) == (
                seal.hash
            ):
                return version
        return None


@dataclass(frozen=True)
class Checkpoint:
    number: int
    position: int
    root: str
    events: int
    heads: dict[str, list[Any]]


# At most this many gaps are listed (all are counted): a deletion of many rows in a row
# is one gap, and more than this is a store to look at by hand anyway.
MAX_GAPS = 100


@dataclass
class Verification:
    """What `verify` found: counts, the checkpoints checked and every break.

    `holds` says no break was found. It does not say the newest events are protected:
    those after the latest checkpoint (`unsealed`) could have lost their tail unseen,
    and positions missing from the log after it (`gaps`) are deletions, or on
    PostgreSQL numbers taken by a write that was rolled back (a lost race): the store
    cannot tell which. `holds_strictly` asks for neither.
    """

    events: int = 0
    aggregates: int = 0
    checkpoints: int = 0
    latest: Sealed | None = None
    findings: list[Finding] = field(default_factory=list)
    unsealed: int = 0
    missing: int = 0
    gaps: list[tuple[int, int]] = field(default_factory=list)
    expected: Published | None = None

    @property
    def holds(self) -> bool:
        return not self.findings

    @property
    def holds_strictly(self) -> bool:
        return self.holds and self.unsealed == 0 and self.missing == 0

    def as_dict(self) -> dict[str, Any]:
        latest = self.latest
        return {
            "holds": self.holds,
            "events": self.events,
            "aggregates": self.aggregates,
            "checkpoints": self.checkpoints,
            "latest_checkpoint": None if latest is None else vars(latest),
            "unsealed_events": self.unsealed,
            "findings": [f.as_dict() for f in self.findings],
            "holds_strictly": self.holds_strictly,
            "missing_positions": self.missing,
            "gaps": [list(gap) for gap in self.gaps],
        } | ({} if self.expected is None else {"expected_checkpoint": self.expected.as_dict()})


def _checkpoints(recorder: ApplicationRecorder) -> list[Checkpoint]:
    found = []
    for stored in recorder.select_events(Checkpoints.ID):
        if not stored.topic.endswith("CheckpointSealed"):
            continue
        try:
            body = json.loads(unwrap(stored.state).inner)
            found.append(
                Checkpoint(
                    body["number"], body["position"], body["root"], body["events"], body["heads"]
                )
            )
        except (BrokenSeal, ValueError, KeyError, TypeError):
            continue  # the walk reports the broken checkpoint event itself
    return sorted(found, key=lambda c: c.position)


class Walk:
    """One pass over the log, checking each checkpoint when the walk passes its position."""

    def __init__(self, recorder: ApplicationRecorder) -> None:
        self.recorder = recorder
        self.streams: dict[str, Stream] = {}
        self.touched: set[str] = set()
        self.result = Verification()
        self.sealed_up_to = 0
        self.checkpoint_findings: dict[str, Finding] = {}
        self.ids: dict[object, str] = {}

    def run(self, progress: Progress | None = None) -> Verification:
        pending = _checkpoints(self.recorder)
        self.sealed_up_to = pending[-1].position if pending else 0
        previous = 0
        # The walk keeps one small object per aggregate alive to the end; the cyclic
        # collector would rescan them all, again and again, for nothing (a quarter
        # of the time on a million events).
        collecting = gc.isenabled()
        gc.disable()
        try:
            for notification in log(self.recorder):
                while pending and notification.id > pending[0].position:
                    self._check(pending.pop(0), last=not pending)
                if notification.id > previous + 1:
                    self._gap(previous + 1, notification.id - 1)
                previous = notification.id
                self._feed(notification)
                if progress is not None:
                    progress(notification.id)
            while pending:
                self._check(pending.pop(0), last=len(pending) == 0)
        finally:
            if collecting:
                gc.enable()
        return self._result()

    def _feed(self, notification: Notification) -> None:
        raw = notification.originator_id
        ident = self.ids.get(raw)
        if ident is None:
            ident = self.ids[raw] = canonical_id(raw)
        stream = self.streams.get(ident)
        if stream is None:
            stream = self.streams[ident] = Stream(ident)
        stream.feed(Row.of(notification))
        if ident != CHECKPOINTS:
            self.touched.add(ident)
            self.result.events += 1
            if notification.id > self.sealed_up_to:
                self.result.unsealed += 1

    def _gap(self, first: int, last: int) -> None:
        """Positions missing from the log. Under a checkpoint, a deletion is found by the
        chains and heads, and a gap is a write that was rolled back; after it, a gap may
        be the only trace of a history's newest events deleted."""
        first = max(first, self.sealed_up_to + 1)
        if first > last:
            return
        self.result.missing += last - first + 1
        if len(self.result.gaps) < MAX_GAPS:
            self.result.gaps.append((first, last))

    def _check(self, checkpoint: Checkpoint, *, last: bool) -> None:
        self.result.checkpoints += 1
        for ident, (version, sealed_hash) in checkpoint.heads.items():
            self._compare(checkpoint.number, ident, version, sealed_hash)
        for ident in self.touched - checkpoint.heads.keys():
            stream = self.streams[ident]
            self._flag(
                Finding(
                    ident,
                    "inserted",
                    stream.last_version,
                    f"version {stream.last_version} was not there when checkpoint "
                    f"{checkpoint.number} sealed the log",
                )
            )
        self.touched = set()
        if last:
            self._check_root(checkpoint)

    def _compare(self, number: int, ident: str, version: int, sealed_hash: str) -> None:
        stream = self.streams.get(ident)
        prefix = f"checkpoint {number} sealed version {version}"
        if stream is None:
            self._flag(Finding(ident, "deleted", None, f"{prefix}; the aggregate is gone"))
        elif stream.last_version < version:
            detail = f"{prefix}; the history now ends at version {stream.last_version}"
            self._flag(Finding(ident, "truncated", stream.last_version + 1, detail))
        elif stream.last_version > version:
            detail = f"{prefix}; the history held version {stream.last_version} by then"
            self._flag(Finding(ident, "inserted", version + 1, detail))
        elif stream.last_hash != sealed_hash:
            detail = f"{prefix} with another hash"
            self._flag(Finding(ident, "edited", version, detail))

    def _check_root(self, checkpoint: Checkpoint) -> None:
        heads: Heads = {
            ident: (stream.last_version, stream.last_hash)
            for ident, stream in self.streams.items()
            if ident != CHECKPOINTS
        }
        if merkle_root(heads) != checkpoint.root:
            self._flag(
                Finding(
                    CHECKPOINTS,
                    "checkpoint",
                    checkpoint.number,
                    f"checkpoint {checkpoint.number}'s root does not match the heads of the "
                    "store at its position",
                )
            )

    def _flag(self, finding: Finding) -> None:
        self.checkpoint_findings.setdefault(finding.aggregate_id, finding)

    def _result(self) -> Verification:
        findings = dict(self.checkpoint_findings)
        for ident, stream in self.streams.items():
            own = stream.finish()
            if own is not None:
                findings[ident] = own  # a break inside the chain is the more exact finding
        self.result.aggregates = len(self.streams.keys() - {CHECKPOINTS})
        self.result.findings = sorted(findings.values(), key=lambda f: f.aggregate_id)
        return self.result


def verify(
    ledger: Ledger, progress: Progress | None = None, expect: str | None = None
) -> Verification:
    """Walk the whole store once and report every aggregate whose history broke; with
    `expect`, also when the history no longer holds that published checkpoint."""
    result = Walk(ledger.recorder).run(progress)
    result.latest = latest_checkpoint(ledger)
    if expect is not None:
        result.expected = find_published(ledger.recorder, expect)
        if not result.expected.found:
            finding = Finding(CHECKPOINTS, "unpublished", None, result.expected.detail)
            result.findings = sorted([*result.findings, finding], key=lambda f: f.aggregate_id)
    return result
