"""The ledger: the eventsourcing application that runs every command on an account.

A command loads the account and the indexes its rules need, lets the aggregate
decide, and saves the account and those indexes in one `save()`, so a rule across
accounts holds atomically with the event that needs it. A lost optimistic race is
retried on fresh aggregates (every attempt re-reads and re-decides), and a command
that keeps losing is refused as a conflict.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from typing import Any, ClassVar, Protocol, TypeVar
from uuid import UUID

from eventsourcing.application import (
    AggregateNotFoundError,
    LRUCache,
    ProcessingEvent,
)
from eventsourcing.domain import Aggregate, MutableOrImmutableAggregate, Snapshot
from eventsourcing.persistence import (
    IntegrityError,
    Recording,
    StoredEvent,
)

from accountledger.application.barred import BarredNamesModel
from accountledger.application.chain import ChainedMapper
from accountledger.application.commands import (
    AccountCommand,
    Command,
    Register,
    check_fields,
    command_times,
)
from accountledger.application.identity import IdentityVault, Registration
from accountledger.application.ids import disposal_record
from accountledger.application.index_upkeep import IndexUpkeep, facts
from accountledger.application.name_desk import NameDesk
from accountledger.application.presence import is_postgres, stored
from accountledger.application.reading import Clock, LedgerReader, all_aggregates, wall_clock
from accountledger.application.subject_seals import SubjectSeals
from accountledger.application.time_checks import TimeChecks
from accountledger.application.timeline import (
    time_rows,
    timeline,
)
from accountledger.domain.account import (
    PROFILE_FIELDS,
    Account,
    refuse_if_rejected,
)
from accountledger.domain.act import Act
from accountledger.domain.authority import authorise
from accountledger.domain.checkpoints import Checkpoints
from accountledger.domain.deadlines import due
from accountledger.domain.details import check_registration_details
from accountledger.domain.entry import EnteredBy
from accountledger.domain.errors import (
    AccountNotFound,
    ConcurrentChange,
    LedgerError,
    RuleViolation,
    StaleDecision,
)
from accountledger.domain.identity_rules import check_identity
from accountledger.domain.index_effects import (
    registration_steps,
)
from accountledger.domain.indexes import BarredPage, NameIndex, SubjectIndex
from accountledger.domain.measures import is_measure, parse_record_id, record_id
from accountledger.domain.names import (
    DEFAULT_POLICY,
    NamePolicy,
    as_recorded,
    normalise,
)
from accountledger.domain.rules import DEFAULT_RULES, LedgerRules

# Every aggregate a store may hold, so that its pinned topics resolve in any process
# that opens a ledger and reads the whole log.
all_aggregates()

Decision = Callable[[Account], None]


class Layer(Protocol):
    """Aggregates decided in a batch but not yet saved, in front of the store."""

    def find(self, aggregate_id: UUID, read: Callable[[UUID], Any]) -> Any:
        """The aggregate as the batch has it, else as `read` finds it in the store, read
        afresh (None if absent)."""
        ...

    def holds(self, aggregate_id: UUID) -> bool:
        """Whether the batch has the aggregate, as current as the batch's own writes."""
        ...

    def lacks(self, aggregate_id: UUID) -> bool:
        """Whether the store was found not to hold the aggregate when the batch began."""
        ...


T = TypeVar("T")
A = TypeVar("A", bound=Aggregate)
# What one attempt of a write returns: its result and the aggregates to save together.
Attempt = tuple[T, Sequence[Aggregate]]


@dataclass(frozen=True)
class Recorded:
    """What a command left behind, as it recorded it: a plain value, no aggregate.

    Everything here is taken inside the write, from the events the command itself
    recorded, before the write lock is released. The account is not kept: the ledger's
    cache shares it with the commands that follow, so reading it after the lock would
    name their events, versions and records (issue 15, defect 3).
    """

    account_id: UUID
    events: tuple[str, ...]
    status: str
    version: int
    # The disposal records this command created on the account (R13).
    records: tuple[str, ...] = ()
    # The disposal records the command took on other accounts of the subject (R4, R12).
    reached: tuple[str, ...] = ()
    # The name policy's findings on the profile as this command left it (R3).
    review_findings: tuple[dict[str, str], ...] = ()

    @classmethod
    def of(cls, account: Account, reached: Sequence[Account] = ()) -> Recorded:
        """The account's pending events, before they are saved; and the records taken on
        the `reached` accounts in the same save."""
        events = tuple(type(e).__name__ for e in account.pending_events)
        first = account.version - len(events) + 1
        records = tuple(
            record_id(account.id, first + offset)
            for offset, name in enumerate(events)
            if is_measure(name)
        )
        taken = tuple(r for other in reached for r in Recorded.of(other).records)
        findings = tuple(dict(finding) for finding in account.review or ())
        return cls(account.id, events, account.status, account.version, records, taken, findings)


