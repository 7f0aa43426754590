"""The library's own cost of an imported event, against the raw bulk insert (issue 16).

What an import cannot do without, whatever its rules, on this stack: an aggregate event
made by a decorated command method (`eventsourcing.domain`: the event object, its
`mutate`), turned into a stored event by the library's `Mapper` (`JSONTranscoder`), and
inserted by the library's SQLite recorder in batches of one transaction each. None of
accountledger's code runs here: the aggregate below has no rules, no hash chain, no
identity, no names and no indexes. The floor is the same as `scale_import.py`'s: the very
rows the recorder stored, inserted into an empty copy of the table with one
`executemany` in one transaction.

`bound` = floor seconds / the library's seconds: the highest ratio to the bulk insert an
import could reach in one process with this library even if every rule of the ledger cost
nothing. Both in one run; CPU seconds of this process.

Usage: python bench/import_floor.py [ACCOUNTS]   (default 10,000; 12 events each)
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import DatetimeAsISO, JSONTranscoder, Mapper, UUIDAsHex
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore

EVENTS_PER_ACCOUNT = 12
BATCH_ACCOUNTS = 500
START = datetime(2024, 1, 1, tzinfo=UTC)


class Legacy(Aggregate):
    """An account with no rules: each event carries what an imported one does."""

    @event("Registered")
    def __init__(self, name: str, nature: str, place: str, at: datetime) -> None:
        self.name = name

    @event("Noted")
    def note(self, measure: str, reason: str, basis: list[str], at: datetime) -> None:
        self.last = measure


def _cpu() -> float:
    return time.process_time()


def _decide(accounts: int) -> list[Any]:
    """Every account and its history made through the library's decorated methods."""
    events: list[Any] = []
    for serial in range(accounts):
        at = START + timedelta(seconds=serial)
        account = Legacy(f"Legacy account {serial}", "individual", "Beijing", at)
        for step in range(EVENTS_PER_ACCOUNT - 1):
            account.note("warning", "legacy measure", ["2021-19"], at + timedelta(hours=step))
        events.extend(account.collect_events())
    return events


def _construct(events: list[Any]) -> None:
    """The same events constructed directly from their classes, with no aggregate at all:
    the least an import could spend making the library's event objects."""
    for e in events:
        type(e)(**e.__dict__)


def _mapper() -> Mapper[UUID]:
    transcoder = JSONTranscoder()
    transcoder.register(UUIDAsHex())
    transcoder.register(DatetimeAsISO())
    return Mapper(transcoder=transcoder)


def _save(path: Path, stored: list[Any]) -> None:
    datastore = SQLiteDatastore(str(path))
    recorder = SQLiteApplicationRecorder(datastore)
    recorder.create_table()
    step = BATCH_ACCOUNTS * EVENTS_PER_ACCOUNT
    for start in range(0, len(stored), step):
        recorder.insert_events(stored[start : start + step])
    datastore.close()


def _floor(path: Path, floor: Path) -> tuple[float, int]:
    source = sqlite3.connect(path)
    (schema,) = source.execute(
        "SELECT sql FROM sqlite_master WHERE type='table' AND name='stored_events'"
    ).fetchone()
    rows = source.execute("SELECT * FROM stored_events ORDER BY rowid").fetchall()
    source.close()
    target = sqlite3.connect(floor)
    target.execute("PRAGMA journal_mode=WAL")
    target.execute("PRAGMA synchronous=FULL")
    target.execute(schema)
    marks = ",".join("?" * len(rows[0]))
    started = _cpu()
    with target:
        target.executemany(f"INSERT INTO stored_events VALUES ({marks})", rows)
    elapsed = _cpu() - started
    target.close()
    return elapsed, len(rows)


def measure(accounts: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        started = _cpu()
        events = _decide(accounts)
        decided = _cpu()
        _construct(events)
        constructed = _cpu()
        mapper = _mapper()
        stored = [mapper.to_stored_event(e) for e in events]
        encoded = _cpu()
        _save(directory / "library.db", stored)
        saved = _cpu()
        floor, rows = _floor(directory / "library.db", directory / "floor.db")
    library = (decided - started) + (saved - constructed)
    # With a second core: deciding in one process, encoding and inserting in the other
    # (nothing counted for passing the events between them), the slower stage sets the pace.
    piped = max(decided - started, saved - constructed)
    return {
        "events": float(rows),
        "decide_us": (decided - started) / rows * 1e6,
        "construct_only_us": (constructed - decided) / rows * 1e6,
        "encode_us": (encoded - constructed) / rows * 1e6,
        "insert_us": (saved - encoded) / rows * 1e6,
        "library_us": library / rows * 1e6,
        "library_events_per_cpu_s": rows / library,
        "floor_us": floor / rows * 1e6,
        "floor_events_per_cpu_s": rows / floor,
        "bound": floor / library,
        "bound_two_cores": floor / piped,
        # Events made straight from their classes, no aggregate, no rules, two cores.
        "bound_no_aggregate_two_cores": floor / max(constructed - decided, saved - constructed),
    }


def main() -> None:
    accounts = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    for key, value in measure(accounts).items():
        print(f"{key:28} {value:12,.3f}")


if __name__ == "__main__":
    main()
