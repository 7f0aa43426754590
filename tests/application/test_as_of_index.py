"""The state on a past date from a snapshot and the business-time index, never from the
whole history, and the snapshots written in the command's own transaction (issue 16
points 5 and 6; R16, R18)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import IntegrityError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.application.commands import RecordActivity, Restrict, Warn
from accountledger.application.ledger import Ledger
from accountledger.application.timeline import timeline
from accountledger.domain.account import Account
from accountledger.domain.act import Act, Role
from tests.application.helpers import GROUNDS, Desk
from tests.stores import postgres_answers, store_for

# Small, so that a short history crosses several snapshots.
INTERVAL = 3
# (what, hours: forward when positive, a late entry dated that far back when negative)
Step = tuple[str, int]
steps = st.lists(
    st.tuples(st.sampled_from(["activity", "warn", "restrict"]), st.integers(-30, 6)),
    min_size=1,
    max_size=14,
)


@pytest.fixture(autouse=True)
def small_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(Ledger.snapshotting_intervals, Account, INTERVAL)


@contextmanager
def fresh(kind: str) -> Iterator[Ledger]:
    """A ledger on a new store of `kind`, for one example of a property."""
    if kind == "memory":
        ledger = open_ledger(Settings(store="memory:"))
        yield ledger
        ledger.close()
        return
    with tempfile.TemporaryDirectory() as scratch, store_for(kind, Path(scratch)) as urls:
        ledger = open_ledger(Settings(store=urls[0], keystore=urls[1]))
        try:
            yield ledger
        finally:
            ledger.close()


def fields(account: Any) -> dict[str, Any]:
    return {k: v for k, v in vars(account).items() if k != "_pending_events"}


def full_replay(ledger: Ledger, account_id: UUID, moment: datetime) -> Account | None:
    """R18 as the ledger first implemented it: every event decided by `moment`, in the
    order recorded, a late entry applied on what was decided before it."""
    account: Any = None
    for domain_event in ledger.history(account_id):
        if domain_event.act.occurred_at > moment:
            continue
        if account is not None:
            account.version = domain_event.originator_version - 1
        account = domain_event.mutate(account)
    return account


def record(ledger: Ledger, desk: Desk, account: UUID, verified: datetime, step: Step) -> None:
    what, hours = step
    if hours >= 0:
        desk.now += timedelta(hours=hours, minutes=1)
        at = desk.now
    else:  # a late entry: dated back, never before the last change of status
        at = max(desk.now + timedelta(hours=hours), verified + timedelta(seconds=1))
    if what == "activity":
        act = Act(actor_id="operator-1", actor_role=Role.OPERATOR, occurred_at=at)
        ledger.handle(RecordActivity(account_id=account), act)
        return
    act = Act(actor_id="moderator-1", actor_role=Role.MODERATOR, occurred_at=at, **GROUNDS)
    if what == "warn":
        ledger.handle(Warn(account_id=account), act)
    else:
        until = desk.now + timedelta(days=30)
        ledger.handle(Restrict(account_id=account, functions=("comment",), until=until), act)


def check_every_time(ledger: Ledger, history: list[Step]) -> None:
    desk = Desk(ledger)
    account = desk.active("Timeline Garden")
    verified = desk.now
    for step in history:
        record(ledger, desk, account, verified, step)
    times = sorted({e.act.occurred_at for e in ledger.history(account)})
    moments = [t + d for t in times for d in (-timedelta(microseconds=1), timedelta(0))]
    for moment in [*moments, times[-1] + timedelta(days=1)]:
        same_as_a_full_replay(ledger, account, moment)


def same_as_a_full_replay(ledger: Ledger, account: UUID, moment: datetime) -> None:
    """The state, the events and a page of them as of `moment`, against the whole history."""
    fast, slow = ledger.account_as_of(account, moment), full_replay(ledger, account, moment)
    assert (fast is None) == (slow is None), moment
    if fast is not None:
        assert fields(fast) == fields(slow), moment
    decided = [e.originator_version for e in ledger.history(account) if e.act.occurred_at <= moment]
    events, total = ledger.events_as_of(account, moment)
    assert ([e.originator_version for e in events], total) == (decided, len(decided))
    page, total = ledger.events_as_of(account, moment, offset=2, limit=3)
    assert ([e.originator_version for e in page], total) == (decided[2:5], len(decided))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_as_of_equals_a_full_replay_at_every_time_in_memory(history: list[Step]) -> None:
    """R18: whatever the history (late entries included), the state at every time from the
    index and a snapshot equals the replay of every event decided by then."""
    with fresh("memory") as ledger:
        check_every_time(ledger, history)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_as_of_equals_a_full_replay_at_every_time_on_sqlite(history: list[Step]) -> None:
    """R18: the same on the embedded store, where the index is SQL."""
    with fresh("sqlite") as ledger:
        assert timeline(ledger.recorder) is not None
        check_every_time(ledger, history)


@pytest.mark.skipif(postgres_answers() is not None, reason=str(postgres_answers()))
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_as_of_equals_a_full_replay_at_every_time_on_postgres(history: list[Step]) -> None:
    """R18: the same on PostgreSQL."""
    with fresh("postgres") as ledger:
        assert timeline(ledger.recorder) is not None
        check_every_time(ledger, history)


def snapshot_versions(ledger: Ledger, account: UUID) -> list[int]:
    assert ledger.snapshots is not None
    return [s.originator_version for s in ledger.snapshots.recorder.select_events(account)]


def test_a_save_that_fails_leaves_no_snapshot(store: Settings) -> None:
    """R16: the snapshot is written in the save's own transaction: a save that loses the
    race leaves neither its events nor its snapshot, and its retry takes it afresh."""
    ledger, other = open_ledger(store), open_ledger(store)
    desk, beside = Desk(ledger), Desk(other)
    account = desk.active("Raced Garden")  # versions 1 and 2
    stale = ledger.account(account)
    other.snapshotting_intervals = {}  # type: ignore[misc]  # this writer takes none
    beside.now = desk.now
    beside.do(RecordActivity(account_id=account), Role.OPERATOR)  # version 3
    stale.record_activity("login", act=desk.act(Role.OPERATOR))  # version 3 too: a snapshot is due
    with pytest.raises(IntegrityError):
        ledger.save(stale)
    assert snapshot_versions(ledger, account) == []
    assert ledger.account(account).version == 3
    desk.do(RecordActivity(account_id=account), Role.OPERATOR)  # version 4
    desk.do(RecordActivity(account_id=account), Role.OPERATOR)  # version 5
    desk.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS)  # version 6: due
    assert snapshot_versions(ledger, account) == [6]
    other.close()
    ledger.close()


def test_the_snapshot_is_the_aggregate_as_the_save_left_it(store: Settings) -> None:
    """R16, R18: the snapshot is taken from the aggregate in memory, at the last version
    of a save that reaches the interval, and loads to the account the events give."""
    ledger = open_ledger(store)
    desk = Desk(ledger)
    account = desk.active("Snapshot Garden")
    desk.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS)
    assert snapshot_versions(ledger, account) == [3]
    assert ledger.snapshots is not None
    (taken,) = ledger.snapshots.get(account)
    assert taken.originator_version == 3
    replayed = full_replay(ledger, account, desk.now)
    assert fields(ledger.account(account)) == fields(replayed)
    ledger.close()


def test_a_history_begun_before_the_index_replays_from_every_event(tmp_path: Path) -> None:
    """R16, R18: an account whose first events were stored before the business-time index
    (no row for version 1) is replayed from its whole history, with the same result."""
    with store_for("sqlite", tmp_path) as (url, keys):
        ledger = open_ledger(Settings(store=url, keystore=keys))
        desk = Desk(ledger)
        account = desk.active("Older Garden")
        for step in [("warn", 2), ("activity", 1), ("activity", -1), ("restrict", 3)]:
            record(ledger, desk, account, desk.now, step)
        with ledger.recorder.datastore.transaction(commit=True) as c:  # type: ignore[attr-defined]
            c.execute(
                "DELETE FROM stored_business_times WHERE originator_id=? AND originator_version<3",
                (account.bytes,),
            )
        timed = timeline(ledger.recorder)
        assert timed is not None and timed.decided_by(account, desk.now) is None
        for event in ledger.history(account):
            same_as_a_full_replay(ledger, account, event.act.occurred_at)
        ledger.close()