class Ledger(TimeChecks, NameDesk, SubjectSeals, IndexUpkeep, LedgerReader):
    """Accounts and their cross-account indexes, on any eventsourcing store: the
    reader (`reading.py`) and everything that decides and writes. Its answers to a
    decision are in parts of their own: the bounds of its times (`time_checks.py`), names
    (`name_desk.py`), seals (`subject_seals.py`) and the indexes (`index_upkeep.py`)."""

    # The library names an application's tables after it: the reader's, always.
    name = LedgerReader.name
    # Every snapshot is kept: sparse (one per interval of an aggregate's events), each
    # the start of a point-in-time replay at any time after it (`account_as_of`).
    # Taken from the aggregate in memory, in the save's own transaction (`_record`).
    snapshotting_intervals: ClassVar[dict[type[MutableOrImmutableAggregate[Any]], int]] = {
        Account: 50,
        # A snapshot holds every aggregate's head (13 MB at 123,000 aggregates) and the
        # store keeps them all; each checkpoint event holds only the heads that changed.
        Checkpoints: 100,
        # A full page of barred names, once: its operations never change again, so its
        # snapshot is read instead of its events (the old `BarredNames`, snapshotted
        # every 100 names, kept a full copy each time: storage grew with N squared).
        BarredPage: BarredPage.SIZE,
    }
    retries = 5

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        vault: IdentityVault,
        rules: LedgerRules = DEFAULT_RULES,
        policy: NamePolicy = DEFAULT_POLICY,
        clock: Clock = wall_clock,
    ) -> None:
        super().__init__(env, rules=rules, clock=clock)
        self._writing = threading.RLock()
        # Ids an attempt found absent: a registration asks for its name's index twice
        # (is it claimable? claim it), and a miss is not cached by the repository. Only
        # within one attempt, under the write lock: a racing creator makes the save conflict.
        # Per thread, so a reader beside the writer never sees the writer's misses.
        self._attempt = threading.local()
        self.vault = vault
        self.policy = policy
        # Which of several aggregates the store holds, in one read, where a read is a
        # round trip (PostgreSQL: `presence.py`); None: `find` asks.
        self.existing: Callable[[Sequence[UUID]], set[UUID]] | None = (
            partial(stored, self.recorder) if is_postgres(self.recorder) else None
        )
        self.barred = BarredNamesModel(self.repository, absent=self._known_absent)
        timed = timeline(self.recorder)
        if timed is not None and self.snapshots is not None:
            timed.snapshot_recorder = self.snapshots.recorder

    def close(self) -> None:
        super().close()
        self.vault.close()

    # ------------------------------------------------------------- sealing (R16)

    def _record(self, processing_event: ProcessingEvent[UUID]) -> list[Recording[UUID]]:
        # Written by the recorder in the events' transaction (`application/timeline.py`).
        processing_event.saved_kwargs["times"] = time_rows(processing_event.events)
        processing_event.saved_kwargs["snapshots"] = self._snapshots_due(processing_event)
        try:
            return super()._record(processing_event)
        except BaseException:
            # The hashes of events that were never stored must not seal the next ones.
            assert isinstance(self.mapper, ChainedMapper)
            self.mapper.forget(e.originator_id for e in processing_event.events)
            raise

    def _snapshots_due(self, processing_event: ProcessingEvent[UUID]) -> list[StoredEvent]:
        """A snapshot of each aggregate whose events in this save reach a multiple of its
        interval, taken from the aggregate in memory as the save leaves it: no re-read."""
        if self.snapshots is None:
            return []
        due = []
        for ident, aggregate in processing_event.aggregates.items():
            interval = self.snapshotting_intervals.get(type(aggregate))
            if interval is None:
                continue
            versions = [
                e.originator_version for e in processing_event.events if e.originator_id == ident
            ]
            if any(version % interval == 0 for version in versions):
                snapshot = Snapshot.take(aggregate)
                due.append(self.snapshots.mapper.to_stored_event(snapshot))
        return due

    def _take_snapshots(self, processing_event: ProcessingEvent[UUID]) -> None:
        """Nothing after the save: `_record` wrote the snapshots with the events."""

    # ------------------------------------------------------------------ reading

    def _load(self, account_id: UUID, version: int | None = None) -> Account:
        """The account; within `layered`, as the layer has it (decided, not yet saved)."""
        layer: Layer | None = getattr(self._attempt, "layer", None)
        if layer is None or version is not None:
            return super()._load(account_id, version)
        try:
            account = layer.find(account_id, self._fresh)
        except AggregateNotFoundError:
            raise AccountNotFound(account_id) from None
        if not isinstance(account, Account):
            raise AccountNotFound(account_id)
        return account

    def find(self, aggregate_id: UUID, *, fresh: bool = False) -> Any:
        """Any aggregate by id, or None; `fresh` reads the store rather than the cache.

        Within `layered`, the layer answers first: aggregates decided but not yet saved."""
        layer: Layer | None = getattr(self._attempt, "layer", None)
        if layer is not None and not fresh:
            return layer.find(aggregate_id, self._fresh)
        return self._find(aggregate_id, fresh=fresh)

    def _fresh(self, aggregate_id: UUID) -> Any:
        return self._find(aggregate_id, fresh=True)

    def _find(self, aggregate_id: UUID, *, fresh: bool = False) -> Any:
        if fresh:
            self._evict(aggregate_id)
        absent: set[UUID] | None = getattr(self._attempt, "absent", None)
        if absent is not None and aggregate_id in absent and not fresh:
            return None
        try:
            return self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            if absent is not None:
                absent.add(aggregate_id)
            return None

    # ----------------------------------------------------------------- writing

    def _forget(self) -> None:
        if self.repository.cache is not None:
            self.repository.cache = LRUCache(maxsize=self.cache_size)

    def save_collected(self, events: Sequence[Any], *aggregates: Aggregate) -> None:
        """Save events already collected off their aggregates (an import's batch), and
        `aggregates`, in one transaction: the library's `save`, without asking each
        event at run time whether it is an event (that check cost a quarter of a batch's
        save)."""
        processing: ProcessingEvent[UUID] = ProcessingEvent()
        processing.events.extend(events)
        processing.collect_events(*aggregates)
        # No notification ids wanted back: nothing in the process follows an import's
        # events as they are saved (the projections read the store), so the recorder
        # inserts the batch in one statement and no `Recording` is built per event.
        processing.saved_kwargs["numbered"] = False
        recordings = self._record(processing)
        self._take_snapshots(processing)
        self._notify(recordings)

    def forget(self) -> None:
        """Forget every cached aggregate: a decision that failed half-way may have changed
        some in place (an import's refused line), and only the store may be believed."""
        self._forget()

    @contextmanager
    def layered(self, layer: Layer) -> Iterator[None]:
        """Decide on aggregates not yet saved (an import's batch): `find` and the account
        loads ask `layer` first. One writer at a time, as in `run_atomically`."""
        with self._writing:
            outer = getattr(self._attempt, "layer", None)
            self._attempt.layer = layer
            try:
                yield
            finally:
                self._attempt.layer = outer

    def look_ahead(self, ids: Sequence[UUID]) -> None:
        """Within an attempt, learn in one read which of `ids` the store lacks, so `find`
        answers None for them without asking again (a racing creator makes the save
        conflict, and the retry looks afresh). Those the cache holds are not asked."""
        absent: set[UUID] | None = getattr(self._attempt, "absent", None)
        if self.existing is None or absent is None:
            return
        cache = self.repository.cache
        unknown = [i for i in ids if i not in absent and (cache is None or not _cached(cache, i))]
        if unknown:
            found = self.existing(unknown)
            absent.update(i for i in unknown if i not in found)

    def run_atomically(self, attempt: Callable[[], Attempt[T]]) -> T:
        """Save the aggregates `attempt` returns in one transaction and return its result;
        on a lost race, run the attempt again on fresh aggregates.

        One at a time within a process: the threads of a server share this ledger and
        its cache of aggregates, which commands change in place. Between processes the
        store's optimistic concurrency decides. A refusal may rest on an aggregate cached
        before another process changed it (a second `serve` worker, the CLI): the attempt
        is decided once more on what the store holds, and refused only if still refused.
        """
        with self._writing:
            try:
                return self._attempted(attempt)
            except ConcurrentChange:
                raise
            except LedgerError:
                if getattr(self._attempt, "absent", None) is not None:
                    raise  # inside an outer attempt: the outer one decides afresh
                return self._attempted(attempt)

    def _attempted(self, attempt: Callable[[], Attempt[T]]) -> T:
        with self._writing:
            outer = getattr(self._attempt, "absent", None)
            for _ in range(self.retries):
                self._attempt.absent = set() if outer is None else outer
                try:
                    result, aggregates = attempt()
                    self.save(*aggregates)
                except IntegrityError:
                    self._forget()
                    continue
                except BaseException:
                    self._forget()
                    raise
                finally:
                    self._attempt.absent = outer
                return result
        raise ConcurrentChange("another writer changed the same records at the same time")

    def update(self, load: Callable[[], A], decide: Callable[[A], None]) -> A:
        """Load one aggregate, let it decide and save it; afresh after a lost race."""

        def attempt() -> Attempt[A]:
            found = load()
            decide(found)
            return found, [found]

        return self.run_atomically(attempt)

    def handle(
        self,
        command: Command,
        act: Act,
        *,
        expected_version: int | None = None,
        stamped: bool = False,
        dry_run: bool = False,
    ) -> Recorded:
        """Run one command, whichever edge built it, and return what it recorded.

        `expected_version`: the version of the account the decision was made on; if the
        account has moved on, the decision is refused as stale and nothing is written
        (R12, R16). `stamped`: the act has no business time of its own and takes the
        recording clock's, read when the command is decided under the write lock, so a
        racing writer is retried rather than refused for its order in time. `dry_run`:
        what an account command would record, decided in full and saved nowhere.
        """
        check_fields(command, self.rules.max_field_length)
        for name, moment in command_times(command):
            self.check_term(moment, name)
        if isinstance(command, Register) and not dry_run:
            return self.register(command.registration(), self.check_act(act))
        assert isinstance(command, AccountCommand)  # a registration has no dry run

        def decide(account: Account) -> None:
            if expected_version is not None and account.version != expected_version:
                raise StaleDecision(
                    f"the account is at version {account.version}; the decision was made "
                    f"on version {expected_version}",
                    field="expected_version",
                )
            timed = self.check_act(replace(act, occurred_at=self.clock())) if stamped else act
            self.check_late_entry(account, timed)
            command.decide(account, timed, self)

        if not stamped:
            self.check_act(act)  # refused before the account is even read
        if dry_run:
            return self.rehearse(command.account_id, decide)
        return self.execute(command.account_id, decide)

    def rehearse(self, account_id: UUID, decide: Decision) -> Recorded:
        """What a decision would record, saved nowhere (a campaign's dry run): the cache is
        forgotten after it, so no later command builds on what it changed in memory."""
        with self._writing:
            try:
                result, _ = self.decided(account_id, decide)
            finally:
                self._forget()
            return result

    def register(self, registration: Registration, act: Act) -> Recorded:
        """Register an account: identity sealed, profile reviewed, indexes claimed (R1-R4, R7)."""

        def attempt() -> Attempt[Recorded]:
            touched: dict[UUID, Any] = {}
            account = self.registered(registration, act, touched)
            return Recorded.of(account), [account, *touched.values()]

        return self.run_atomically(attempt)

    def registered(
        self,
        registration: Registration,
        act: Act,
        touched: dict[UUID, Any],
        *,
        history: bool = False,
        account_id: UUID | None = None,
    ) -> Account:
        """A registration decided, not yet saved; the indexes it changes go into `touched`.

        `history`: legacy history being imported, whose profile the name policy reviews
        in history mode (findings recorded, nothing refused: `names.as_recorded`);
        `account_id`: the id an import derived from its source line.
        """
        identity = registration.identity
        ref = self.vault.subject_ref(identity.kind, identity.number)
        names_id = NameIndex.create_id(normalise(registration.name))
        self.look_ahead([SubjectIndex.create_id(ref), names_id, self.barred.following()])
        subjects = self.find(SubjectIndex.create_id(ref))
        licence = registration.authorisation
        verdicts = self.reviews(
            {f: getattr(registration, f) for f in PROFILE_FIELDS}, self.authorised(licence)
        )
        if history:
            verdicts = {field: as_recorded(verdict) for field, verdict in verdicts.items()}
        # Everything that can refuse is asked before the identity is sealed, so that a
        # refused registration leaves no key behind (an erased subject stays erased).
        authorise("register", act)
        check_registration_details(registration.details)
        check_identity(registration.details.get("nature"), identity.presented())
        for field in PROFILE_FIELDS:
            refuse_if_rejected(verdicts[field], field)
        self._check_name_claimable(registration.name)
        if subjects is not None:
            self._check_subject_may_hold(subjects)
        # Sealed in the attempt: a retry after an erasure of the subject seals anew.
        account = Account.register(
            name=registration.name,
            avatar=registration.avatar,
            introduction=registration.introduction,
            subject=self._seal(identity, ref, subjects),
            details=dict(registration.details),
            verdicts=verdicts,
            act=act,
            rules=self.rules,
            authorisation=licence.as_record() if licence else None,
            account_id=account_id,
        )
        touched.setdefault(SubjectIndex.create_id(ref), subjects or SubjectIndex(subject_ref=ref))
        for item in registration_steps(facts(account)):
            self._apply(item, str(account.id), touched)
        return account

    def execute(self, account_id: UUID, decide: Decision) -> Recorded:
        """Run one decision on an account and keep the indexes it affects in step."""
        return self.run_atomically(lambda: self.decided(account_id, decide))

    def decided(self, account_id: UUID, decide: Decision) -> Attempt[Recorded]:
        """A decision on an account and every aggregate it changes, not yet saved: for a
        save of its own (`execute`) or inside another (an appeal's reversal)."""
        account, reached, aggregates = self.changed(account_id, decide)
        return Recorded.of(account, reached), aggregates

    def changed(
        self, account_id: UUID, decide: Decision
    ) -> tuple[Account, list[Account], list[Aggregate]]:
        """`decided` without its result value, which an import's line has no use for:
        the account, the accounts reached, and every aggregate changed."""
        account = self._load(account_id)
        before = facts(account)
        decide(account)
        self._credit_follow_up(account)
        touched: dict[UUID, Any] = {}
        self._follow(account, before, touched)
        reached = self._reach(account, touched)
        return account, reached, [account, *reached, *touched.values()]

    def sweep(
        self, account_ids: Iterable[UUID], now: datetime, entered_by: EnteredBy | None = None
    ) -> list[Recorded]:
        """Record every time-driven rule due at `now` (R6, R8, R12); idempotent for one `now`.
        Each system act names who ran the sweep (`entered_by`) where the edge knows it."""
        swept = []
        for account_id in account_ids:
            if due(self._load(account_id), now, self.rules):
                swept.append(
                    self.execute(account_id, lambda a: self._record_due(a, now, entered_by))
                )
        return swept

    def _record_due(self, account: Account, now: datetime, entered_by: EnteredBy | None) -> None:
        # One rule at a time: each changes what else is due (a closure ends the rest).
        while pending := due(account, now, self.rules):
            act = pending[0].act(account)
            if entered_by is not None:
                act = replace(act, entered_by=entered_by)
            pending[0].record(account, act)

    # ------------------------------------------------------------ disposal records

    def measure_taken(self, record: str) -> tuple[UUID, list[Any], Any]:
        """The account, its history and the event of disposal record ACCOUNT/VERSION."""
        # Malformed, it is refused naming the field (`ids.disposal_record`), never bare.
        account_text, version = parse_record_id(disposal_record(record))
        account_id = UUID(account_text)
        events = self.history(account_id)
        # Version 0 would index from the end: it names no event.
        if not 1 <= version <= len(events) or not is_measure(type(events[version - 1]).__name__):
            raise RuleViolation(
                f"{record} is not a disposal record", rule="disposal-record", field="record"
            )
        return account_id, events, events[version - 1]


def _cached(cache: Any, ident: UUID) -> bool:
    try:
        cache.get(ident)
    except KeyError:
        return False
    return True


def version_at(events: Iterable[Any], as_of: datetime) -> int | None:
    """The last version whose business time is at or before `as_of`; None if none is."""
    version = None
    for domain_event in events:
        if domain_event.act.occurred_at > as_of:
            break
        version = domain_event.originator_version
    return version
