"""Issue 16 points 5 and 6: an as-of inquiry on a long history, and the snapshotting command.

One run, embedded store (SQLite file, WAL, durable on commit):
1. one account with EVENTS events (activity, a warning every 100th) and one with 10;
2. the state as of a time (`show --as-of`: `views.state`) and the inquiry as of a time
   (`inquiry --as-of --format json`: `inquiry.of_account`), each on the long account at
   three times (its 10th event, its middle, its end) against the small account at its
   end; the inquiry also with a page of 50 events (`--limit 50`);
3. the old point-in-time replay (every event decoded, filtered by time) on the long
   account, for reference;
4. every command's latency while the long history was written: the commands whose save
   took a snapshot (every 50th) against the others; and the same on a second store
   whose ledger snapshots as the library does by itself (after the commit, a re-read of
   the aggregate and a second commit), as the ledger did before issue 16.

Usage: python bench/scale_inquiry.py [EVENTS]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.application import Application, ProcessingEvent
from eventsourcing.persistence import StoredEvent
from rich.console import Console
from rich.table import Table

from accountledger.adapters import inquiry
from accountledger.adapters.bootstrap import Settings, open_ledger, open_projection
from accountledger.adapters.inputs import id_card_check
from accountledger.application.commands import RecordActivity, VerifyIdentity, Warn
from accountledger.application.identity import Identity, Registration
from accountledger.application.ledger import Ledger
from accountledger.application.views import state
from accountledger.domain.account import Account
from accountledger.domain.act import Act, Role

GROUNDS: dict[str, Any] = {
    "reason": "benchmark measure",
    "basis": ("2021-19",),
    "violation": ("2021-18-6",),
}
START = datetime(2026, 1, 1, tzinfo=UTC)


class Desk:
    """Business time a minute per act; the recording clock follows it."""

    def __init__(self, ledger: Ledger) -> None:
        self.now = START
        ledger.clock = lambda: self.now

    def act(self, role: Role, **grounds: Any) -> Act:
        self.now += timedelta(minutes=1)
        return Act(actor_id=f"{role.value}-1", actor_role=role, occurred_at=self.now, **grounds)


def _account(ledger: Ledger, desk: Desk, serial: int) -> UUID:
    body = f"11010119900307{serial:03d}"
    identity = Identity("id_card", body + id_card_check(body), "13800138000")
    registration = Registration(name=f"Inquiry Garden {serial}", identity=identity)
    account = ledger.register(registration, desk.act(Role.PLATFORM)).account_id
    ledger.handle(VerifyIdentity(account_id=account), desk.act(Role.REVIEWER))
    return account


def _grow(
    ledger: Ledger, desk: Desk, account: UUID, events: int, start: int = 3
) -> list[tuple[str, float]]:
    """Record versions `start` to `events`; each command's (version, seconds)."""
    timed = []
    for version in range(start, events + 1):
        if version % 100 == 0:
            command: Any = Warn(account_id=account)
            act = desk.act(Role.MODERATOR, **GROUNDS)
        else:
            command, act = RecordActivity(account_id=account), desk.act(Role.OPERATOR)
        began = time.perf_counter()
        recorded = ledger.handle(command, act)
        taken = time.perf_counter() - began
        interval = type(ledger).snapshotting_intervals[Account]
        versions = range(recorded.version - len(recorded.events) + 1, recorded.version + 1)
        # What the save was: one that reached a multiple of the interval (a snapshot),
        # a plain one-event save, or another (a warning also lowers the credit tier).
        kind = "snapshot" if any(v % interval == 0 for v in versions) else "normal"
        timed.append((kind if len(versions) == 1 or kind == "snapshot" else "other", taken))
    return timed


class LibrarySnapshots(Ledger):
    """The ledger as it snapshotted before issue 16: the library's own way."""

    def _snapshots_due(self, processing_event: ProcessingEvent[UUID]) -> list[StoredEvent]:
        return []

    def _take_snapshots(self, processing_event: ProcessingEvent[UUID]) -> None:
        Application._take_snapshots(self, processing_event)


def _snapshot_costs(commands: list[tuple[str, float]]) -> tuple[float, float]:
    """Median milliseconds of the commands that took a snapshot, and of the plain ones."""
    snapshotting = [s for kind, s in commands if kind == "snapshot"]
    normal = [s for kind, s in commands if kind == "normal"]
    return statistics.median(snapshotting) * 1000, statistics.median(normal) * 1000


