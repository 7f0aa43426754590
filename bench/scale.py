"""Issue 16, point 7: every scale figure of the platform, side by side in one run.

    python bench/scale.py [--events N] [--barred N] [--history N] [--keep DIR] [--only PARTS]

Each part runs in a child process of its own (its peak memory is its own, `VmHWM`), one
after the other, each figure beside the baseline measured in the same run:

1. **import**: a synthetic platform of N events (`scale_import.generate`: every account
   registered, verified, renamed, warned, suspended and reinstated) built through
   `accountledger import`, against a raw bulk insert of the very rows it stored;
2. **rebuild**: the read models of that same store rebuilt, against the raw read of its
   notifications + a bulk insert of one row each (`scale_rebuild.floor`);
3. **names**: registration p50/p99 at 0 / 10k / 100k / 1M barred names (up to
   `--barred`), each against the same registration on a store with none, taken in turn;
4. **inquiry**: an as-of inquiry on an account of `--history` events against a small one;
5. **service**: the HTTP write against `Ledger.handle` of the same command, and
   `show ID --json` against `python -c pass`.

`--keep DIR` keeps the scale store (DIR/store.db and its key store) for later runs. The
figures of a run are written to docs/performance.md by hand, with the machine and date.
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))

Figures = dict[str, Any]
PARTS = ("import", "rebuild", "names", "inquiry", "service")
# Stored events per generated account (`scale_import.line`: its events and the index
# events they lead to), measured on the generated file.
EVENTS_PER_ACCOUNT = 12


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _child(work: Callable[..., Figures], args: tuple[Any, ...], queue: Any) -> None:
    figures = work(*args)
    queue.put(figures | {"peak RSS MB": round(_peak_mb())})


def in_child(work: Callable[..., Figures], *args: Any) -> Figures:
    """`work(*args)` in a fresh process, with that process's peak memory."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=_child, args=(work, args, queue))
    child.start()
    figures: Figures = queue.get()
    child.join()
    return figures


def build_store(directory: str, events: int) -> Figures:
    """The scale store, through `accountledger import`, against a raw bulk insert."""
    import scale_import

    where = Path(directory)
    accounts = max(1, events // EVENTS_PER_ACCOUNT)
    started = time.perf_counter()
    source = scale_import.generate(where / "platform.jsonl", accounts)
    generated = time.perf_counter() - started
    elapsed, cpu, result = scale_import._import(where, source)
    # The import's own peak, before the floor reads every stored row into memory (the
    # process's peak at the end is the floor's `fetchall`, not the import's).
    import_peak = _peak_mb()
    floor_seconds, rows = scale_import._bulk_insert(where)
    (where / "floor.db").unlink(missing_ok=True)
    # The key store beside the store, where `open_ledger` looks for it by default.
    (where / "keys.db").rename(where / "store.keys.db")
    return {
        "accounts": accounts,
        "stored events": rows,
        "generate seconds": round(generated, 1),
        "import seconds": round(elapsed, 1),
        "import events/s": round(rows / elapsed),
        "import events per CPU second": round(rows / cpu),
        "bulk insert rows/s": round(rows / floor_seconds),
        "import / bulk insert": round((rows / elapsed) / (rows / floor_seconds), 3),
        "rejected lines": result.get("rejected", 0),
        "import peak RSS MB": round(import_peak),
    }


def rebuild_store(directory: str) -> Figures:
    """The read models of the scale store rebuilt, against the raw read + bulk insert."""
    import scale_rebuild

    store = Path(directory) / "store.db"
    count, read_before, insert_before = scale_rebuild.floor(store)
    processed, seconds, peak_mb = scale_rebuild.rebuild(store)
    _, read_after, insert_after = scale_rebuild.floor(store)
    read = (read_before[0] + read_after[0]) / 2
    insert = (insert_before[0] + insert_after[0]) / 2
    floor_rate, rate = count / (read + insert), processed / seconds[0]
    return {
        "read-model events": processed,
        "floor events/s": round(floor_rate),
        "rebuild events/s": round(rate),
        "rebuild seconds": round(seconds[0], 1),
        "rebuild / floor": round(rate / floor_rate, 3),
        "rebuild peak RSS MB": round(peak_mb),
    }


def names(barred: int) -> Figures:
    import scale_names

    return scale_names.measure(barred, 300)


def inquiry(history: int) -> Figures:
    import scale_inquiry

    return scale_inquiry.measure(history)


def service() -> Figures:
    import scale_service

    return scale_service.measure(parts="http,cli")


def run(args: argparse.Namespace) -> dict[str, Figures]:
    parts = set(args.only.split(",")) if args.only else set(PARTS)
    results: dict[str, Figures] = {}
    keep = Path(args.keep) if args.keep else None
    scratch = Path(tempfile.mkdtemp(prefix="accountledger-scale-"))
    directory = keep or scratch
    directory.mkdir(parents=True, exist_ok=True)
    try:
        if "import" in parts:
            results["import"] = in_child(build_store, str(directory), args.events)
        if "rebuild" in parts:
            results["rebuild"] = in_child(rebuild_store, str(directory))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if "names" in parts:
        results["names"] = in_child(names, args.barred)
    if "inquiry" in parts:
        results["inquiry"] = in_child(inquiry, args.history)
    if "service" in parts:
        results["service"] = in_child(service)
    return results


def report(results: dict[str, Figures]) -> None:
    console = Console()
    table = Table(title="issue 16: scale, each figure beside its baseline of the same run")
    for column in ("part", "figure", "value"):
        table.add_column(column, justify="right" if column == "value" else "left")
    for part, figures in results.items():
        for name, value in figures.items():
            shown = (
                f"{value:,}"
                if isinstance(value, int)
                else f"{value:,.3g}"
                if isinstance(value, float)
                else str(value)
            )
            table.add_row(part, name, shown)
    console.print(table)


def main(argv: list[str] | None = None) -> dict[str, Figures]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=120_000, help="scale store's events")
    parser.add_argument("--barred", type=int, default=100_000, help="largest barred set")
    parser.add_argument("--history", type=int, default=10_000, help="long account's events")
    parser.add_argument("--keep", help="keep the scale store in this directory")
    parser.add_argument("--only", help=f"comma-separated parts of {','.join(PARTS)}")
    results = run(parser.parse_args(argv))
    report(results)
    return results


if __name__ == "__main__":
    main()
