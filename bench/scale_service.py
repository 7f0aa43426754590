"""Issue 16, the service's hot path: each figure beside its baseline, measured in one run.

1. HTTP write: `POST /accounts/{id}/record-activity` through the app (FastAPI's test
   client, in process: the service, not the network) against `Ledger.handle` of the same
   command on the same store, in the same process, alternating; p50 and p99 of each.
2. CLI start-up: wall time of `accountledger show ID --json` against `python -c pass`,
   both fresh processes with bytecode compiled (as an installed package has it),
   alternating; medians.
3. PostgreSQL round trips of a registration, counted on the wire by the protocol
   (`tests/roundtrips.py`: a trip opens when the client speaks after the server's
   ReadyForQuery), with and without the look-ahead, with the key store in SQLite and in
   PostgreSQL, against the raw library saving the same events (`Application.save`).

Usage:
    .venv/bin/python bench/scale_service.py [WRITES] [CLI_RUNS] [PARTS]   # http,cli,pg
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # `tests.roundtrips`, the one statement counter

from accountledger.adapters.bootstrap import Settings  # noqa: E402
from accountledger.adapters.inputs import id_card_check  # noqa: E402
from accountledger.application.commands import RecordActivity, Register, VerifyIdentity  # noqa: E402
from accountledger.application.identity import Identity  # noqa: E402
from accountledger.application.ledger import Ledger  # noqa: E402
from accountledger.domain.act import Act, Role  # noqa: E402

Figures = dict[str, float | int | str]
DETAILS = {
    "nature": "individual",
    "registration_place": "Beijing",
    "operating_place": "Beijing",
    "content_category": "news",
}
START = datetime(2026, 1, 1, tzinfo=UTC)


def registration(serial: int) -> Register:
    body = f"11010119900101{serial % 1000:03d}"
    return Register(
        name=f"Scale account {serial}",
        identity=Identity("id_card", body + id_card_check(body)),
        **DETAILS,
    )


def act(role: Role, moment: datetime) -> Act:
    return Act(actor_id=f"{role.value}-bench", actor_role=role, occurred_at=moment)


class Clock:
    """A recording clock one second on per reading: no figure depends on today."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


# ------------------------------------------------------------------ 1. HTTP write


def http_write(writes: int = 400) -> Figures:
    """`POST .../record-activity` p50/p99 against `Ledger.handle` of the same command."""
    from fastapi.testclient import TestClient

    from accountledger.adapters.http.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(store=f"sqlite:///{tmp}/service.db")
        clock = Clock()
        app = create_app(settings, clock=clock)
        with TestClient(app) as client:
            service = app.state.service
            _, secret = service.keys.create("platform", "platform-bench")
            headers = {"Authorization": f"Bearer {secret}"}
            ledger: Ledger = service.ledger
            accounts = [
                ledger.handle(registration(n), act(Role.PLATFORM, clock())).account_id
                for n in range(20)
            ]
            for account in accounts:
                ledger.handle(VerifyIdentity(account_id=account), act(Role.PLATFORM, clock()))
            client.get(f"/accounts/{accounts[0]}", headers=headers)  # the read side made
            http: list[float] = []
            direct: list[float] = []
            for n in range(writes):
                account = accounts[n % len(accounts)]
                started = time.perf_counter()
                answer = client.post(
                    f"/accounts/{account}/record-activity", json={}, headers=headers
                )
                http.append(time.perf_counter() - started)
                assert answer.status_code == 200, answer.text
                command = RecordActivity(account_id=account, kind="login")
                started = time.perf_counter()
                ledger.handle(command, act(Role.PLATFORM, clock()))
                direct.append(time.perf_counter() - started)
            # Read-your-writes holds at the end of the run: the read models took every write.
            shown = client.get(f"/accounts/{accounts[0]}/inquiry", headers=headers)
    return {
        "http_writes": writes,
        "http_p50_ms": percentile(http, 0.5) * 1000,
        "http_p99_ms": percentile(http, 0.99) * 1000,
        "handle_p50_ms": percentile(direct, 0.5) * 1000,
        "handle_p99_ms": percentile(direct, 0.99) * 1000,
        "http_p50_ratio": percentile(http, 0.5) / percentile(direct, 0.5),
        "http_p99_ratio": percentile(http, 0.99) / percentile(direct, 0.99),
        "read_after_writes": shown.status_code,
    }


# ------------------------------------------------------------------ 2. CLI start-up


