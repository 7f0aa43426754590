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
from accountledger.application.identity import Identity, IdentityVault, Registration
from accountledger.application.ids import disposal_record
from accountledger.application.presence import is_postgres, stored
from accountledger.application.reading import Clock, LedgerReader, all_aggregates, wall_clock
from accountledger.application.timeline import (
    time_rows,
    timeline,
)
from accountledger.domain import ending
from accountledger.domain.account import (
    PROFILE_FIELDS,
    Account,
    SubjectRef,
    refuse_if_rejected,
)
from accountledger.domain.act import Act
from accountledger.domain.authorisations import Authorisation, evidence_in_force
from accountledger.domain.authority import authorise
from accountledger.domain.barred_index import BarredIndex, Stacked
from accountledger.domain.checkpoints import Checkpoints
from accountledger.domain.complaints import OpenComplaints
from accountledger.domain.credit import (
    check_several_accounts,
    follow_up,
)
from accountledger.domain.dates import TimeRange
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
    AccountFacts,
    IndexStep,
    Step,
    index_steps,
    registration_steps,
)
from accountledger.domain.indexes import BarredPage, NameIndex, SubjectIndex
from accountledger.domain.measures import is_measure, parse_record_id, record_id
from accountledger.domain.names import (
    DEFAULT_POLICY,
    NamePolicy,
    Verdict,
    as_recorded,
    normalise,
)
from accountledger.domain.reach import blacklistings, reach
from accountledger.domain.rules import DEFAULT_RULES, LedgerRules
from accountledger.domain.text import check_text

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


