"""Round trips to PostgreSQL, counted on the wire (`tests/roundtrips.py`): outside its
save (the library's, as the raw library makes it), a registration makes one round trip
(its look-ahead), a command on a cached account none, so the cost of a registration
cannot creep back unseen (issue 16 point 6; R1-R4, R17). Counting, not timing: the
save's own count varies with how its pipeline is answered, the reads' does not."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.adapters.inputs import id_card_check
from accountledger.application.commands import RecordActivity, Register, VerifyIdentity
from accountledger.application.identity import Identity
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Act, Role
from tests.roundtrips import RoundTrips, counting
from tests.stores import postgres_answers, postgres_database

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
# Registrations before counting: the pool's connections opened, statements prepared.
WARM = 6


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


class Outside:
    """Round trips of the ledger's work outside its saves, and inside them."""

    def __init__(self, proxy: RoundTrips, ledger: Ledger) -> None:
        self.proxy, self.in_saves = proxy, 0
        save = ledger.save

        def counted(*aggregates: Any, **kwargs: Any) -> Any:
            before = proxy.count
            try:
                return save(*aggregates, **kwargs)
            finally:
                self.in_saves += proxy.count - before

        ledger.save = counted  # type: ignore[method-assign]

    def of(self, work: Callable[[], Any]) -> tuple[int, Any]:
        """(round trips outside the saves, the result) of `work`."""
        before, saved = self.proxy.count, self.in_saves
        result = work()
        return (self.proxy.count - before) - (self.in_saves - saved), result


def _outside_registrations(proxy: RoundTrips, ledger: Ledger, act: Callable[[], Act]) -> list[int]:
    outside = Outside(proxy, ledger)
    for serial in range(WARM):  # connections opened, statements prepared
        ledger.handle(_registration(serial), act())
    return [
        outside.of(lambda n=n: ledger.handle(_registration(n), act()))[0]  # type: ignore[misc]
        for n in range(WARM, WARM + 5)
    ]


def _typical(counts: list[int]) -> int:
    """The median of `counts`, after checking none is more than one over it: on a busy
    machine the connection pool now and then replaces a connection in the middle of a
    registration (a trip of its own, seen once in a loaded run), which is not the
    ledger's reading; losing the look-ahead costs five more on every registration."""
    typical = sorted(counts)[len(counts) // 2]
    assert max(counts) <= typical + 1, counts
    return typical


def test_a_registration_reads_in_one_round_trip(
    through_proxy: tuple[RoundTrips, Ledger, Callable[[], Act]],
) -> None:
    """R1-R4: a registration on PostgreSQL asks after its subject's index, its name's
    index and the barred names in one read before its save (it was six: two each)."""
    proxy, ledger, act = through_proxy
    assert _typical(_outside_registrations(proxy, ledger, act)) == 1


def test_a_new_subjects_key_is_one_round_trip_to_a_postgresql_key_store(
    tmp_path: Path,
) -> None:
    """R17: with the key store in PostgreSQL too, a registration's new subject key is one
    statement (insert unless taken) committing on its own: two round trips outside the
    save in all (a select, an insert and a transaction around them took four)."""
    with _proxied(tmp_path, keys_in_postgres=True) as (proxy, ledger, act):
        assert _typical(_outside_registrations(proxy, ledger, act)) == 2


def test_a_command_on_an_account_reads_nothing(
    through_proxy: tuple[RoundTrips, Ledger, Callable[[], Act]],
) -> None:
    """R8: a command on a cached account reads nothing: only its save goes to the server."""
    proxy, ledger, act = through_proxy
    outside = Outside(proxy, ledger)
    account = ledger.handle(_registration(1), act()).account_id
    ledger.handle(VerifyIdentity(account_id=account), act())
    for _ in range(WARM):
        ledger.handle(RecordActivity(account_id=account), act())
    counted = [
        outside.of(lambda: ledger.handle(RecordActivity(account_id=account), act()))
        for _ in range(3)
    ]
    assert all(recorded.events == ("ActivityRecorded",) for _, recorded in counted)
    assert [trips for trips, _ in counted] == [0, 0, 0]
