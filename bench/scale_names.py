"""Issue 16, name review: registration and review against 0 .. 1,000,000 barred names.

One run, embedded store (SQLite file, WAL, durable on commit), every size on a fresh
store side by side with the baseline of no barred names measured in the same run:
1. the barred set is built through the index API (`BarredNamesModel.bar`), a page
   (1,000 names) per save, not a registration each;
2. registration latency p50/p99 (`Ledger.register`, new ordinary names) in the ledger
   that built the set, and the name policy's review alone against the index;
3. what a new process pays once to read the barred names into its index;
4. at the largest size up to 100,000: the bytes the barred names take in the store
   (their pages' events and snapshots) against their events' bytes.
Usage:
    python bench/scale_names.py [LARGEST] [REGISTRATIONS]
"""

from __future__ import annotations

import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rich.console import Console
from rich.table import Table

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.adapters.inputs import id_card_check
from accountledger.application.identity import Identity, Registration
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Act, Role
from accountledger.domain.indexes import BarredPage

SIZES = (0, 10_000, 100_000, 1_000_000)
_SYLLABLES = [
    "an",
    "bo",
    "ca",
    "de",
    "el",
    "fi",
    "go",
    "ha",
    "in",
    "jo",
    "ka",
    "li",
    "mo",
    "na",
    "or",
    "pe",
    "qu",
    "ri",
    "sa",
    "to",
    "ul",
    "vi",
    "wa",
    "xe",
    "yo",
    "zu",
    "ber",
    "cor",
    "dan",
    "fen",
    "gar",
    "hol",
    "jin",
    "kel",
    "lor",
    "mar",
    "nel",
    "pol",
    "ros",
    "sen",
    "tal",
    "ven",
    "wil",
    "yan",
    "zor",
]
_HAN = "山城徒步花园猫北漂手记阳光书屋艺术人生铁路桥梁清风明月竹林茶馆小鱼厨房旅行"


def barred_name(rng: random.Random) -> str:
    """A plausible closed name: Latin words of syllables, or four to six Chinese
    characters (one in five), so the index's grams are as shared as real names'."""
    if rng.random() < 0.2:
        return "".join(rng.choice(_HAN) for _ in range(rng.randint(4, 6)))
    words = ("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))) for _ in (1, 2))
    return " ".join(w.capitalize() for w in words) + f" {rng.randint(0, 99)}"


def build_barred(ledger: Ledger, size: int, seed: int = 16) -> float:
    """Bar `size` names through the pages' API, a full page per save (as
    `BarredNamesModel.bar` fills them, without reading the last page back before each
    name), then bring the ledger's index forward; seconds taken."""
    rng = random.Random(seed)
    started = time.perf_counter()
    previous: BarredPage | None = None
    for number, first in enumerate(range(0, size, BarredPage.SIZE)):
        page = BarredPage(number=number)
        for _ in range(min(BarredPage.SIZE, size - first)):
            page.add(barred_name(rng))
        if previous is not None:
            previous.close()
        ledger.save(*(p for p in (previous, page) if p is not None))
        previous = page
    ledger.barred.index()
    return time.perf_counter() - started


def _acts() -> Callable[[Role], Act]:
    now = [datetime(2026, 1, 1, tzinfo=UTC)]

    def act(role: Role) -> Act:
        now[0] += timedelta(seconds=1)
        return Act(actor_id=f"{role.value}-b", actor_role=role, occurred_at=now[0])

    return act


def _registrations(count: int) -> Iterator[Registration]:
    rng = random.Random(1616)
    for serial in range(count):
        body = f"11010119900101{serial % 1000:03d}"
        yield Registration(
            name=f"{rng.choice(('Quiet', 'Bright', 'Little'))} Reader {serial:05d}",
            identity=Identity("id_card", body + id_card_check(body)),
            details={"nature": "individual"},
        )


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def _registration_latency(ledger: Ledger, baseline: Ledger, count: int) -> list[float]:
    """p50 and p99 of `count` registrations in `ledger`, and of the same registrations
    in `baseline` (a store with no barred names), taken in turn: a load on the shared
    machine falls on both alike."""
    acts, base_acts = _acts(), _acts()
    samples: list[float] = []
    base_samples: list[float] = []
    for registration in _registrations(count):
        for app, act, taken in ((ledger, acts, samples), (baseline, base_acts, base_samples)):
            started = time.perf_counter()
            app.register(registration, act(Role.PLATFORM))
            taken.append(time.perf_counter() - started)
    return [*_percentiles(samples), *_percentiles(base_samples)]


def _review_latency(ledger: Ledger, count: int) -> float:
    index, samples = ledger.barred.index(), []
    rng = random.Random(7)
    for _ in range(count):
        name = barred_name(rng) + " Fan"
        started = time.perf_counter()
        ledger.policy.review(name, barred=index)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _storage(store: Path) -> tuple[int, int]:
    """(bytes of the barred pages' events, bytes of their snapshots), as stored: each
    row's state, topic, id (16) and version (8)."""
    row = "coalesce(sum(length(state) + length(topic) + 16 + 8), 0)"
    pages = (
        "SELECT originator_id FROM stored_events WHERE topic = 'accountledger:BarredPage.Opened'"
    )
    with sqlite3.connect(store) as db:
        events = db.execute(
            f"SELECT {row} FROM stored_events WHERE originator_id IN ({pages})"
        ).fetchone()
        snaps = db.execute(
            f"SELECT {row} FROM stored_snapshots WHERE originator_id IN ({pages})"
        ).fetchone()
    return int(events[0]), int(snaps[0])


def measure_size(size: int, registrations: int) -> dict[str, float | int]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp, "names.db")
        settings = Settings(store=f"sqlite:///{store}")
        ledger = open_ledger(settings)
        # The key store first, as any platform's: the guard refuses a new one beside history.
        assert ledger.vault.pepper
        build = build_barred(ledger, size)
        baseline = open_ledger(Settings(store=f"sqlite:///{Path(tmp, 'baseline.db')}"))
        p50, p99, base_p50, base_p99 = _registration_latency(ledger, baseline, registrations)
        baseline.close()
        review = _review_latency(ledger, registrations)
        ledger.close()
        fresh = open_ledger(settings)
        started = time.perf_counter()
        fresh.barred.index()
        load = time.perf_counter() - started
        fresh.close()
        events, snapshots = _storage(store)
    return {
        "build_s": build,
        "register_p50_ms": p50 * 1000,
        "register_p99_ms": p99 * 1000,
        "baseline_p50_ms": base_p50 * 1000,
        "baseline_p99_ms": base_p99 * 1000,
        "review_p50_us": review * 1e6,
        "fresh_load_s": load,
        "events_bytes": events,
        "snapshots_bytes": snapshots,
    }