class Ledger(LedgerReader):
    """Accounts and their cross-account indexes, on any eventsourcing store: the
    reader (`reading.py`) and everything that decides and writes."""

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

    def barred_names(self) -> list[str]:
        """Every barred name, in the order barred; another process may have barred one,
        and within an import's batch, the batch (R4)."""
        barred = self._barred()
        return barred if isinstance(barred, list) else barred.names()

    def _barred(self) -> BarredIndex | Stacked | list[str]:
        """The barred names' index brought forward; within `layered`, with what the batch
        decided on the pages it holds but has not saved."""
        index = self.barred.index()
        layer: Layer | None = getattr(self._attempt, "layer", None)
        if layer is None:
            return index
        held = layer  # bound for the lambda: the layer answers for the pages it holds
        pending = self.barred.pending(
            lambda i: held.find(i, self._fresh) if held.holds(i) else None
        )
        if not pending:
            return index
        if all(op == "+" for op, _ in pending):
            return Stacked(index, BarredIndex(name for _, name in pending))
        names = index.names()  # a name given back in the batch: rare, scanned
        for op, name in pending:
            if op == "+":
                names.append(name)
            elif name in names:
                names.remove(name)
        return names

    def _known_absent(self, aggregate_id: UUID) -> bool:
        """Whether this attempt (or the import's batch) already learned the store lacks
        the aggregate."""
        layer: Layer | None = getattr(self._attempt, "layer", None)
        if layer is not None and layer.lacks(aggregate_id):
            return True
        absent: set[UUID] | None = getattr(self._attempt, "absent", None)
        return absent is not None and aggregate_id in absent

    def review(self, text: str, field: str, barred: list[str] | None = None) -> Verdict:
        """The name policy's verdict on a profile value, against every barred name (R3, R4):
        those given, or the barred names' index (only its candidates compared)."""
        names = self._barred() if barred is None else barred
        return self.policy.review(text, field=field, barred=names)

    def reviews(
        self, values: dict[str, str], licences: frozenset[str] = frozenset()
    ) -> dict[str, Verdict]:
        """Verdicts on several profile values, bringing the barred names forward once;
        `licences` are the kinds of authorisation presented and in force (`authorised`)."""
        barred = self._barred()
        return {
            field: self.policy.review(value, field=field, barred=barred, licences=licences)
            for field, value in values.items()
        }

    def authorised(self, licence: Authorisation | None) -> frozenset[str]:
        """The kinds of authorisation the name policy may count for `licence`: its
        validity bounded like any time, and an expired one (before the recording clock)
        counting as none (R3, 2022 Art 11)."""
        if licence is None:
            return frozenset()
        latest = self.clock() + self.rules.max_authorisation_validity
        valid = TimeRange(self.rules.earliest_business_time, latest, article="2022-11")
        valid.check(licence.valid_until, "licence_valid_until")
        return evidence_in_force(licence, self.clock())

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

    def check_time(self, moment: datetime, field: str = "occurred_at") -> datetime:
        """A business time within bounds of the recording clock, or a refusal (R13, R16)."""
        latest = self.clock() + self.rules.future_skew
        if moment > latest:
            raise RuleViolation(
                f"{moment.isoformat()} is in the future: the recording clock says "
                f"{self.clock().isoformat()} (skew allowed: {self.rules.future_skew})",
                rule="future-time",
                field=field,
                article="2021-19",
            )
        return TimeRange(self.rules.earliest_business_time, latest).check(moment, field)

    def check_term(self, moment: datetime | None, field: str) -> datetime | None:
        """An expiry or deadline within `max_term` of the recording clock, or a refusal
        (rule `time-range`); whether it is after the decision is the domain's rule."""
        if moment is None:
            return None
        latest = self.clock() + self.rules.max_term
        return TimeRange(self.rules.earliest_business_time, latest).check(moment, field)

    def check_late_entry(self, account: Account, act: Act) -> None:
        """A decision dated before the account's latest event is a late entry: it keeps its
        true time only within `late_entry_window` of the recording clock (R16, R18)."""
        if act.occurred_at >= account.last_occurred_at:
            return
        late = self.clock() - act.occurred_at
        if late > self.rules.late_entry_window:
            raise RuleViolation(
                f"a decision of {act.occurred_at.isoformat()} entered after later events "
                f"is {late} late; a late entry is accepted within "
                f"{self.rules.late_entry_window} of its decision",
                rule="late-entry",
                field="occurred_at",
                article="2021-19",
            )

    def check_act(self, act: Act) -> Act:
        """An act's time within bounds and its free text bounded and visible (R13, R16)."""
        self.check_time(act.occurred_at)
        check_text("reason", act.reason, self.rules.max_text_length)
        for reference in act.evidence:
            check_text("evidence", reference, self.rules.max_field_length)
        check_text("case_id", act.case_id, self.rules.max_field_length)
        return act

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

    def seal(self, identity: Identity) -> SubjectRef:
        """Hash and seal an identity so that no event ever holds it in clear (R17).

        Never under a key whose erasure is recorded: that key is destroyed first (the
        erasure's own last step, done early), so the seal gets a key of its own.
        """
        ref = self.vault.subject_ref(identity.kind, identity.number)
        return self._seal(identity, ref, self.find(SubjectIndex.create_id(ref)))

    def seal_contact(self, subject_ref: str, contact: str) -> str:
        """A changed contact sealed under the subject's key, like the identity's (R2, R17)."""
        self._drop_erased_key(subject_ref, self.find(SubjectIndex.create_id(subject_ref)))
        return self.vault.seal(subject_ref, {"contact": contact})

    def _drop_erased_key(self, ref: str, index: SubjectIndex | None) -> None:
        if index is not None and index.erased_keys:  # else no key-store read is needed
            current = self.vault.fingerprint(ref)
            if index.key_erased(current):
                self.vault.destroy(ref, current)

    def _seal(self, identity: Identity, ref: str, index: SubjectIndex | None) -> SubjectRef:
        self._drop_erased_key(ref, index)
        sealed = self.vault.seal(ref, identity.sealable())
        return SubjectRef(kind=identity.kind, ref=ref, sealed=sealed)

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

    def _reach(self, account: Account, touched: dict[UUID, Any]) -> list[Account]:
        """A blacklisting reaches the subject's other live accounts, in the same save, each
        measure a record of its own (`domain/reach.py`; R4, R12)."""
        reached: list[Account] = []
        for blacklisting in blacklistings(account.pending_events):
            holdings = touched.get(SubjectIndex.create_id(account.subject_ref))
            held = [] if holdings is None else list(holdings.accounts)
            for other_id in held:
                if other_id == str(account.id) or any(str(r.id) == other_id for r in reached):
                    continue
                other = self._load(UUID(other_id))
                before = facts(other)
                if reach(other, blacklisting, self.rules):
                    self._credit_follow_up(other)
                    self._follow(other, before, touched)
                    reached.append(other)
        return reached

    def _credit_follow_up(self, account: Account) -> None:
        """Credit follows the command's cases in the same save: a new case lowers the
        tier, a reversed one gives it back (R11)."""
        follow_up(account, list(account.pending_events), self.rules)

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

    def check_name_free(self, name: str, account_id: UUID) -> None:
        index = self.find(NameIndex.create_id(normalise(name)))
        if index is not None and index.holder != str(account_id):
            index.check_free(name)

    def check_not_blacklisted(self, subject_ref: str) -> None:
        """A blacklisted subject's pending registration is not verified (R4)."""
        index = self.find(SubjectIndex.create_id(subject_ref))
        if index is not None:
            index.check_not_blacklisted()

    def check_may_hold(self, subject_ref: str) -> None:
        index = self.find(SubjectIndex.create_id(subject_ref))
        if index is not None:
            self._check_subject_may_hold(index)

    def _check_subject_may_hold(self, index: SubjectIndex) -> None:
        """Not blacklisted, under the limit, credit enough for several (R4, R7, R11)."""
        index.check_may_hold_another(self.rules.max_accounts_per_subject)
        self._check_credit(index.accounts)

    def binding(self, account: Account, at: datetime) -> list[str]:
        """What still binds an account at `at`: measures in force, open complaints (R10, R12)."""
        index: OpenComplaints | None = self.find(OpenComplaints.create_id(str(account.id)))
        complaints = [] if index is None else index.complaints
        return ending.holds(account.id, self.history(account.id), complaints, at)

    def _check_name_claimable(self, name: str) -> None:
        """Neither barred nor held by a live account (R4)."""
        index = self.find(NameIndex.create_id(normalise(name)))
        if index is not None:
            index.check_free(name)

    def _check_credit(self, held: list[str]) -> None:
        """Several accounts need the minimum credit tier (R7, R11)."""
        tiers = [self._load(UUID(a)).credit_tier for a in held]
        check_several_accounts(tiers, self.rules)

    def _follow(
        self, account: Account, before: AccountFacts, touched: dict[UUID, Any] | None = None
    ) -> list[Aggregate]:
        """The indexes a decision changes, each loaded once (R4, R7, R9); `touched` holds
        those a save already changes, so that each is loaded and saved once."""
        touched = {} if touched is None else touched
        for item in index_steps(before, facts(account)):
            self._apply(item, str(account.id), touched)
        return list(touched.values())

    def _apply(self, item: IndexStep, account_id: str, touched: dict[UUID, Any]) -> None:
        """Apply one index step; `touched` holds the indexes changed so far, by id."""

        def index(ident: UUID, new: Callable[[], Any] | None = None) -> Any:
            if ident not in touched:
                found = self.find(ident)
                if found is None and new is None:
                    return None
                touched[ident] = found if found is not None else new()  # type: ignore[misc]
            return touched[ident]

        key, step = item.key, item.step
        if step in _NAME_STEPS:
            names_id = NameIndex.create_id(normalise(key))
        else:
            subject_id = SubjectIndex.create_id(key)
        if step is Step.CLAIM_NAME:
            claimed = self.find(names_id)
            if claimed is None:
                touched[names_id] = NameIndex(key=normalise(key), name=key, account_id=account_id)
            else:
                claimed.claim(key, account_id)
                touched[names_id] = claimed
        elif step is Step.RELEASE_NAME:
            index(names_id).release(account_id)
        elif step is Step.BAR_NAME:
            index(names_id).bar(account_id)
            self.barred.bar(key, index)
        elif step is Step.RESTORE_NAME:
            index(names_id).restore(key, account_id)
            self.barred.give_back(key, index)
        elif step is Step.ADD_TO_SUBJECT:
            holdings = index(subject_id, lambda: SubjectIndex(subject_ref=key))
            self._check_credit(holdings.accounts)
            holdings.add(account_id, self.rules.max_accounts_per_subject)
        elif step is Step.AWAIT_TRANSFER:
            index(subject_id, lambda: SubjectIndex(subject_ref=key)).await_transfer(account_id)
        elif step is Step.SETTLE_TRANSFER:
            settled = index(subject_id)  # absent for a transfer applied for before indexes
            if settled is not None:
                settled.settle_transfer(account_id)
        else:
            _SUBJECT_STEPS[step](index(subject_id), account_id)


