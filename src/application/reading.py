"""`LedgerReader`: the store read as the ledger reads it, and nothing that writes.

The ledger's wiring of a store (its recorders, the sealing mapper, the transcodings, the
snapshots) and its reads of one account (now, at a version, as of a business time, its
history) live here once; `Ledger` (`ledger.py`) is this reader and everything that
decides and writes. A read of one account opens only this: the account's aggregate and
the library, not the commands, the indexes, the name review or the other aggregates
(issue 16: a CLI `show` is mostly start-up). A store's other aggregates are imported
when an event of theirs is first met (`all_aggregates`).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from datetime import UTC, datetime
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import MutableOrImmutableAggregate
from eventsourcing.persistence import ApplicationRecorder, JSONTranscoder, Mapper
from eventsourcing.utils import Environment, EnvType, TopicError

from accountledger.application.chain import GENESIS, ChainedMapper, is_sealed, unwrap
from accountledger.application.codec import TOPIC as CODEC_TOPIC
from accountledger.application.timeline import Decided, timeline
from accountledger.application.transcodings import ActAsDict
from accountledger.domain.account import Account
from accountledger.domain.errors import AccountNotFound
from accountledger.domain.rules import DEFAULT_RULES, LedgerRules

# Our recorders (`application/timeline.py`): events, their business times and the
# snapshots due, in one transaction. By topic, so a store's driver loads only when used.
_RECORDERS = {
    "eventsourcing.sqlite": "accountledger.application.timeline_sqlite:TimedSQLiteRecorder",
    "eventsourcing.postgres": "accountledger.application.timeline_postgres:TimedPostgresRecorder",
}
# Every other aggregate a store may hold, so that its pinned topics resolve in any
# process that reads it (`Ledger` imports them all; a reader when it meets one).
AGGREGATE_MODULES = (
    "appeals", "campaigns", "checkpoints", "complaints", "ending", "erasure", "imports",
    "indexes", "reports",
)  # fmt: skip
Clock = Callable[[], datetime]


def wall_clock() -> datetime:
    """The recording clock of a ledger nobody gave one: the machine's, in UTC."""
    return datetime.now(UTC)


def all_aggregates() -> None:
    for module in AGGREGATE_MODULES:
        importlib.import_module(f"accountledger.domain.{module}")


