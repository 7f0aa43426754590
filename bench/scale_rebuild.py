"""Rebuild events/s against the raw read + bulk insert floor, in one run (issue 16 point 4).

On a copy of the cached store of EVENTS events that `bench/verify.py` builds (real
sealed events written through the Ledger; built on first use, git-ignored):

1. **floor**: the read models' notifications read through the recorder in pages, as the
   rebuild reads them (no decoding), then one row per event bulk-inserted into a scratch
   table in one transaction (SQLAlchemy executemany; the rebuild itself now loads with
   `COPY` on PostgreSQL and a prepared executemany on SQLite). The floor's
   rate is events / (read seconds + insert seconds). Measured before and after the
   rebuild; the mean of the two is the baseline, so a machine that got busier midway
   weighs on both sides alike.
2. **rebuild**: `LedgerProjection.rebuild()` of every read model, in a child process of
   its own so that its peak RSS is the rebuild's alone.

The ratio is rebuild events/s over floor events/s (the aim: >= 0.30). Usage:
    python bench/scale_rebuild.py [EVENTS ...] [--postgres]     (default 200000)

With `--postgres` the store's events and snapshots are first copied, in order, into a
new PostgreSQL database (ACCOUNTLEDGER_BENCH_PG, default postgres@127.0.0.1:5432), and
the floor and the rebuild run there (the key store stays the SQLite copy).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import Column, Integer, MetaData, String, create_engine
from sqlalchemy import Table as SqlTable

sys.path.insert(0, str(Path(__file__).resolve().parent))

from verify import store_for

from accountledger.adapters.bootstrap import Settings, open_ledger, open_projection
from accountledger.projections.projector import REBUILD_PAGE, TOPICS

console = Console()
PG = os.environ.get("ACCOUNTLEDGER_BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
Figures = dict[str, float | int | str]


def _copy(store: Path, into: Path) -> Path:
    copy = into / store.name
    shutil.copyfile(store, copy)
    shutil.copyfile(store.with_suffix(".keys.db"), copy.with_suffix(".keys.db"))
    return copy


@contextmanager
def _as_is(path: Path) -> Iterator[str]:
    yield f"sqlite:///{path}"


@contextmanager
def _postgres_copy(path: Path, keystore: str) -> Iterator[str]:
    """A new PostgreSQL database holding the SQLite store's events and snapshots, in
    their order (so the same notification ids), dropped after."""
    import psycopg

    name = f"bench_rebuild_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql+psycopg://{PG.removeprefix('postgresql://')}/{name}"
    try:
        open_ledger(Settings(store=url, keystore=keystore)).close()  # its tables
        source = sqlite3.connect(path)
        with psycopg.connect(f"{PG}/{name}") as target, target.cursor() as cursor:
            columns = "originator_id, originator_version, topic, state"
            for table, into, order in (
                ("stored_events", "events", "rowid"),  # the notification order
                ("stored_snapshots", "snapshots", "originator_id, originator_version"),
            ):
                rows = source.execute(f"SELECT {columns} FROM {table} ORDER BY {order}")
                with cursor.copy(f"COPY accountledger_{into} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        source.close()
        yield url
    finally:
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Clock:
    """Wall and CPU seconds since it was made: other helpers share these 2 cores, so the
    CPU seconds (this process's own) are reported beside the wall ones."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def read(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall, time.process_time() - self.cpu


Seconds = tuple[float, float]  # (wall, cpu)


def _url(store: Path | str) -> str:
    """A store's URL: a path is a SQLite file (as `bench/scale.py` passes it)."""
    return f"sqlite:///{store}" if isinstance(store, Path) else store


def floor(store: Path | str, keystore: str | None = None) -> tuple[int, Seconds, Seconds]:
    """(events, read seconds, insert seconds): the raw read and the bulk insert."""
    store = _url(store)
    ledger = open_ledger(Settings(store=store, keystore=keystore))
    clock = Clock()
    rows: list[dict[str, Any]] = []
    position = 0
    while found := ledger.recorder.select_notifications(
        start=position + 1, limit=REBUILD_PAGE, topics=TOPICS
    ):
        for notification in found:
            rows.append(
                {
                    "notification_id": notification.id,
                    "account_id": str(notification.originator_id),
                    "topic": notification.topic,
                    "size": len(notification.state),
                }
            )
        position = found[-1].id
    read = clock.read()
    ledger.close()
    metadata = MetaData()
    scratch = SqlTable(
        "scale_rebuild_floor",
        metadata,
        Column("notification_id", Integer, primary_key=True, autoincrement=False),
        Column("account_id", String(36), nullable=False),
        Column("topic", String(80), nullable=False),
        Column("size", Integer, nullable=False),
    )
    engine = create_engine(store)
    metadata.drop_all(engine)
    metadata.create_all(engine)
    clock = Clock()
    with engine.begin() as connection:
        for start in range(0, len(rows), 5_000):
            connection.execute(scratch.insert(), rows[start : start + 5_000])
    inserted = clock.read()
    metadata.drop_all(engine)
    engine.dispose()
    return len(rows), read, inserted


def _rebuild_child(store: str, keystore: str | None, queue: Any) -> None:
    settings = Settings(store=store, keystore=keystore)
    ledger = open_ledger(settings)
    projection = open_projection(ledger, settings)
    clock = Clock()
    processed = projection.rebuild()
    elapsed = clock.read()
    projection.view.close()
    ledger.close()
    queue.put((processed, elapsed, _peak_mb()))


def _peak_mb() -> float:
    """This process's peak RSS. Not `ru_maxrss`: it survives exec, so a child spawned by
    a parent that held the floor's rows would report the parent's size."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rebuild(store: Path | str, keystore: str | None = None) -> tuple[int, Seconds, float]:
    """(events, seconds, peak RSS MB) of one rebuild, in a child process."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=_rebuild_child, args=(_url(store), keystore, queue))
    child.start()
    processed, elapsed, peak_mb = queue.get()
    child.join()
    return int(processed), elapsed, float(peak_mb)


def measure(events: int = 200_000, postgres: bool = False) -> Figures:
    """Rebuild against the floor on a copy of the cached store of `events` events (its
    events copied into a new PostgreSQL database if `postgres`)."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = _copy(store_for(events), Path(tmp))
        keystore = f"sqlite:///{copy.with_suffix('.keys.db')}"
        with _postgres_copy(copy, keystore) if postgres else _as_is(copy) as store:
            count, read_before, insert_before = floor(store, keystore)
            processed, seconds, peak_mb = rebuild(store, keystore)
            _, read_after, insert_after = floor(store, keystore)
    figures: Figures = {
        "store": "postgresql" if postgres else "sqlite",
        "store events": events,
        "read-model events": processed,
    }
    for index, kind in enumerate(("wall", "cpu")):
        read = (read_before[index] + read_after[index]) / 2
        insert = (insert_before[index] + insert_after[index]) / 2
        floor_rate, rate = count / (read + insert), processed / seconds[index]
        figures |= {
            f"raw read events/s ({kind})": round(count / read),
            f"bulk insert rows/s ({kind})": round(count / insert),
            f"floor events/s ({kind})": round(floor_rate),
            f"rebuild events/s ({kind})": round(rate),
            f"rebuild seconds ({kind})": round(seconds[index], 1),
            f"ratio ({kind})": round(rate / floor_rate, 3),
        }
    return figures | {"peak RSS MB": round(peak_mb)}


def main(argv: list[str] | None = None) -> list[Figures]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("events", nargs="*", type=int, default=[200_000])
    parser.add_argument("--postgres", action="store_true", help="on PostgreSQL (127.0.0.1)")
    args = parser.parse_args(argv)
    results = [measure(events, args.postgres) for events in args.events]
    table = Table(title="rebuild against the raw read + bulk insert floor (same run)")
    table.add_column("figure")
    for figures in results:
        table.add_column(f"{figures['store events']:,} events", justify="right")
    for name in results[0]:
        cells = [results[i][name] for i in range(len(results))]
        table.add_row(name, *(f"{v:,}" if isinstance(v, int) else str(v) for v in cells))
    console.print(table)
    return results


if __name__ == "__main__":
    main()