def _cpu_and_wall(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one fresh process."""
    before = os.times()
    started = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu


def cli_show(runs: int = 15) -> Figures:
    """`accountledger show ID --json` against `python -c pass`, alternating, medians."""
    from accountledger.adapters.bootstrap import open_ledger

    python = sys.executable
    cli = str(Path(python).with_name("accountledger"))
    with tempfile.TemporaryDirectory() as tmp:
        store = f"sqlite:///{tmp}/cli.db"
        clock = Clock()
        ledger = open_ledger(Settings(store=store), clock)
        account = ledger.handle(registration(1), act(Role.PLATFORM, clock())).account_id
        ledger.close()
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env |= {
            "ACCOUNTLEDGER_STORE": store,
            "ACCOUNTLEDGER_REQUIRE_KEYS": "off",
            # Bytecode kept apart from the sources, written by the first run.
            "PYTHONPYCACHEPREFIX": str(Path(tempfile.gettempdir(), "accountledger-pycache")),
        }
        commands = {
            "show": [cli, "show", str(account), "--json"],
            "pass": [python, "-c", "pass"],
            # Where the rest goes: the ledger and the domain it defines, no CLI.
            "ledger_import": [python, "-c", "import accountledger.application.ledger"],
        }
        for argv in commands.values():
            _cpu_and_wall(argv, env)  # bytecode written, as an installed package has it
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, argv in commands.items():
                samples[name].append(_cpu_and_wall(argv, env))
    wall = {name: statistics.median(w for w, _ in got) for name, got in samples.items()}
    cpu = {name: statistics.median(c for _, c in got) for name, got in samples.items()}
    return {
        "cli_runs": runs,
        "show_json_s": wall["show"],
        "python_pass_s": wall["pass"],
        "show_ratio": wall["show"] / wall["pass"],
        "show_cpu_ratio": cpu["show"] / cpu["pass"] if cpu["pass"] else float("nan"),
        "ledger_import_s": wall["ledger_import"],
        "ledger_import_ratio": wall["ledger_import"] / wall["pass"],
    }


# ------------------------------------------------------- 3. PostgreSQL round trips

PG = os.environ.get("ACCOUNTLEDGER_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")


@contextmanager
def _database() -> Iterator[str]:
    import uuid

    import psycopg

    name = f"bench_roundtrips_{uuid.uuid4().hex[:10]}"
    admin = PG.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def _registrations(
    url: str, keys: str, count: int, look_ahead: bool, keys_through_proxy: bool = False
) -> tuple[list[int], list[list[Any]]]:
    """Round trips of `count` registrations through the counting proxy, and their saves."""
    from accountledger.adapters.bootstrap import open_ledger
    from tests.roundtrips import counting

    with counting(url) as (proxy, via):
        clock = Clock()
        keys = proxy.url(keys) if keys_through_proxy else keys
        ledger = open_ledger(Settings(store=via, keystore=keys), clock)
        if not look_ahead:
            ledger.existing = None  # as before issue 16: each index looked up alone
        saved: list[list[Any]] = []
        save = ledger.save

        def recording(*aggregates: Any, **kwargs: Any) -> Any:
            recordings = save(*aggregates, **kwargs)
            saved.append([r.domain_event for r in recordings])
            return recordings

        ledger.save = recording  # type: ignore[method-assign]
        trips = []
        for serial in range(count):
            before = proxy.count
            ledger.handle(registration(serial), act(Role.PLATFORM, clock()))
            trips.append(proxy.count - before)
        ledger.close()
    return trips, saved


def pg_round_trips(count: int = 20) -> Figures:
    """Round trips of a registration (event store on PostgreSQL, key store apart in
    SQLite), with and without the one look-ahead read, against the raw library saving
    the same events; medians past the first five (connections and statements warm)."""
    from eventsourcing.application import Application
    from eventsourcing.persistence import JSONTranscoder

    from accountledger.adapters.bootstrap import persistence_env
    from accountledger.application.transcodings import ActAsDict
    from tests.roundtrips import counting

    class Raw(Application[Any]):
        name = "accountledger"

        def register_transcodings(self, transcoder: JSONTranscoder) -> None:
            super().register_transcodings(transcoder)
            transcoder.register(ActAsDict())

    warm = 5
    with tempfile.TemporaryDirectory() as tmp:
        with _database() as url:
            before, _ = _registrations(url, f"sqlite:///{tmp}/before.keys.db", count, False)
        with _database() as url:
            after, saved = _registrations(url, f"sqlite:///{tmp}/after.keys.db", count, True)
        with _database() as url, _database() as keys:
            both, _ = _registrations(url, keys, count, True, keys_through_proxy=True)
        with _database() as url, counting(url) as (proxy, via):
            raw = Raw(env=persistence_env(via))
            raw_trips = []
            for group in saved:
                started = proxy.count
                raw.save(*group)
                raw_trips.append(proxy.count - started)
            raw.close()
    return {
        "pg_registrations": count,
        "pg_trips_before": statistics.median(before[warm:]),
        "pg_trips_after": statistics.median(after[warm:]),
        "pg_trips_raw_save": statistics.median(raw_trips[warm:]),
        "pg_trips_keys_in_pg": statistics.median(both[warm:]),
    }


def measure(
    writes: int = 400, cli_runs: int = 15, pg_registrations: int = 20, parts: str = "http,cli,pg"
) -> Figures:
    """Every figure of the service's hot path, each beside its baseline of the same run."""
    figures: Figures = {}
    if "http" in parts:
        figures |= http_write(writes)
    if "cli" in parts:
        figures |= cli_show(cli_runs)
    if "pg" in parts:
        try:
            figures |= pg_round_trips(pg_registrations)
        except Exception as error:  # no server: the other figures stand
            figures["pg_round_trips"] = f"not measured: {type(error).__name__}: {error}"[:120]
    return figures


def main() -> None:
    writes = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    parts = sys.argv[3] if len(sys.argv) > 3 else "http,cli,pg"
    figures = measure(writes, runs, parts=parts)
    table = Table("figure", "value", title="Issue 16: the service's hot path")
    for key, value in figures.items():
        table.add_row(key, f"{value:,.2f}" if isinstance(value, float) else str(value))
    Console().print(table)


if __name__ == "__main__":
    main()
