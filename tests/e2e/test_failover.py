"""R16, R17 (2021 Art 19; 2017 Art 16; 2022 Art 16), issue 15 point 11: on a PostgreSQL
primary with a synchronous standby, writes are driven through the ledger, the primary is
killed with kill -9 in the middle of them, the standby is promoted and the service
pointed at it: every acknowledged write is there, and the store verifies.

The two clusters are private to the test (scripts/pg_failover_pair.sh, free ports, a
temporary directory); it skips where they cannot be made. What it measured is printed
(`pytest -s`) and summarised in docs/operations.md."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from uuid import UUID

import psycopg
import pytest
from eventsourcing.persistence import PersistenceError
from sqlalchemy.exc import DBAPIError

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.application.commands import VerifyIdentity, Warn
from accountledger.application.disclosure import identity
from accountledger.application.identity import Identity, Registration
from accountledger.application.integrity import seal_checkpoint, verify
from accountledger.application.ledger import Ledger, Recorded
from accountledger.domain.act import Role
from tests.adapters.cli_runner import as_json, cli_at_now
from tests.application.helpers import GROUNDS, Desk, id_card
from tests.e2e.pg_pair import Pair, pg_pair

# How a write on a dead server fails: the event store's error, the key store's, psycopg's.
LOST_CONNECTION = (PersistenceError, DBAPIError, psycopg.OperationalError)
KILL_AFTER = 60  # acknowledged writes before the primary dies
ACCOUNTS = 400  # at most: the writer stops long before (id_card serials go to 999)


@dataclass
class Stream:
    """What the writer was told: each acknowledged write (account, version), and the
    error that ended the stream when the primary died under a write."""

    acknowledged: list[tuple[UUID, int]] = field(default_factory=list)
    error: BaseException | None = None
    failed_at: float = 0.0  # when the writer was told (monotonic)
    stop: threading.Event = field(default_factory=threading.Event)

    def ack(self, recorded: Recorded) -> UUID:
        self.acknowledged.append((recorded.account_id, recorded.version))
        return recorded.account_id


def write(desk: Desk, stream: Stream) -> None:
    """Register, verify and warn account after account until a write fails."""
    ledger = desk.ledger
    try:
        for serial in range(1, ACCOUNTS + 1):
            if stream.stop.is_set():
                return
            person = Identity("id_card", id_card(serial), "13800138000")
            registration = Registration(name=f"Failover Garden {serial}", identity=person)
            account = stream.ack(ledger.register(registration, desk.act(Role.PLATFORM)))
            stream.ack(desk.do(VerifyIdentity(account_id=account), Role.REVIEWER))
            stream.ack(desk.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS))
    except Exception as error:  # the primary died: this write was never acknowledged
        stream.error = error
        stream.failed_at = time.monotonic()


@pytest.fixture
def pair(monkeypatch: pytest.MonkeyPatch) -> Iterator[Pair]:
    """Two private clusters, the ledger's and the key store's databases made on the
    primary (the standby replays them); a pool waits at most 2 s for a connection."""
    monkeypatch.setenv("POSTGRES_CONNECT_TIMEOUT", "2")
    with pg_pair() as made:
        admin = f"host=127.0.0.1 port={made.primary_port} user=postgres dbname=postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            for database in ("ledger", "keys"):
                connection.execute(f"CREATE DATABASE {database}")
        yield made


def settings(pair: Pair, port: int) -> Settings:
    return Settings(store=pair.url(port, "ledger"), keystore=pair.url(port, "keys"))


def replication(pair: Pair) -> tuple[str, str]:
    """The primary's synchronous_commit, and its standby's sync state."""
    admin = f"host=127.0.0.1 port={pair.primary_port} user=postgres dbname=postgres"
    with psycopg.connect(admin) as connection:
        commit = connection.execute("SHOW synchronous_commit").fetchone()
        state = connection.execute("SELECT sync_state FROM pg_stat_replication").fetchone()
    assert commit is not None and state is not None
    return str(commit[0]), str(state[0])


def until(done: Callable[[], bool], failure: str) -> None:
    """Wait, polling, for `done` (a minute at most). Polling keeps to differences of the
    clock, which hold under faketime, where a deadline handed to the kernel may not."""
    deadline = time.monotonic() + 60
    while not done():
        assert time.monotonic() < deadline, failure
        time.sleep(0.005)


def fail_over(pair: Pair, desk: Desk, stream: Stream) -> tuple[float, float]:
    """Write from a thread; once KILL_AFTER writes are acknowledged, kill -9 the primary
    under the next ones, promote the standby at once (an HA manager would after its
    timeout) and stop the old service: its pool closed, a write still waiting for the
    dead primary fails then and there. When the kill began and when the standby took
    writes (monotonic)."""
    writer = threading.Thread(target=write, args=(desk, stream), daemon=True)
    writer.start()
    try:
        until(
            lambda: len(stream.acknowledged) >= KILL_AFTER or not writer.is_alive(),
            "the writer made no progress",
        )
        assert writer.is_alive(), f"the writer stopped before the kill: {stream.error!r}"
        killed = time.monotonic()
        pair.kill_primary()
        pair.promote()
        promoted = time.monotonic()
    finally:
        stream.stop.set()
        desk.ledger.close()
        until(lambda: not writer.is_alive(), "the writer hung on the dead primary")
    # The stream was cut by the lost connection, not by its end nor by another fault.
    assert isinstance(stream.error, LOST_CONNECTION), repr(stream.error)
    return killed, promoted


def stored_versions(ledger: Ledger, account: UUID) -> set[int]:
    return {event.originator_version for event in ledger.recorder.select_events(account)}


def on_new_primary(service: Settings, desk: Desk, stream: Stream) -> tuple[Recorded, int]:
    """Every acknowledged write found, an identity sealed before the loss opened, one more
    write taken, the store verified and sealed; the write it took, and the positions the
    log skipped (PostgreSQL hands out sequence numbers ahead of what it logs)."""
    ledger = open_ledger(service)
    after = Desk(ledger)
    after.now = desk.now  # the business clock goes on where the writer stopped
    try:
        missing = [
            (account, version)
            for account, version in stream.acknowledged
            if version not in stored_versions(ledger, account)
        ]
        assert missing == []
        first = stream.acknowledged[0][0]
        assert identity(ledger, first, Role.COMPLIANCE)["number"] == id_card(1)
        written = after.do(Warn(account_id=first), Role.MODERATOR, **GROUNDS)
        verified = verify(ledger)
        assert verified.holds
        assert seal_checkpoint(ledger, after.act(Role.SYSTEM)) is not None
        return written, verified.missing
    finally:
        ledger.close()


def test_every_acknowledged_write_survives_kill_9_of_the_primary_and_promotion(
    pair: Pair, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R16 (2021 Art 19, 2017 Art 16): a record acknowledged is kept, even when the primary
    is lost; R17 (2022 Art 16): the key store, replicated the same way, still opens the
    identities sealed before the loss."""
    assert replication(pair) == ("on", "sync")
    stream = Stream()
    desk = Desk(open_ledger(settings(pair, pair.primary_port)))
    killed, promoted = fail_over(pair, desk, stream)
    service = settings(pair, pair.standby_port)  # the service, pointed at the new primary
    written, skipped = on_new_primary(service, desk, stream)
    writing_again = time.monotonic()
    # `accountledger verify --strict` as an operator runs it against the new primary.
    verified = as_json(cli_at_now(service, monkeypatch)("verify", "--strict", "--json"))
    assert verified["holds"] is True and verified["holds_strictly"] is True
    print(
        f"\nfailover: {len(stream.acknowledged)} writes acknowledged before kill -9, "
        f"all found on the promoted standby; the write in flight failed with "
        f"{type(stream.error).__name__} {stream.failed_at - killed:.2f} s after the kill "
        f"began; promoted {promoted - killed:.2f} s after it (the old service then stopped); "
        f"a write on the new primary "
        f"acknowledged {writing_again - killed:.2f} s after it (version {written.version}); "
        f"{skipped} positions skipped; verify --strict: {verified['events']} events hold"
    )
