"""Round trips to PostgreSQL, counted on the wire (`tests/roundtrips.py`): a registration
costs no more than the raw library's save of the same events and one read, so the cost
cannot creep back unseen (issue 16 point 6; R1-R4, R17). Counting, not timing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.application import Application
from eventsourcing.persistence import JSONTranscoder

from accountledger.adapters.bootstrap import Settings, open_ledger, persistence_env
from accountledger.adapters.inputs import id_card_check
from accountledger.application.commands import RecordActivity, Register, VerifyIdentity
from accountledger.application.identity import Identity
from accountledger.application.ledger import Ledger
from accountledger.application.transcodings import ActAsDict
from accountledger.domain.act import Act, Role
from tests.roundtrips import RoundTrips, counting
from tests.stores import postgres_answers, postgres_database

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
# Registrations before counting: the pool's connections opened, statements prepared.
WARM = 6


class Raw(Application[Any]):
    """The library alone: the same events saved with no domain logic and no reads."""

    name = "accountledger"

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(ActAsDict())


def _registration(serial: int) -> Register:
    body = f"11010119900101{serial:03d}"
    return Register(
        name=f"Round trip account {serial}",
        identity=Identity("id_card", body + id_card_check(body)),
        nature="individual",
        registration_place="Beijing",
        operating_place="Beijing",
        content_category="news",
    )


@pytest.fixture
def through_proxy(tmp_path: Path) -> Iterator[tuple[RoundTrips, Ledger, Callable[[], Act]]]:
    """A ledger on a fresh PostgreSQL store reached through the counting proxy; the key
    store apart, in SQLite (R17). Its clock and acts move one second a call."""
    with _proxied(tmp_path, keys_in_postgres=False) as opened:
        yield opened


@contextmanager
def _proxied(
    tmp_path: Path, keys_in_postgres: bool
) -> Iterator[tuple[RoundTrips, Ledger, Callable[[], Act]]]:
    reason = postgres_answers()
    if reason is not None:
        pytest.skip(reason)
    now = [START]

    def clock() -> datetime:
        now[0] += timedelta(seconds=1)
        return now[0]

    with ExitStack() as stack:
        url = stack.enter_context(postgres_database())
        proxy, via = stack.enter_context(counting(url))
        keys = f"sqlite:///{tmp_path / 'keys.db'}"
        if keys_in_postgres:  # a database of its own on the same server (R17)
            keys = proxy.url(stack.enter_context(postgres_database()))
        ledger = open_ledger(Settings(store=via, keystore=keys), clock)

        def act() -> Act:
            return Act(actor_id="platform-1", actor_role=Role.PLATFORM, occurred_at=clock())

        try:
            yield proxy, ledger, act
        finally:
            ledger.close()


def _recording(ledger: Ledger) -> list[list[Any]]:
    """The events of every save the ledger makes from now, one list per save."""
    saved: list[list[Any]] = []
    save = ledger.save

    def recording(*aggregates: Any, **kwargs: Any) -> Any:
        recordings = save(*aggregates, **kwargs)
        saved.append([r.domain_event for r in recordings])
        return recordings

    ledger.save = recording  # type: ignore[method-assign]
    return saved


def _raw_trips(proxy: RoundTrips, warm: list[list[Any]], counted: list[list[Any]]) -> int:
    """The least round trips of the raw library saving each of `counted` (after `warm`,
    so its connections and statements are as warm as the ledger's) in a fresh database."""
    with postgres_database() as other:
        raw = Raw(env=persistence_env(proxy.url(other)))
        try:
            for group in warm:
                raw.save(*group)
            return min(_trips(proxy, lambda g=g: raw.save(*g))[0] for g in counted)  # type: ignore[misc]
        finally:
            raw.close()


def _trips(proxy: RoundTrips, work: Callable[[], Any]) -> tuple[int, Any]:
    before = proxy.count
    result = work()
    return proxy.count - before, result


def test_a_registration_costs_the_raw_save_and_one_read(
    through_proxy: tuple[RoundTrips, Ledger, Callable[[], Act]],
) -> None:
    """R1-R4: a registration on PostgreSQL asks after its subject's index, its name's
    index and the barred names in one read, then saves: the raw library's round trips
    for the same events plus one (it was the save plus six: two per index)."""
    proxy, ledger, act = through_proxy
    saved = _recording(ledger)
    for serial in range(WARM):  # connections opened and statements prepared
        ledger.handle(_registration(serial), act())
    # The least of a few: a pipelined save is sometimes answered mid-flight, one more
    # exchange on the wire; an extra read would show in every one.
    trips = min(
        _trips(proxy, lambda n=n: ledger.handle(_registration(n), act()))[0]  # type: ignore[misc]
        for n in range(WARM, WARM + 3)
    )
    assert len(saved) == WARM + 3  # one save a registration: the account and its indexes

    raw_trips = _raw_trips(proxy, saved[:WARM], saved[WARM:])
    assert raw_trips >= 1
    assert trips <= raw_trips + 1, (trips, raw_trips)


def test_a_command_on_an_account_costs_the_raw_save(
    through_proxy: tuple[RoundTrips, Ledger, Callable[[], Act]],
) -> None:
    """R8: a command on a cached account reads nothing: only its save goes to the server
    (five round trips with the library's table lock and notification)."""
    proxy, ledger, act = through_proxy
    account = ledger.handle(_registration(1), act()).account_id
    ledger.handle(VerifyIdentity(account_id=account), act())
    for _ in range(WARM):
        ledger.handle(RecordActivity(account_id=account), act())
    counted = [
        _trips(proxy, lambda: ledger.handle(RecordActivity(account_id=account), act()))
        for _ in range(3)
    ]
    assert all(recorded.events == ("ActivityRecorded",) for _, recorded in counted)
    assert min(trips for trips, _ in counted) <= 5, counted


def test_a_new_subjects_key_is_one_round_trip_to_a_postgresql_key_store(
    tmp_path: Path,
) -> None:
    """R17: with the key store in PostgreSQL too, a registration's new subject key is one
    statement (insert unless taken) committing on its own: the registration costs the
    raw save plus two round trips (a select, an insert and a transaction took four)."""
    with _proxied(tmp_path, keys_in_postgres=True) as (proxy, ledger, act):
        saved = _recording(ledger)
        for serial in range(WARM):
            ledger.handle(_registration(serial), act())
        trips = min(
            _trips(proxy, lambda n=n: ledger.handle(_registration(n), act()))[0]  # type: ignore[misc]
            for n in range(WARM, WARM + 3)
        )
        raw_trips = _raw_trips(proxy, saved[:WARM], saved[WARM:])
    assert trips <= raw_trips + 2, (trips, raw_trips)