def measure(largest: int = 100_000, registrations: int = 300) -> dict[str, float | int | str]:
    """Every size up to `largest`, each with the ratios to the size 0 of the same run."""
    result: dict[str, float | int | str] = {"registrations": registrations}
    base: dict[str, float | int] = {}
    for size in (s for s in SIZES if s <= largest):
        figures = measure_size(size, registrations)
        print(size, {k: round(v, 3) for k, v in figures.items()}, flush=True)
        base = base or figures
        for key, value in figures.items():
            result[f"{size}:{key}"] = value
        # Against the same registrations in a store with none, taken in turn with them.
        result[f"{size}:register_p50_ratio"] = (
            figures["register_p50_ms"] / figures["baseline_p50_ms"]
        )
        result[f"{size}:review_ratio"] = figures["review_p50_us"] / base["review_p50_us"]
        if figures["events_bytes"]:
            stored = figures["events_bytes"] + figures["snapshots_bytes"]
            result[f"{size}:storage_ratio"] = stored / figures["events_bytes"]
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        result[f"{size}:peak_rss_mb"] = peak
    return result


def main(largest: int = 100_000, registrations: int = 300) -> dict[str, float | int | str]:
    result = measure(largest, registrations)
    table = Table(title=f"Name review at scale ({registrations} registrations per size)")
    columns = (
        ("barred names", None),
        ("build s", "build_s"),
        ("register p50 ms", "register_p50_ms"),
        ("p99 ms", "register_p99_ms"),
        ("p50 with none ms", "baseline_p50_ms"),
        ("p50 / with none", "register_p50_ratio"),
        ("review us", "review_p50_us"),
        ("review / at 0", "review_ratio"),
        ("new process load s", "fresh_load_s"),
        ("stored MB", None),
        ("stored / events", "storage_ratio"),
        ("peak RSS MB", "peak_rss_mb"),
    )
    for title, _ in columns:
        table.add_column(title, justify="right")
    for size in (s for s in SIZES if s <= largest):
        cells = []
        for title, key in columns:
            if key is None and title == "barred names":
                cells.append(f"{size:,}")
            elif key is None:
                stored = int(result[f"{size}:events_bytes"]) + int(
                    result[f"{size}:snapshots_bytes"]
                )
                cells.append(f"{stored / 1e6:.1f}")
            else:
                value = result.get(f"{size}:{key}", "")
                cells.append(f"{value:,.2f}" if isinstance(value, float) else str(value))
        table.add_row(*cells)
    Console(width=200).print(table)
    Console(width=200).print(result)
    return result


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
