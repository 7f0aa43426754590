"""Import events/s against a raw bulk insert of the same rows (issue 16, point 1).

One run, embedded store (SQLite file, WAL, durable on commit):
1. `generate(path, accounts)` writes a synthetic NDJSON file: every account registered,
   verified, renamed, warned, suspended and reinstated (six account events, and the
   index events they lead to);
2. import: `accountledger import FILE` as the CLI runs it (validation of every line,
   identity sealing, name policy in history mode, lifecycle, indexes, batches);
3. the floor: the very rows the import stored (read back as they are) inserted into an
   empty copy of the same table with one `executemany` in one transaction.
Usage: python bench/scale_import.py [ACCOUNTS] [POSTGRESQL_URL] (an empty database: the
floor is then the same rows inserted with `executemany` into a copy of its table).
`generate` is what a 10M-event store is built from:
`python -c "from bench.scale_import import generate; generate(Path(F), N)"`.
"""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from accountledger.adapters.inputs import id_card_check

START = datetime(2024, 1, 1, tzinfo=UTC)
GROUNDS: dict[str, Any] = {
    "reason": "legacy measure",
    "basis": ["2021-19"],
    "violation": ["2021-18-6"],
    "case_id": "legacy",
}


def id_card(serial: int) -> str:
    """A distinct, valid resident identity card number for each serial under 36 million."""
    born = date(1950, 1, 1) + timedelta(days=(serial // 1000) % 36_000)
    body = f"{110101 + serial // 36_000_000:06d}{born:%Y%m%d}{serial % 1000:03d}"
    return body + id_card_check(body)


def line(serial: int) -> dict[str, Any]:
    """One account of a synthetic platform and six events of its history."""
    at = START + timedelta(seconds=serial)

    def when(hours: int) -> str:
        return (at + timedelta(hours=hours)).isoformat()

    return {
        "registration": {
            "actor": "legacy-signup:platform",
            "at": when(0),
            "name": f"Potter {serial}",
            "identity_kind": "id_card",
            "identity_number": id_card(serial),
            "nature": "individual",
            "registration_place": "Jingdezhen",
            "operating_place": "Jingdezhen",
            "content_category": "crafts",
        },
        "history": [
            {"command": "verify-identity", "actor": "r-1:reviewer", "at": when(1)},
            {"command": "change-name", "actor": "p-1:platform", "at": when(2),
             "value": f"Kiln {serial}"},
            {"command": "warn", "actor": "m-1:moderator", "at": when(3), **GROUNDS},
            {"command": "suspend", "actor": "m-1:moderator", "at": when(4), **GROUNDS},
            {"command": "reinstate", "actor": "m-1:moderator", "at": when(5),
             "reason": "legacy reinstatement", "basis": ["2021-19"]},
        ],
    }  # fmt: skip


def generate(path: Path, accounts: int, start: int = 0) -> Path:
    """Write `accounts` synthetic accounts, one a line, serials from `start`."""
    with path.open("w", encoding="utf-8") as out:
        for serial in range(start, start + accounts):
            out.write(json.dumps(line(serial), ensure_ascii=False) + "\n")
    return path


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_mb() -> float:
    """This process's peak resident memory so far (Linux), in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _import(
    directory: Path, source: Path, store: str | None = None
) -> tuple[float, float, dict[str, Any]]:
    from accountledger.adapters.cli import run

    os.environ["ACCOUNTLEDGER_STORE"] = store or f"sqlite:///{directory / 'store.db'}"
    os.environ["ACCOUNTLEDGER_KEYSTORE"] = f"sqlite:///{directory / 'keys.db'}"
    # A bench on a scratch database, not an operator's: no API key to present.
    os.environ["ACCOUNTLEDGER_REQUIRE_KEYS"] = "off"
    out = directory / "out.json"
    started, cpu = time.perf_counter(), _cpu()
    saved = sys.stdout
    with out.open("w") as sys.stdout:
        code = run(["import", str(source), "--json"])
    sys.stdout = saved
    elapsed, cpu = time.perf_counter() - started, _cpu() - cpu
    if code != 0:
        raise SystemExit(f"import exited {code}: {out.read_text()}")
    return elapsed, cpu, json.loads(out.read_text())


def _bulk_insert(directory: Path) -> tuple[float, int]:
    """The same stored rows, inserted in one transaction into an empty copy of the table."""
    source = sqlite3.connect(directory / "store.db")
    (schema,) = source.execute(
        "SELECT sql FROM sqlite_master WHERE type='table' AND name='stored_events'"
    ).fetchone()
    rows = source.execute("SELECT * FROM stored_events ORDER BY rowid").fetchall()
    source.close()
    target = sqlite3.connect(directory / "floor.db")
    target.execute("PRAGMA journal_mode=WAL")
    target.execute("PRAGMA synchronous=FULL")
    target.execute(schema)
    marks = ",".join("?" * len(rows[0]))
    started = time.perf_counter()
    with target:
        target.executemany(f"INSERT INTO stored_events VALUES ({marks})", rows)
    elapsed = time.perf_counter() - started
    target.close()
    return elapsed, len(rows)


def _bulk_insert_postgres(store: str) -> tuple[float, int]:
    """The same stored rows, inserted in one transaction (`executemany`, which psycopg
    pipelines) into an empty copy of the table."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(store)
    with psycopg.connect(
        host=url.host, port=url.port or 5432, user=url.username, dbname=url.database
    ) as connection:
        table = "accountledger_events"
        rows = connection.execute(f"SELECT * FROM {table} ORDER BY notification_id").fetchall()
        connection.execute("DROP TABLE IF EXISTS floor_events")
        connection.execute(f"CREATE TABLE floor_events (LIKE {table} INCLUDING ALL)")
        connection.commit()
        marks = ",".join(["%s"] * len(rows[0]))
        started = time.perf_counter()
        with connection.transaction(), connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO floor_events VALUES ({marks})", rows)
        elapsed = time.perf_counter() - started
        connection.execute("DROP TABLE floor_events")
    return elapsed, len(rows)


def measure(accounts: int = 2000, store: str | None = None) -> dict[str, float | int | str]:
    """Import events/s and the raw bulk insert's, side by side in one run; on the
    embedded store, or on `store` (an empty PostgreSQL database's URL)."""
    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        source = generate(directory / "platform.jsonl", accounts)
        elapsed, cpu, result = _import(directory, source, store)
        # Before the floor, which holds every stored row in memory at once.
        peak = _peak_mb()
        if store is None:
            floor_elapsed, rows = _bulk_insert(directory)
        else:
            floor_elapsed, rows = _bulk_insert_postgres(store)
    events = int(result["events"])
    rate, floor = events / elapsed, rows / floor_elapsed
    return {
        "store": "postgresql" if store else "sqlite",
        "accounts": accounts,
        "events": events,
        "import_seconds": round(elapsed, 2),
        # The machine is shared: CPU seconds say what the import itself cost.
        "import_cpu_seconds": round(cpu, 2),
        "import_events_per_cpu_s": round(events / cpu),
        "import_events_per_s": round(rate),
        "bulk_insert_events_per_s": round(floor),
        "ratio": round(rate / floor, 3),
        "import_peak_rss_mb": round(peak),
    }


def main() -> None:
    accounts = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    store = sys.argv[2] if len(sys.argv) > 2 else None
    figures = measure(accounts, store)
    table = Table(title="import against a raw bulk insert of the same rows")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for key, value in figures.items():
        table.add_row(key, f"{value:,}" if isinstance(value, int) else str(value))
    Console().print(table)


if __name__ == "__main__":
    main()