class LedgerReader(Application[UUID]):
    """The ledger's store, read: one account now, at a version, as of a business time."""

    name = "accountledger"
    # Every snapshot is kept: sparse (one per interval of an aggregate's events), each
    # the start of a point-in-time replay at any time after it (`account_as_of`).
    snapshotting_intervals: ClassVar[dict[type[MutableOrImmutableAggregate[Any]], int]] = {
        Account: 50,
    }
    cache_size = 10_000
    # Commands work on cached aggregates without fast-forwarding or copying them: a
    # stale aggregate cannot commit (its save conflicts), and `_run` forgets the whole
    # cache after any failed attempt, so the next attempt reads the store afresh.
    env: ClassVar[dict[str, str]] = {
        "AGGREGATE_CACHE_MAXSIZE": str(cache_size),
        "AGGREGATE_CACHE_FASTFORWARD": "n",
        "DEEPCOPY_FROM_AGGREGATE_CACHE": "n",
    }

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        rules: LedgerRules = DEFAULT_RULES,
        clock: Clock = wall_clock,
    ) -> None:
        super().__init__(env)
        self.clock = clock
        self.rules = rules

    def construct_env(self, name: str, env: EnvType | None = None) -> Environment:
        environment = super().construct_env(name, env)
        topic = _RECORDERS.get(environment.get("PERSISTENCE_MODULE") or "")
        if topic and not environment.get("APPLICATION_RECORDER_TOPIC"):
            environment["APPLICATION_RECORDER_TOPIC"] = topic
        # The library's JSON, byte for byte, decoded faster (`application/codec.py`).
        if not environment.get("TRANSCODER_TOPIC"):
            environment["TRANSCODER_TOPIC"] = CODEC_TOPIC
        return environment

    def construct_recorder(self) -> ApplicationRecorder:
        recorder = super().construct_recorder()
        # The in-memory factory takes no recorder topic: its recorder is replaced by ours.
        # The library's in-memory module is loaded only by an in-memory store (a store on
        # disk need not import it: issue 16, a CLI read's start-up).
        popo = sys.modules.get("eventsourcing.popo")
        if popo is not None and isinstance(recorder, popo.POPOApplicationRecorder):
            from accountledger.application.timeline_popo import TimedPOPORecorder

            return TimedPOPORecorder()
        return recorder

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(ActAsDict())

    # ------------------------------------------------------------- sealing (R16)

    def construct_mapper(self) -> Mapper[UUID]:
        """Every stored event is sealed into its aggregate's hash chain."""
        return ChainedMapper(
            transcoder=self.construct_transcoder(),
            cipher=self.factory.cipher(),
            compressor=self.factory.compressor(),
            lookup=self._stored_hash,
        )

    def _stored_hash(self, aggregate_id: UUID, version: int) -> str:
        stored = self.recorder.select_events(aggregate_id, gt=version - 1, lte=version)
        if not stored or not is_sealed(stored[0].state):
            return GENESIS  # nothing there: the insert will conflict; or history before seals
        return unwrap(stored[0].state).hash

    # ------------------------------------------------------------------ reading

    def account(self, account_id: UUID, version: int | None = None) -> Account:
        """The account now (read from the store, not the cache), or at an event version."""
        self._evict(account_id)
        return self._load(account_id, version)

    def _load(self, account_id: UUID, version: int | None = None) -> Account:
        try:
            account = self._get(account_id, version)
        except AggregateNotFoundError:
            raise AccountNotFound(account_id) from None
        if not isinstance(account, Account):
            raise AccountNotFound(account_id)
        return account

    def _get(self, aggregate_id: UUID, version: int | None = None) -> Any:
        """The aggregate from the repository; an aggregate of a kind not yet imported
        is imported with all the others, then read again."""
        try:
            return self.repository.get(aggregate_id, version=version)
        except TopicError:
            all_aggregates()
            return self.repository.get(aggregate_id, version=version)

    def _events(self, account_id: UUID, **selection: Any) -> list[Any]:
        """Stored events of an aggregate, decoded (`_get`'s import on an unknown kind)."""
        try:
            return list(self.repository.event_store.get(account_id, **selection))
        except TopicError:
            all_aggregates()
            return list(self.repository.event_store.get(account_id, **selection))

    def history(self, account_id: UUID) -> list[Any]:
        """Every event of one account, in order (R16, R18)."""
        events = self._events(account_id)
        if not events or not isinstance(events[0], Account.Event):
            raise AccountNotFound(account_id)
        return events

    def account_as_of(self, account_id: UUID, as_of: datetime) -> Account | None:
        """The account at business time `as_of`, replayed from the events decided by then
        in the order recorded: a decision entered late counts from its decision time (R18).

        None when the account did not exist yet at that time. The events decided by then
        are versions 1..p and a few late entries after p (`application/timeline.py`): the
        replay starts from the snapshot at or before p and reads nothing after it but
        those late entries, so its cost does not grow with the account's history.
        """
        decided = self._decided_by(account_id, as_of)
        if decided is None:  # a history begun before the index: decoded whole
            return self._replayed(
                [e for e in self.history(account_id) if e.act.occurred_at <= as_of]
            )
        if decided.prefix == 0:
            return None
        account: Any = self._load(account_id, decided.prefix)
        return self._replayed(self._versions(account_id, decided.late), account)

    def events_as_of(
        self, account_id: UUID, as_of: datetime, offset: int = 0, limit: int | None = None
    ) -> tuple[list[Any], int]:
        """The events decided by `as_of`, in the order recorded, from the `offset`th, at
        most `limit`; and how many there are in all (R18). Only those read and decoded."""
        decided = self._decided_by(account_id, as_of)
        if decided is None:
            events = [e for e in self.history(account_id) if e.act.occurred_at <= as_of]
            return events[offset : None if limit is None else offset + limit], len(events)
        total = decided.prefix + len(decided.late)
        stop = total if limit is None else min(total, offset + limit)
        last = min(stop, decided.prefix)
        prefix = self._events(account_id, gt=offset, lte=last) if offset < last else []
        late = decided.late[max(0, offset - decided.prefix) : max(0, stop - decided.prefix)]
        return [*prefix, *self._versions(account_id, late)], total

    def history_page(
        self, account_id: UUID, offset: int = 0, limit: int | None = None
    ) -> tuple[list[Any], int]:
        """Every event of one account from the `offset`th, at most `limit`, and how many
        there are in all: only that page is read (R16, R18)."""
        if limit is None:
            events = self.history(account_id)
            return events[offset:], len(events)
        last = self._events(account_id, desc=True, limit=1)
        if not last or not isinstance(last[0], Account.Event):
            raise AccountNotFound(account_id)
        page = self._events(account_id, gt=offset, lte=offset + limit)
        return page, last[0].originator_version

    def _decided_by(self, account_id: UUID, as_of: datetime) -> Decided | None:
        timed = timeline(self.recorder)
        return None if timed is None else timed.decided_by(account_id, as_of)

    def _versions(self, account_id: UUID, versions: Iterable[int]) -> Iterator[Any]:
        for version in versions:
            yield from self._events(account_id, gt=version - 1, lte=version)

    @staticmethod
    def _replayed(decided: Iterable[Any], account: Any = None) -> Account | None:
        for domain_event in decided:
            if account is not None:
                # A decision entered late follows events decided after it, which are
                # left out here: it applies on what was decided before it.
                account.version = domain_event.originator_version - 1
            account = domain_event.mutate(account)
        assert account is None or isinstance(account, Account)
        return account

    def _evict(self, aggregate_id: UUID) -> None:
        if self.repository.cache is not None:
            with suppress(KeyError):
                self.repository.cache.get(aggregate_id, evict=True)
