"""The projection: reads the ledger's notification log in order, updates every read
model, and records its position in the same transaction (exactly once).

It replays each account's events onto an `Account` of its own (the event bodies are
the only code that says what an event does to an account), so every read model is
derived from the events alone and a rebuild from the first event gives the same rows.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.persistence import PersistenceError, Tracking
from eventsourcing.projection import Projection
from sqlalchemy.exc import SQLAlchemyError

from accountledger.domain.account import Account
from accountledger.domain.appeals import Appeal
from accountledger.domain.complaints import Complaint
from accountledger.domain.reports import DisposalReport
from accountledger.projections import (
    account_status,
    appeals,
    complaints,
    disposal_register,
    name_registry,
    public_registry,
    subject_holdings,
)
from accountledger.projections.batch import Batch
from accountledger.projections.change import Before, Change
from accountledger.projections.resident import (
    Recent,
    Resident,
    deferred_indexes,
    fewer_collections,
)
from accountledger.projections.schema import READ_MODELS
from accountledger.projections.view import ReadStore

READ_MODEL_MODULES = (
    account_status,
    disposal_register,
    name_registry,
    public_registry,
    subject_holdings,
)
Progress = Callable[[int, int], None]
# Accounts whose aggregate (and, in a rebuild, whose rows) stay in memory, so memory is
# bounded whatever the store's size (a rebuild of 1M events: 166 MB at 4,000, 183 MB at
# 5,000, as fast); an account that left is loaded from its snapshot when it returns.
ACCOUNTS_KEPT = 5_000
# Events a rebuild reads, decodes and applies at a time.
REBUILD_PAGE = 2_000


class Source(Protocol):
    """What the projection needs of the ledger (the application layer stays apart)."""

    @property
    def name(self) -> str: ...

    @property
    def recorder(self) -> Any: ...

    @property
    def mapper(self) -> Any: ...

    @property
    def repository(self) -> Any: ...


REPORTED: Any = DisposalReport.Reported  # type: ignore[attr-defined]


class ProjectionStalled(Exception):
    """An event the read models cannot take: the batch holding it is not committed, so the
    read models stay as they were after the last good batch (issue 15 point 1)."""

    rule = "projection-stalled"

    def __init__(self, notification_id: int, topic: str, cause: BaseException) -> None:
        self.notification_id, self.topic = notification_id, topic
        self.cause = f"{type(cause).__name__}: {cause}"
        super().__init__(
            f"the read models stopped at notification {notification_id} ({topic}): "
            f"{self.cause}; they are left as they were before it (rule: {self.rule})"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "error": str(self),
            "rule": self.rule,
            "notification_id": self.notification_id,
            "topic": self.topic,
        }


def _nested_topics(aggregate: type) -> list[str]:
    return [
        str(getattr(value, "TOPIC"))  # noqa: B009 - not every nested class declares it
        for name, value in vars(aggregate).items()
        if isinstance(value, type) and name not in ("Event", "Created") and "TOPIC" in vars(value)
    ]


def _topics() -> tuple[str, ...]:
    account_events = [
        value.TOPIC
        for value in vars(Account).values()
        if isinstance(value, type) and issubclass(value, Account.Event) and "TOPIC" in vars(value)
    ]
    return (
        *account_events,
        REPORTED.TOPIC,
        *_nested_topics(Appeal),
        *_nested_topics(Complaint),
    )


TOPICS = _topics()


class LedgerProjection(Projection[ReadStore]):
    """Every read model of the ledger, kept by one tracked projection."""

    name = "read-models"
    topics = TOPICS

    def __init__(self, view: ReadStore, source: Source, batch_size: int = 1000) -> None:
        super().__init__(view)
        self.source = source
        self.batch_size = batch_size
        self.accounts_kept = ACCOUNTS_KEPT
        self.rebuild_page = REBUILD_PAGE
        self._accounts: Recent[Account] = Recent(ACCOUNTS_KEPT)
        # The ledger's mapper reads for a reader that never writes (no seal kept) where
        # it can (`ChainedMapper.read`); any mapper's `to_domain_event` otherwise.
        mapper = source.mapper
        self._texts: dict[Any, str] = {}
        self._decode: Callable[[Any], Any] = getattr(mapper, "read", mapper.to_domain_event)

    # The library's per-event entry point, for runners that push one event at a time.
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self._process([(tracking.notification_id, domain_event)], tracking)

    def catch_up(self, progress: Progress | None = None, until: int | None = None) -> int:
        """Process every event recorded since the last tracked position (up to the
        position `until`, if given); return how many.

        An event the read models cannot take raises `ProjectionStalled` naming it; its
        batch is not committed, so the read models stay as they were before it."""
        processed = 0
        while True:
            position = self.view.max_tracking_id(self.source.name) or 0
            batch = self._next(position, until)
            if not batch:
                return processed
            tracking = Tracking(self.source.name, batch[-1][0])
            if self._process(batch, tracking, expected=position):
                processed += len(batch)
                if progress is not None:
                    progress(tracking.notification_id, len(batch))

    def lag(self) -> int:
        """How far behind the store the read models are, in positions: 0 when no event they
        take was recorded after the tracked position, else from the first such event to the
        newest recorded (operations' projection lag, issue 17)."""
        position = self.view.max_tracking_id(self.source.name) or 0
        waiting = self.source.recorder.select_notifications(
            start=position + 1, limit=1, topics=self.topics
        )
        if not waiting:
            return 0
        newest: int = self.source.recorder.max_notification_id() or 0
        return max(0, newest - int(waiting[0].id) + 1)

    def _next(
        self, position: int, until: int | None = None, limit: int | None = None
    ) -> list[tuple[int, Any]]:
        """The next batch after `position` (none past `until`): each event with its
        notification id."""
        notifications = self.source.recorder.select_notifications(
            start=position + 1, limit=limit or self.batch_size, stop=until, topics=self.topics
        )
        return [(n.id, self._event(n)) for n in notifications]

    def _event(self, notification: Any) -> Any:
        try:
            return self._decode(notification)
        except Exception as error:  # a stored event that no longer decodes
            raise ProjectionStalled(notification.id, notification.topic, error) from error

    def follow(self, interval: float = 1.0, stop: Callable[[], bool] = lambda: False) -> None:
        """Keep the read models current for a shared store until `stop()` says so."""
        while not stop():
            if not self.catch_up():
                time.sleep(interval)

    def rebuild(self, progress: Progress | None = None) -> int:
        """Drop every read model and rebuild it from the first event, in one transaction:
        if any event cannot be applied (`ProjectionStalled`) or the process dies, the
        read models are left exactly as they were, never half-dropped.

        Each event is decoded once and applied to rows kept in memory (`Resident`); each
        row is written once, in bulk, and the secondary indexes are built after the load."""
        self._accounts = Recent(self.accounts_kept)
        processed = position = 0
        try:
            with fewer_collections(), self.view.transaction() as connection:
                self.view.drop(connection)
                deferred = deferred_indexes(READ_MODELS)
                for index in deferred:
                    index.drop(connection)
                batch = Resident(connection, READ_MODELS, capacity=self.accounts_kept)
                while events := self._next(position, limit=self.rebuild_page):
                    position = events[-1][0]
                    self._apply_all(batch, events)
                    processed += len(events)
                    if progress is not None:
                        progress(position, len(events))
                batch.finish()
                for index in deferred:
                    index.create(connection)
                if position:
                    self.view.insert_tracking(Tracking(self.source.name, position))
        except BaseException:
            self._accounts.clear()  # they may hold events that did not commit
            raise
        return processed

    def _process(
        self, events: list[tuple[int, Any]], tracking: Tracking, expected: int | None = None
    ) -> bool:
        try:
            with self.view.transaction() as connection:
                if expected is not None and self.view.max_tracking_id(
                    tracking.application_name
                ) != (expected or None):
                    return False  # another process got there first; read again
                self._apply_all(Batch(connection, READ_MODELS), events)
                self.view.insert_tracking(tracking)
        except BaseException:
            self._accounts.clear()  # they may hold events of the batch that did not commit
            raise
        return True

    def _apply_all(self, batch: Batch, events: list[tuple[int, Any]]) -> None:
        """Apply a batch of events to the read models' rows and write them; an event that
        cannot be applied stops the batch, named by its notification id and topic."""
        # Each event's account id as text, worked out once (a UUID's text is slow).
        account_ids = [self._text(getattr(e, "account_id", e.originator_id)) for _, e in events]
        batch.prefetch(account_ids)
        for (notification_id, domain_event), account_id in zip(events, account_ids, strict=True):
            try:
                self._apply(batch, domain_event, account_id)
            except (SQLAlchemyError, PersistenceError):
                raise  # the database's failure, not the event's
            except Exception as error:
                topic = getattr(domain_event, "TOPIC", type(domain_event).__qualname__)
                raise ProjectionStalled(notification_id, topic, error) from error
        batch.flush()

    def _text(self, ident: Any) -> str:
        """An id's text, kept for the accounts in memory: `str(UUID)` formats the number
        afresh on each call, a dict look-up by the UUID is a third of that."""
        # Keyed by a UUID's number: hashing and comparing a `UUID` run Python code.
        key = ident.int if type(ident) is UUID else ident
        text = self._texts.get(key)
        if text is None:
            if len(self._texts) >= 4 * self.accounts_kept:
                self._texts.clear()
            text = self._texts[key] = str(ident)
        return text

    def _apply(self, batch: Batch, domain_event: Any, account_id: str) -> None:
        if isinstance(domain_event, Account.Event):  # most events: one test
            self._apply_to_account(batch, domain_event, account_id)
        elif isinstance(domain_event, REPORTED):
            disposal_register.report(batch, domain_event)
        elif isinstance(domain_event, Appeal.Event):
            appeals.apply(batch, domain_event)
        elif isinstance(domain_event, Complaint.Event):
            complaints.apply_complaint(batch, domain_event)
        else:
            self._apply_to_account(batch, domain_event, str(domain_event.originator_id))

    def _apply_to_account(self, batch: Batch, domain_event: Any, account_id: str) -> None:
        before = self._account_before(domain_event, account_id)
        snapshot = Before.of(before)
        account = domain_event.mutate(before)
        change = Change(domain_event, account, snapshot, account_id)
        if self._accounts.get(account_id) is not account:  # else `recall` moved it last
            self._accounts.use(account_id, account)
        for module in READ_MODEL_MODULES:
            module.apply(batch, change)

    def _account_before(self, domain_event: Any, account_id: str) -> Account | None:
        version = domain_event.originator_version
        if version == 1:
            return None
        known = self._accounts.recall(account_id)
        if known is not None and known.version == version - 1:
            return known
        account: Account = self.source.repository.get(UUID(account_id), version=version - 1)
        return account
