"""Import a platform's existing accounts and their legacy history (issue 16, point 1).

Each line of the source is one account: its registration and what happened to it since,
as command values and acts (the edge validated and built them). Every line goes through
the rules a command goes through (identity folded and sealed, lifecycle, roles, grounds,
business time, the indexes across accounts), except that the name policy runs in
history mode: its findings are recorded, nothing is refused (`names.as_recorded`). A
line a rule refuses is rejected with its line, field, rule and article, and the rest
goes on.

Many accounts are saved in one `save()`: one transaction per batch, with the import's
progress (`domain/imports.ImportProgress`), so a crash leaves whole batches and a rerun
resumes after the last one. Account ids derive from (source, line), so no line can make
two accounts. Every imported act names its source line (`EnteredBy.source`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.persistence import IntegrityError

from accountledger.application.commands import (
    AccountCommand,
    ChangeName,
    Desk,
    check_fields,
    command_times,
)
from accountledger.application.identity import Identity, Registration
from accountledger.application.ledger import Ledger
from accountledger.application.presence import stored
from accountledger.domain.account import Account, SubjectRef
from accountledger.domain.act import Act
from accountledger.domain.authorisations import Authorisation, evidence_in_force
from accountledger.domain.entry import EnteredBy
from accountledger.domain.errors import ConcurrentChange, LedgerError, RuleViolation
from accountledger.domain.imports import ImportProgress
from accountledger.domain.indexes import NAMESPACE, NameIndex, SubjectIndex
from accountledger.domain.names import Verdict, as_recorded, normalise
from accountledger.domain.rules import LedgerRules

IMPORTED = uuid5(NAMESPACE, "imported-account")
BATCH = 500  # lines per transaction: large enough that commits are not the cost


@dataclass(frozen=True)
class Source:
    """A source file, known by its content: the same bytes are the same import."""

    name: str
    digest: str  # SHA-256 of the content, hex

    def account_id(self, line: int) -> UUID:
        """The id of the account a line imports: the same line, the same account."""
        return uuid5(IMPORTED, f"{self.digest}:{line}")

    @property
    def identity(self) -> str:
        """The file as history names it: its name and the start of its digest."""
        return f"{self.name[-80:]}@{self.digest[:16]}"

    def label(self, line: int) -> str:
        """What an imported act says of where it came from."""
        return f"import:{self.identity}:{line}"

    def stamp(self, entered_by: EnteredBy, line: int) -> EnteredBy:
        """Who entered an imported act, and from which line."""
        return replace(entered_by, source=self.label(line))


@dataclass(frozen=True)
class Legacy:
    """One line validated at the edge: the registration, then its history in order."""

    line: int
    registration: Registration
    act: Act
    history: tuple[tuple[AccountCommand, Act], ...] = ()


@dataclass(frozen=True)
class Rejected:
    """A line not imported: where, which field, which rule (and article) refused it."""

    line: int
    field: str
    rule: str
    message: str
    article: str = ""

    def as_dict(self) -> dict[str, Any]:
        row: dict[str, Any] = {"line": self.line, "field": self.field, "rule": self.rule}
        if self.article:
            row["article"] = self.article
        return row | {"message": self.message}


Item = Legacy | Rejected


@dataclass
class Summary:
    """What an import run did; `position` is the last line saved."""

    imported: int = 0
    rejected: int = 0
    events: int = 0
    position: int = 0
    resumed_from: int = 0
    # Over every run of the same source, this one included.
    total_imported: int = 0
    total_rejected: int = 0


def progress(ledger: Ledger, source: Source) -> int:
    """The last line of `source` whose batch is saved (0: none yet)."""
    found = ledger.find(ImportProgress.create_id(source.digest), fresh=True)
    return 0 if found is None else int(found.line)


def import_history(
    ledger: Ledger,
    source: Source,
    items: Iterable[Item],
    *,
    entered_by: EnteredBy | None = None,
    batch_size: int = BATCH,
    on_rejects: Callable[[list[Rejected]], None] = lambda rejects: None,
    on_saved: Callable[[Summary], None] = lambda summary: None,
) -> Summary:
    """Import every line after the saved position, a batch per transaction.

    `on_rejects` receives a batch's rejected lines before the batch is saved (so that a
    rejects file holds them durably first); `on_saved` the running summary after."""
    run = _Run(ledger, source, entered_by or EnteredBy())
    summary = Summary(position=run.position, resumed_from=run.position)
    summary.total_imported, summary.total_rejected = run.totals()
    for batch in _batches((i for i in items if i.line > run.position), batch_size):
        imported, rejects, events = run.batch(batch)
        on_rejects(rejects)
        run.save(batch[-1].line, imported, len(rejects))
        summary.imported += imported
        summary.rejected += len(rejects)
        summary.events += events
        summary.position = batch[-1].line
        summary.total_imported, summary.total_rejected = run.totals()
        on_saved(summary)
    return summary


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Restart(Exception):
    """A refused line had changed an aggregate shared with the batch: redo it without."""


@dataclass
class _Layer:
    """The batch's aggregates in front of the store (`Ledger.layered`).

    After each decision its events are collected off the aggregates (`collect`), so that
    the next decision on the same account sees only its own as pending (credit, reach and
    what a command recorded look at those); the batch saves the events it collected.
    A line's aggregates and events join the batch when the line is done. A refused line
    is dropped; if it had changed an aggregate it shares with other lines (an index,
    another account), the batch is decided again without it: an aggregate cannot be
    rolled back.
    """

    # Ids the store was found not to hold when the batch began (`presence.stored`).
    absent: set[UUID] = field(default_factory=set)
    saved: dict[UUID, Any] = field(default_factory=dict)
    events: list[Any] = field(default_factory=list)
    line: dict[UUID, Any] = field(default_factory=dict)
    line_events: list[Any] = field(default_factory=list)
    # Aggregates of the batch or the store a line touched, with their version then.
    shared: dict[UUID, tuple[Any, int]] = field(default_factory=dict)

    def holds(self, aggregate_id: UUID) -> bool:
        return aggregate_id in self.line or aggregate_id in self.saved

    def lacks(self, aggregate_id: UUID) -> bool:
        return aggregate_id in self.absent

    def find(self, aggregate_id: UUID, read: Callable[[UUID], Any]) -> Any:
        if aggregate_id in self.line:
            return self.line[aggregate_id]
        found = self.saved.get(aggregate_id)
        if found is None:
            if aggregate_id in self.absent:
                return None
            found = read(aggregate_id)
            if found is None:
                return None
            self.line[aggregate_id] = found
        self.shared.setdefault(aggregate_id, (found, found.version))
        return found

    def keep(self, aggregates: Iterable[Any]) -> None:
        for aggregate in aggregates:
            if aggregate.id not in self.saved:
                self.line[aggregate.id] = aggregate

    def collect(self) -> None:
        """The events of the decision just made, off every aggregate it could change."""
        for aggregate in (*self.line.values(), *(a for a, _ in self.shared.values())):
            self.line_events.extend(aggregate.collect_events())

    def done(self) -> None:
        self.collect()
        self.saved.update(self.line)
        self.events.extend(self.line_events)
        self.line, self.line_events, self.shared = {}, [], {}

    def drop(self) -> None:
        changed = any(a.version != version for a, version in self.shared.values())
        self.line, self.line_events, self.shared = {}, [], {}
        if changed:
            raise _Restart


class _Run:
    def __init__(self, ledger: Ledger, source: Source, entered_by: EnteredBy) -> None:
        self.ledger, self.source, self.entered_by = ledger, source, entered_by
        found = ledger.find(ImportProgress.create_id(source.digest), fresh=True)
        self.progress: ImportProgress = found or ImportProgress(source.digest, source.name)
        self.position = self.progress.line
        self.layer = _Layer()

    def totals(self) -> tuple[int, int]:
        return self.progress.imported, self.progress.rejected

    def batch(self, items: list[Item]) -> tuple[int, list[Rejected], int]:
        """The batch decided (not saved): accounts imported, rejected lines, events."""
        refused: dict[int, Rejected] = {i.line: i for i in items if isinstance(i, Rejected)}
        legacy = [i for i in items if isinstance(i, Legacy)]
        vault = self.ledger.vault
        identities = [i.registration.identity for i in legacy]
        refs = [vault.subject_ref(i.kind, i.number) for i in identities]
        vault.prepare(refs)
        wanted = {
            *_looked_up(legacy, refs),
            self.ledger.barred.following(),
            ImportProgress.create_id(self.source.digest),
        }
        absent = wanted - stored(self.ledger.recorder, wanted)
        try:
            while True:
                try:
                    self._decide([i for i in legacy if i.line not in refused], refused, absent)
                    break
                except _Restart:
                    self.ledger.forget()
        finally:
            vault.prepare(())
        events = len(self.layer.events)
        rejects = sorted(refused.values(), key=lambda r: r.line)
        imported = sum(1 for i in legacy if i.line not in refused)
        return imported, rejects, events

    def _decide(
        self, legacy: list[Legacy], refused: dict[int, Rejected], absent: set[UUID]
    ) -> None:
        self.layer = _Layer(absent=absent)
        with self.ledger.layered(self.layer):
            for item in legacy:
                try:
                    self._line(item)
                except LedgerError as refusal:
                    refused[item.line] = _rejected(item.line, refusal)
                    self.layer.drop()  # raises _Restart if the batch must be decided again
                    self.ledger.forget()  # the line's store reads may have changed in place
                else:
                    self.layer.done()

    def _line(self, item: Legacy) -> None:
        ledger, account_id = self.ledger, self.source.account_id(item.line)
        stamp = self.source.stamp(self.entered_by, item.line)
        act = _stamped(item.act, stamp)
        try:
            ledger.check_act(act)
            account = ledger.registered(
                item.registration, act, self.layer.line, history=True, account_id=account_id
            )
        except LedgerError as refusal:
            refusal.field = f"registration.{_field(refusal.field)}"
            raise
        self.layer.keep([account])
        self.layer.collect()
        for index, (command, entry) in enumerate(item.history):
            try:
                entry = _stamped(entry, stamp)
                self._entry(replace(command, account_id=account_id), entry)
            except LedgerError as refusal:
                refusal.field = f"history.{index}.{_field(refusal.field)}"
                raise

    def _entry(self, command: AccountCommand, act: Act) -> None:
        ledger = self.ledger
        check_fields(command, ledger.rules.max_field_length)
        for name, moment in command_times(command):
            ledger.check_term(moment, name)
        ledger.check_act(act)
        desk = _HistoryDesk(ledger, act.occurred_at)

        def decide(account: Account) -> None:
            # Legacy history comes in order; the late entry of a live ledger (a decision
            # entered after later ones, within a window of the recording clock) has no
            # place in it.
            if act.occurred_at < account.last_occurred_at:
                raise RuleViolation(
                    f"{act.occurred_at.isoformat()} is before the entry before it "
                    f"({account.last_occurred_at.isoformat()}): history is given in order",
                    rule="history-order",
                    field="occurred_at",
                )
            command.decide(account, act, desk)

        _, aggregates = ledger.decided(command.account_id, decide)
        self.layer.keep(aggregates)
        self.layer.collect()

    def save(self, line: int, imported: int, rejected: int) -> None:
        """The batch and the import's new position, in one transaction."""
        self.progress.advance(line, imported, rejected)
        try:
            # The events only: an imported account is not snapshotted as it is imported.
            self.ledger.save_collected(self.layer.events, self.progress)
        except IntegrityError:
            self.ledger.forget()
            raise ConcurrentChange(
                "another import of the same source saved a batch at the same time"
            ) from None
        self.layer = _Layer()