_NAME_STEPS = frozenset({Step.CLAIM_NAME, Step.RELEASE_NAME, Step.BAR_NAME, Step.RESTORE_NAME})
_SUBJECT_STEPS: dict[Step, Callable[[SubjectIndex, str], None]] = {
    Step.REMOVE_FROM_SUBJECT: SubjectIndex.remove,
    Step.BLACKLIST_SUBJECT: SubjectIndex.blacklist,
    Step.LIFT_BLACKLISTING: SubjectIndex.lift_blacklisting,
    Step.RESTORE_TO_SUBJECT: SubjectIndex.restore,
}


def _cached(cache: Any, ident: UUID) -> bool:
    try:
        cache.get(ident)
    except KeyError:
        return False
    return True


def facts(account: Account) -> AccountFacts:
    """What the indexes know of the account now."""
    transfer = account.transfer
    return AccountFacts(
        status=account.status,
        name=account.name,
        subject_ref=account.subject_ref,
        transferee_ref=None if transfer is None else str(transfer["ref"]),
        name_barred=account.name_barred,
    )


def version_at(events: Iterable[Any], as_of: datetime) -> int | None:
    """The last version whose business time is at or before `as_of`; None if none is."""
    version = None
    for domain_event in events:
        if domain_event.act.occurred_at > as_of:
            break
        version = domain_event.originator_version
    return version