def _snapshot_race(scratch: Path, commands: int) -> dict[str, float]:
    """Each command's cost on this ledger and on one that snapshots the library's way,
    a command on each in turn on stores of their own, so both see the same machine."""
    ledger = open_ledger(Settings(store=f"sqlite:///{scratch / 'new.db'}"))
    old = LibrarySnapshots(
        {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(scratch / "old.db")},
        vault=ledger.vault,
    )
    desks = [Desk(ledger), Desk(old)]
    accounts = [_account(ledger, desks[0], 4), _account(old, desks[1], 5)]
    timed: list[list[tuple[str, float]]] = [[], []]
    for version in range(3, commands + 1):
        for side, app in enumerate((ledger, old)):
            timed[side] += _grow(app, desks[side], accounts[side], version, start=version)
    old.close()
    ledger.close()
    figures = {}
    for label, taken in zip(("command", "library_command"), timed, strict=True):
        snapshot_ms, normal_ms = _snapshot_costs(taken)
        figures[f"{label}_normal_ms"], figures[f"{label}_snapshot_ms"] = normal_ms, snapshot_ms
        figures[f"{label}_snapshot_extra_ms"] = snapshot_ms - normal_ms
        seconds = [s for _, s in taken]
        figures[f"{label}_race_p99_ms"] = statistics.quantiles(seconds, n=100)[98] * 1000
    figures["library_snapshot_against_ours"] = (
        figures["library_command_snapshot_ms"] / figures["command_snapshot_ms"]
    )
    return figures


def _medians(calls: dict[str, Callable[[], object]], rounds: int = 15) -> dict[str, float]:
    """The median milliseconds of each call, timed in rounds that take every call in
    turn, so that a machine shared with other work slows them all alike."""
    times: dict[str, list[float]] = {key: [] for key in calls}
    for round_ in range(rounds + 1):
        for key, call in calls.items():
            began = time.perf_counter()
            call()
            if round_:  # the first round warms the caches
                times[key].append(time.perf_counter() - began)
    return {key: statistics.median(taken) * 1000 for key, taken in times.items()}


def _full_replay(ledger: Ledger, account: UUID, moment: datetime) -> Any:
    """The replay as it was: every event decoded, those decided by `moment` applied."""
    replayed: Any = None
    for domain_event in ledger.history(account):
        if domain_event.act.occurred_at <= moment:
            replayed = domain_event.mutate(replayed)
    return replayed


def measure(events: int = 10_000) -> dict[str, float | int | str]:
    """Every figure of the run, keyed by name; latencies in milliseconds."""
    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings(store=f"sqlite:///{Path(scratch) / 'ledger.db'}")
        ledger = open_ledger(settings)
        desk = Desk(ledger)
        small = _account(ledger, desk, 1)
        _grow(ledger, desk, small, 10)
        small_end = desk.now
        big = _account(ledger, desk, 2)
        early = desk.now + timedelta(minutes=8)  # the long account's 10th event
        middle = desk.now + timedelta(minutes=events // 2)
        commands = _grow(ledger, desk, big, events)
        end = desk.now
        projection = open_projection(ledger, settings)
        projection.catch_up()
        view, within = projection.view, settings.rules.report_within

        def show(account: UUID, moment: datetime) -> Callable[[], object]:
            return lambda: state(ledger, account, moment)

        def inquire(
            account: UUID, moment: datetime, limit: int | None = None
        ) -> Callable[[], object]:
            page = inquiry.Page(0, limit)
            return lambda: inquiry.of_account(ledger, view, account, moment, within, page=page)

        calls = {
            "show_small": show(small, small_end),
            "show_early": show(big, early),
            "show_middle": show(big, middle),
            "show_end": show(big, end),
            "inquiry_small": inquire(small, small_end),
            "inquiry_early": inquire(big, early),
            "inquiry_page_end": inquire(big, end, limit=50),
        }
        # Apart: calls that list thousands of events would evict what the small ones use.
        listing = {
            "inquiry_middle": inquire(big, middle),
            "inquiry_end": inquire(big, end),
            "full_replay_middle": lambda: _full_replay(ledger, big, middle),
        }
        figures: dict[str, float | int | str] = {"events": events}
        figures |= {f"{key}_ms": ms for key, ms in _medians(calls).items()}
        figures |= {f"{key}_ms": ms for key, ms in _medians(listing, 3).items()}
        figures["long_history_p99_ms"] = (
            statistics.quantiles([s for _, s in commands], n=100)[98] * 1000
        )
        figures |= _snapshot_race(Path(scratch), min(events, 2_000))
        projection.view.close()
        ledger.close()
    ratios = {
        "show_early": "show_small",
        "show_middle": "show_small",
        "show_end": "show_small",
        "full_replay_middle": "show_small",
        "inquiry_early": "inquiry_small",
        "inquiry_middle": "inquiry_small",
        "inquiry_end": "inquiry_small",
        "inquiry_page_end": "inquiry_small",
        "command_snapshot": "command_normal",
        "command_race_p99": "command_normal",
        "library_command_race_p99": "library_command_normal",
        "library_command_snapshot": "library_command_normal",
    }
    for key, base in ratios.items():
        figures[f"{key}_ratio"] = float(figures[f"{key}_ms"]) / float(figures[f"{base}_ms"])
    return figures


def main(events: int = 10_000) -> dict[str, float | int | str]:
    figures = measure(events)
    table = Table(title=f"Issue 16: inquiry and snapshots ({events:,} events, SQLite file)")
    for column in ("figure", "value", "against"):
        table.add_column(column)
    for key, value in figures.items():
        if key.endswith("_ratio"):
            continue
        ratio = figures.get(key.replace("_ms", "_ratio"))
        against = f"{ratio:.2f}x" if isinstance(ratio, float) else ""
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        table.add_row(key, shown, against)
    Console().print(table)
    return figures


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