def _looked_up(legacy: list[Legacy], refs: list[str]) -> Iterator[UUID]:
    """The index aggregates a batch will ask for: its subjects and names (and the barred
    names' next page, which the ledger knows)."""
    for item, ref in zip(legacy, refs, strict=True):
        yield SubjectIndex.create_id(ref)
        yield NameIndex.create_id(normalise(item.registration.name))
        for command, _ in item.history:
            if isinstance(command, ChangeName):
                yield NameIndex.create_id(normalise(command.value))


def _stamped(act: Act, stamp: EnteredBy) -> Act:
    """The act naming its source line: as the edge stamped it (`Source.stamp`), else so."""
    return act if act.entered_by == stamp else replace(act, entered_by=stamp)


def _field(name: str | None) -> str:
    """A refused field as the line names it: an act's time is its `at`."""
    return {None: "command", "occurred_at": "at"}.get(name, name or "command")


def _rejected(line: int, refusal: LedgerError) -> Rejected:
    return Rejected(
        line=line,
        field=refusal.field or "line",
        rule=refusal.rule,
        message=refusal.message,
        article=refusal.article or "",
    )


class _HistoryDesk(Desk):
    """The ledger as a decision in legacy history sees it: its clock is the entry's own
    time (deadlines and validity are judged then) and the name policy records its
    findings without refusing (R3 in history mode)."""

    def __init__(self, ledger: Ledger, at: datetime) -> None:
        self.ledger, self.at = ledger, at
        self.rules: LedgerRules = ledger.rules
        self.clock: Callable[[], datetime] = lambda: at

    def reviews(
        self, values: dict[str, str], licences: frozenset[str] = frozenset()
    ) -> dict[str, Verdict]:
        found = self.ledger.reviews(values, licences)
        return {name: as_recorded(verdict) for name, verdict in found.items()}

    def authorised(self, licence: Authorisation | None) -> frozenset[str]:
        return evidence_in_force(licence, self.at)

    def check_name_free(self, name: str, account_id: UUID) -> None:
        self.ledger.check_name_free(name, account_id)

    def seal(self, identity: Identity) -> SubjectRef:
        return self.ledger.seal(identity)

    def check_may_hold(self, subject_ref: str) -> None:
        self.ledger.check_may_hold(subject_ref)

    def check_not_blacklisted(self, subject_ref: str) -> None:
        self.ledger.check_not_blacklisted(subject_ref)

    def binding(self, account: Account, at: datetime) -> list[str]:
        return self.ledger.binding(account, at)

    def seal_contact(self, subject_ref: str, contact: str) -> str:
        return self.ledger.seal_contact(subject_ref, contact)

    def history(self, account_id: UUID) -> list[Any]:
        return self.ledger.history(account_id)
