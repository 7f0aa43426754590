"""Verify throughput (events/s) against a raw read of the same store (issue 6).

1. Builds once, and caches in bench/stores/ (git-ignored), a SQLite store of EVENTS
   real sealed events written through the Ledger: a platform's accounts registered
   (identity sealed in the vault, profile reviewed, name and subject indexes claimed)
   and taken through interleaved, plausible histories (identity verification, activity,
   profile changes, qualifications, warnings, restrictions and lifts, suspensions,
   rectifications, transfers refused, credit changes, a few closures and
   blacklistings). Each round of commands is decided on in-memory aggregates and saved
   in one transaction for many aggregates; the ChainedMapper seals every event on save,
   as on the command path. Closures and other endings, which move index aggregates, go
   through `Ledger.handle`. A checkpoint is sealed every 50,000 events and at the end.
2. Measures, in one process, three times each: a raw read of the log (every
   notification's state touched) and `integrity.verify`; the ratio is verify / raw.
   Then, on a copy of the store, `seal_checkpoint` with nothing new and after 1,000
   new events.

Usage:
    python bench/verify.py [EVENTS]            (default 1,000,000)
    python bench/verify.py EVENTS --profile    (cProfile of one verify, by part)
    python bench/verify.py EVENTS --rebuild    (build the cached store afresh first)
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.adapters.inputs import id_card_check
from accountledger.application.commands import (
    AccountCommand,
    Blacklist,
    Close,
    Deregister,
    MissRectificationDeadline,
    RecordActivity,
    RefuseRegistration,
)
from accountledger.application.identity import Identity
from accountledger.application.integrity import Sealed, log, seal_checkpoint, verify
from accountledger.application.ledger import Ledger
from accountledger.domain.account import PROFILE_FIELDS, Account
from accountledger.domain.act import Act, Role
from accountledger.domain.checkpoints import Checkpoints
from accountledger.domain.credit import follow_up
from accountledger.domain.errors import LedgerError
from accountledger.domain.indexes import NameIndex, SubjectIndex
from accountledger.domain.lifecycle import TRANSITIONS
from accountledger.domain.names import Outcome, normalise
from accountledger.domain.rules import QUALIFIED_FIELDS

STORES = Path(__file__).resolve().parent / "stores"
CHECKPOINT_EVERY = 50_000
RUNS = 3
SEED = 20261124
START = datetime(2024, 1, 1, 8, 0, tzinfo=UTC)
TRANSFEREES = 10_000_000  # identity numbers of transferees start here
console = Console()

P, R, M, OP, S = Role.PLATFORM, Role.REVIEWER, Role.MODERATOR, Role.OPERATOR, Role.SYSTEM

NAMES = (
    "Garden Notes", "City Cycling", "Tea & Travel", "Little Lens", "Mountain Notes",
    "Film Fragments", "Daily Sketch", "Vintage Radio", "Quiet Harbor", "Blue Kite",
    "Campus Stories", "Lantern Crafts", "Wild Herbs", "Sunday Baker", "River Fishing",
    "Old Maps", "Urban Birds", "Clay & Glaze", "Harbor Sunsets", "Stone Bridge",
    "小明的厨房", "上海美食日记", "山城徒步", "猫咪研究所", "读书会小站", "城市骑行",
    "深夜食堂笔记", "乡村手作", "健康每一天", "川味家常菜", "晨跑俱乐部", "江南园林志",
)  # fmt: skip
INTRODUCTIONS = (
    "Sharing what we love, every week.",
    "Recipes, walks and the odd photograph.",
    "Notes from the road and the kitchen.",
    "分享生活里的小确幸。",
    "每周更新，欢迎关注。",
)
REGIONS = ("110101", "310104", "440305", "500103", "330106")
VIOLATIONS = (
    ("2021-18-6", "fabricated a rumour about a local school"),
    ("2021-18-2", "imitated a county government account"),
    ("2021-18-5", "incited a pile-on against a reporter"),
    ("2021-18-7", "marketing fraud in the comments"),
    ("2021-18-9", "spread illegal information"),
)


# ------------------------------------------------------------------ the build


@dataclass
class Member:
    """An account in the build's working set: the aggregate and what is left of its history."""

    account: Account
    left: int
    now: datetime
    serial: int


class Platform:
    """Decides plausible commands on in-memory accounts, interleaved across many accounts."""

    def __init__(self, ledger: Ledger, target: int) -> None:
        self.ledger = ledger
        self.random = random.Random(SEED)
        self.pool_size = min(3_000, max(50, target // 300))
        self.round_size = max(self.pool_size // 3, 10)
        self.pool: list[Member] = []
        self.serial = 0
        self.clock = START
        self.barred: list[str] = []
        self.endings: list[tuple[Member, type[AccountCommand]]] = []
        self.transfers = 0

    # -- acts

    def act(self, member: Member, role: Role, **grounds: Any) -> Act:
        member.now = self.later(member.now)
        return self.act_at(member.now, role, **grounds)

    def later(self, now: datetime) -> datetime:
        return max(now, self.clock) + timedelta(seconds=self.random.randint(1, 900))

    def act_at(self, at: datetime, role: Role, **grounds: Any) -> Act:
        actor = f"{role.value}-{self.random.randint(1, 40)}"
        return Act(actor_id=actor, actor_role=role, occurred_at=at, **grounds)

    def identity(self, number: int) -> Identity:
        """A valid, distinct id card number for each `number` below 12.6 million."""
        born = START - timedelta(days=20 * 365 + number % 14_000)
        body = f"{REGIONS[number % 5]}{born:%Y%m%d}{100 + number // 14_000 % 900:03d}"
        phone = f"1{self.random.randint(3, 9)}{self.random.randint(100_000_000, 999_999_999)}"
        return Identity("id_card", body + id_card_check(body), phone)

    def grounds(self, *, false_information: bool = True) -> dict[str, Any]:
        choices = VIOLATIONS if false_information else VIOLATIONS[1:]
        violation, reason = self.random.choice(choices)
        case = f"case-{self.random.randint(10_000, 99_999)}"
        return {
            "reason": reason,
            "basis": ("2021-19",),
            "violation": (violation,),
            "evidence": (f"evidence://{case}/capture-1",),
            "case_id": case,
        }

    # -- registration: what Ledger.register does, on aggregates saved with the round

    def register(self) -> list[Any]:
        serial = self.serial
        self.serial += 1
        subject = self.ledger.seal(self.identity(serial))
        name = f"{NAMES[serial % len(NAMES)]} {serial}"
        values = {
            "name": name,
            "avatar": f"avatar://{serial}/1.png",
            "introduction": self.random.choice(INTRODUCTIONS),
        }
        verdicts = {f: self.ledger.review(values[f], f, self.barred) for f in PROFILE_FIELDS}
        if any(v.outcome is Outcome.REJECT for v in verdicts.values()):
            return []  # the platform refuses it; nothing is recorded
        registered_at = self.later(self.clock)
        nature = self.random.choice(("individual", "individual", "organisation"))
        details = {
            "nature": nature,
            "registration_place": "Beijing",
            "operating_place": self.random.choice(("Beijing", "Shanghai", "Chengdu")),
            "content_category": self.random.choice(("lifestyle", "food", "travel")),
        }
        if nature == "organisation":  # an organisation states its main business (R2)
            details["main_business"] = "publishing"
        account = Account.register(
            **values,
            subject=subject,
            details=details,
            verdicts=verdicts,
            act=self.act_at(registered_at, self.random.choice((P, OP))),
            rules=self.ledger.rules,
        )
        left = min(int(self.random.expovariate(1 / 24)) + 1, 400)
        self.pool.append(Member(account, left, registered_at, serial))
        account_id = str(account.id)
        names = NameIndex(key=normalise(name), name=name, account_id=account_id)
        subjects = SubjectIndex(subject_ref=subject.ref)
        subjects.add(account_id, self.ledger.rules.max_accounts_per_subject)
        return [account, names, subjects]

    # -- one command on one account

    def allowed(self, account: Account, command: str) -> bool:
        return (account.status, command) in TRANSITIONS

    def step(self, member: Member, *, tail: bool = False) -> None:
        """One plausible command; endings are queued for `Ledger.handle`."""
        a = member.account
        rnd = self.random.random()
        if tail:
            a.record_activity("login", act=self.act(member, P))
            return
        if a.status == "pending":
            if rnd < 0.96:
                a.verify_identity(act=self.act(member, R))
            else:
                self.end(member, RefuseRegistration)
            return
        if a.status == "rectifying":
            if rnd < 0.9:
                value = f"{self.random.choice(INTRODUCTIONS)} ({member.serial}/{a.version})"
                verdict = self.ledger.review(value, "introduction", self.barred)
                a.rectify(
                    {"introduction": value}, {"introduction": verdict}, act=self.act(member, R)
                )
            else:
                self.end(member, MissRectificationDeadline)
            return
        if a.status == "suspended":
            if rnd < 0.7:
                a.reinstate(act=self.act(member, self.random.choice((M, S))))
            elif rnd < 0.85:
                a.warn(act=self.act(member, M, **self.grounds()))
            else:
                a.change_credit_tier(self.other_tier(a), act=self.act(member, S))
            return
        self.active(member, rnd)

    def active(self, member: Member, rnd: float) -> None:
        a = member.account
        act = self.act
        if rnd < 0.50:
            a.record_activity(
                self.random.choice(("login", "login", "post", "live")), act=act(member, P)
            )
        elif rnd < 0.56:
            field = self.random.choice(("avatar", "introduction"))
            value = (
                f"avatar://{member.serial}/{a.version}.png"
                if field == "avatar"
                else f"{self.random.choice(INTRODUCTIONS)} #{a.version}"
            )
            verdict = self.ledger.review(value, field, self.barred)
            a.change_profile(field, value, verdict, act=act(member, OP))
        elif rnd < 0.60:
            pending = [
                f
                for f in QUALIFIED_FIELDS
                if a.qualifications.get(f, {}).get("status") == "submitted"
            ]
            if pending:
                if self.random.random() < 0.8:
                    a.verify_qualification(pending[0], "", act=act(member, R))
                else:
                    a.reject_qualification(pending[0], act=act(member, R))
            else:
                field = self.random.choice(QUALIFIED_FIELDS)
                a.submit_qualification(
                    field, f"credential://{member.serial}/{field}", act=act(member, OP)
                )
        elif rnd < 0.68:
            a.warn(act=act(member, M, **self.grounds()))
        elif rnd < 0.74:
            if a.restrictions:
                a.lift_restriction([], act=act(member, self.random.choice((M, S))))
            else:
                functions = self.random.sample(self.ledger.rules.restrictable_functions, 2)
                until = member.now + timedelta(days=self.random.randint(3, 30))
                a.restrict(functions, until, act=act(member, M, **self.grounds()))
        elif rnd < 0.78:
            if a.updates_suspended:
                a.resume_updates(act=act(member, M))
            else:
                a.suspend_updates(act=act(member, M, **self.grounds()))
        elif rnd < 0.80:
            if a.ads_ceased:
                a.restore_ads(act=act(member, M))
            else:
                a.cease_ads(act=act(member, M, **self.grounds()))
        elif rnd < 0.83:
            ends = None if self.random.random() < 0.5 else member.now + timedelta(days=7)
            a.suspend(ends, act=act(member, M, **self.grounds()))
        elif rnd < 0.85:
            deadline = member.now + timedelta(days=15)
            a.order_rectification(deadline, ["introduction"], act=act(member, R, **self.grounds()))
        elif rnd < 0.87:
            a.change_credit_tier(self.other_tier(a), act=act(member, S))
        elif rnd < 0.89:
            if a.transfer is None:
                self.transfers += 1
                transferee = self.ledger.seal(self.identity(TRANSFEREES + self.transfers))
                a.apply_transfer(transferee, act=act(member, OP))
            else:
                a.reject_transfer(act=act(member, R, reason="transferee not verified"))
        elif rnd < 0.90:
            a.request_suspension(act=act(member, OP))
        elif rnd < 0.905:
            self.end(member, self.random.choice((Close, Deregister, Blacklist)))
        else:
            a.record_activity("login", act=act(member, P))

    def other_tier(self, a: Account) -> str:
        tiers = [t for t in ("A", "B", "C") if t != a.credit_tier]
        return self.random.choice(tiers)

    def end(self, member: Member, command: type[AccountCommand]) -> None:
        member.left = 0
        self.endings.append((member, command))

    def ending(self, member: Member, command: type[AccountCommand]) -> tuple[AccountCommand, Act]:
        """The ending as a command value and its act, for `Ledger.handle`."""
        if command is RefuseRegistration:
            act = self.act(member, R, reason="identity documents did not match")
        elif command is MissRectificationDeadline:
            deadline = member.account.rectification["deadline"]  # type: ignore[index]
            member.now = max(member.now, deadline)
            act = self.act(member, S, reason="rectification deadline passed", basis=("2022-15",))
        else:
            act = self.act(member, M, **self.grounds(false_information=False))
        return command(account_id=member.account.id), act


class Counter:
    """Counts the events every `ledger.save` stores (checkpoints apart)."""

    def __init__(self, ledger: Ledger) -> None:
        self.events = 0
        self.checkpoints = 0
        save = ledger.save

        def counting_save(*objs: Any, **kwargs: Any) -> Any:
            recordings = save(*objs, **kwargs)
            for recording in recordings:
                if recording.domain_event.originator_id == Checkpoints.ID:
                    self.checkpoints += 1
                else:
                    self.events += 1
            return recordings

        ledger.save = counting_save  # type: ignore[method-assign]


def checkpoint_act(at: datetime) -> Act:
    return Act("system:checkpoint", Role.SYSTEM, at, reason="benchmark build")


def build(path: Path, target: int) -> float:
    """Write `target` sealed events through the ledger into a fresh store at `path`."""
    for stale in path.parent.glob(path.stem.split(".")[0] + ".building*"):
        stale.unlink()
    building = path.with_name(path.stem + ".building.db")
    ledger = open_ledger(Settings(store=f"sqlite:///{building}"))
    counter = Counter(ledger)
    platform = Platform(ledger, target)
    next_checkpoint = CHECKPOINT_EVERY
    columns = (
        TextColumn("building {task.fields[accounts]:,} accounts"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:,.0f} events/s"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    started = time.perf_counter()
    with Progress(*columns, console=console) as bar:
        task = bar.add_task("build", total=target, accounts=0, rate=0.0)
        while counter.events < target:
            remaining = target - counter.events
            tail = remaining < 10 * platform.round_size  # a round writes at most 9 x its size
            aggregates: list[Any] = []
            if not tail:
                platform.barred = ledger.barred_names()
                while len(platform.pool) < platform.pool_size:
                    aggregates += platform.register()
                chosen = platform.random.sample(
                    platform.pool, min(platform.round_size, len(platform.pool))
                )
            else:
                active = [m for m in platform.pool if m.account.status == "active"]
                chosen = active[: min(remaining, platform.round_size)]
                if not chosen:
                    aggregates += platform.register()
            for member in chosen:
                try:
                    before = len(member.account.pending_events)
                    platform.step(member, tail=tail)
                    new = member.account.pending_events[before:]
                    if not tail:
                        follow_up(member.account, new, ledger.rules)
                except LedgerError:
                    continue  # a refusal: nothing recorded, as on the command path
                member.left -= 1
                aggregates.append(member.account)
            ledger.save(*aggregates)
            for member, command in platform.endings:
                ending, act = platform.ending(member, command)
                with suppress(LedgerError):  # refused, as on the command path
                    ledger.handle(ending, act)
            platform.endings = []
            platform.pool = [m for m in platform.pool if m.left > 0 or tail]
            platform.clock += timedelta(minutes=30)
            if counter.events >= next_checkpoint:
                seal_checkpoint(ledger, checkpoint_act(platform.clock))
                next_checkpoint += CHECKPOINT_EVERY
            elapsed = time.perf_counter() - started
            bar.update(
                task,
                completed=counter.events,
                accounts=platform.serial,
                rate=counter.events / elapsed,
            )
    seal_checkpoint(ledger, checkpoint_act(platform.clock + timedelta(minutes=1)))
    elapsed = time.perf_counter() - started
    ledger.close()
    if counter.events != target:
        raise SystemExit(f"build: wrote {counter.events:,} events, wanted {target:,}")
    for db in (building, building.with_suffix(".keys.db")):
        with sqlite3.connect(db) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()
    building.with_suffix(".keys.db").replace(path.with_suffix(".keys.db"))
    building.replace(path)
    console.print(
        f"built {path.name}: {counter.events:,} events of {platform.serial:,} registrations "
        f"and {counter.checkpoints} checkpoint events in {elapsed:,.0f} s "
        f"({counter.events / elapsed:,.0f} events/s)"
    )
    return elapsed


def store_for(events: int) -> Path:
    """The cached store of `events` events, built on first use."""
    STORES.mkdir(exist_ok=True)
    path = STORES / f"verify-{events}.db"
    if not path.exists():
        build(path, events)
    return path


# ---------------------------------------------------------------- measuring


def raw_read(ledger: Ledger) -> tuple[int, float]:
    """Every notification of the log, its state touched: the floor for any walk."""
    started = time.perf_counter()
    count = size = 0
    for notification in log(ledger.recorder):
        count += 1
        size += len(notification.state)
    return count, time.perf_counter() - started


def timed_verify(ledger: Ledger) -> tuple[Any, float]:
    started = time.perf_counter()
    result = verify(ledger)
    elapsed = time.perf_counter() - started
    if not result.holds:
        raise SystemExit(f"verify: the store does not hold: {result.findings[:3]}")
    return result, elapsed


def timed_seals(path: Path) -> dict[str, float]:
    """`seal_checkpoint` with nothing new, then after 1,000 new events, on a copy."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp, path.name)
        shutil.copyfile(path, copy)
        ledger = open_ledger(Settings(store=f"sqlite:///{copy}"))
        act = checkpoint_act(datetime(2030, 1, 1, tzinfo=UTC))
        started = time.perf_counter()
        nothing = seal_checkpoint(ledger, act)
        idle = time.perf_counter() - started
        assert nothing is None, "the cached store had events after its last checkpoint"
        login = Act("platform-1", Role.PLATFORM, datetime(2029, 1, 1, tzinfo=UTC))
        written = 0
        for account_id in _accounts(ledger):
            try:
                ledger.handle(RecordActivity(account_id=account_id, kind="login"), login)
            except LedgerError:
                continue
            written += 1
            if written == 1_000:
                break
        later = checkpoint_act(datetime(2030, 1, 2, tzinfo=UTC))
        started = time.perf_counter()
        sealed: Sealed | None = seal_checkpoint(ledger, later)
        after = time.perf_counter() - started
        assert sealed is not None
        ledger.close()
    return {"idle": idle, "after_1000": after, "written": written}


def _accounts(ledger: Ledger) -> Iterable[UUID]:
    for notification in log(ledger.recorder):
        if notification.topic == "accountledger:Account.Registered":
            yield UUID(str(notification.originator_id))


def store_facts(path: Path, ledger: Ledger) -> dict[str, Any]:
    size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    return {"mb": size / 1e6, "log": ledger.recorder.max_notification_id() or 0}


def measure(path: Path) -> dict[str, Any]:
    ledger = open_ledger(Settings(store=f"sqlite:///{path}"))
    facts = store_facts(path, ledger)
    console.print(f"store {path} ({facts['mb']:,.0f} MB, {facts['log']:,} notifications)")
    raws: list[float] = []
    verifies: list[float] = []
    result: Any = None
    count = 0
    with console.status("measuring") as status:
        for run in range(1, RUNS + 1):
            status.update(f"run {run}/{RUNS}: raw read")
            count, elapsed = raw_read(ledger)
            raws.append(count / elapsed)
            status.update(f"run {run}/{RUNS}: verify")
            result, elapsed = timed_verify(ledger)
            verifies.append(count / elapsed)
        status.update("seal_checkpoint on a copy")
        ledger.close()
        seals = timed_seals(path)
    table = Table(title=f"verify against a raw read: {path.name}")
    for column in ("run", "raw read events/s", "verify events/s", "ratio"):
        table.add_column(column, justify="right")
    for run, (raw, ver) in enumerate(zip(raws, verifies, strict=True), start=1):
        table.add_row(str(run), f"{raw:,.0f}", f"{ver:,.0f}", f"{ver / raw:.2f}")
    ratios = [v / r for r, v in zip(raws, verifies, strict=True)]
    table.add_row(
        "median",
        f"{statistics.median(raws):,.0f}",
        f"{statistics.median(verifies):,.0f}",
        f"{statistics.median(ratios):.2f}",
    )
    console.print(table)
    latest = result.latest
    console.print(
        f"verify: holds={result.holds}, {result.events:,} events, {result.aggregates:,} "
        f"aggregates, {result.checkpoints} checkpoints checked, latest checkpoint "
        f"{latest.number if latest else '-'} at position {latest.position if latest else '-'}; "
        f"{count:,} notifications walked (checkpoint events included), "
        f"store {facts['mb']:,.0f} MB"
    )
    console.print(
        f"seal_checkpoint: nothing new {seals['idle'] * 1e3:,.1f} ms; after "
        f"{seals['written']:,} new events {seals['after_1000'] * 1e3:,.0f} ms"
    )
    return {
        **facts,
        "notifications": count,
        "events": result.events,
        "aggregates": result.aggregates,
        "checkpoints": result.checkpoints,
        "raw": raws,
        "verify": verifies,
        "ratios": ratios,
        **seals,
    }


# ---------------------------------------------------------------- profiling

# Entry points whose cumulative time makes up each part; none calls another.
PARTS: dict[str, tuple[str, ...]] = {
    "SQLite read (select_notifications: query, fetch, UUID and Notification per row)": (
        "select_notifications",
    ),
    "hashing (event_hash: SHA-256 over the canonical encoding)": ("event_hash",),
    "envelope parsing (unwrap: checks, slices, decode; also via head_hash)": ("unwrap",),
    "aggregate ids (canonical_id: UUID to text)": ("canonical_id",),
    "checkpoints (their JSON, heads compared, Merkle root)": (
        "_checkpoints",
        "_check",
        "latest_checkpoint",
        "_result",
    ),
}


def profile(path: Path) -> None:
    """cProfile one verify; print the top functions by own time and the time by part."""
    ledger = open_ledger(Settings(store=f"sqlite:///{path}"))
    verify(ledger)  # warm the page cache
    started = time.perf_counter()
    verify(ledger)
    plain = time.perf_counter() - started
    profiler = cProfile.Profile()
    profiler.enable()
    verify(ledger)
    profiler.disable()
    ledger.close()
    stats: Any = pstats.Stats(profiler, stream=io.StringIO())
    total: float = stats.total_tt
    console.print(f"verify: {plain:.2f} s without the profiler, {total:.2f} s under it")
    own: dict[str, float] = {}
    for (filename, line, name), (_, _, tottime, _, _) in stats.stats.items():
        key = f"{Path(filename).name}:{line}({name})" if line else name
        own[key] = own.get(key, 0.0) + tottime
    top = Table(title="top functions by own time")
    for column, justify in (("function", "left"), ("own s", "right"), ("share", "right")):
        top.add_column(column, justify=justify)  # type: ignore[arg-type]
    for name, seconds in sorted(own.items(), key=lambda kv: -kv[1])[:20]:
        top.add_row(name, f"{seconds:.2f}", f"{seconds / total:.0%}")
    console.print(top)
    parts = Table(title="time by part (cumulative)")
    for column, justify in (("part", "left"), ("s", "right"), ("share", "right")):
        parts.add_column(column, justify=justify)  # type: ignore[arg-type]
    rest = total
    for part, names in PARTS.items():
        seconds = sum(
            cumtime
            for (filename, _, name), (_, _, _, cumtime, _) in stats.stats.items()
            if name in names and Path(filename).name in ("integrity.py", "chain.py", "sqlite.py")
        )
        rest -= seconds
        parts.add_row(part, f"{seconds:.2f}", f"{seconds / total:.0%}")
    walk = "the walk itself (Walk._feed, Row, Stream.feed/_accept, log)"
    parts.add_row(walk, f"{rest:.2f}", f"{rest / total:.0%}")
    console.print(parts)


def main(argv: list[str] | None = None) -> dict[str, Any] | None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("events", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--profile", action="store_true", help="cProfile one verify instead")
    parser.add_argument("--rebuild", action="store_true", help="build the store afresh")
    args = parser.parse_args(argv)
    if args.rebuild:
        for old in STORES.glob(f"verify-{args.events}.*"):
            old.unlink()
    path = store_for(args.events)
    if args.profile:
        profile(path)
        return None
    return measure(path)


if __name__ == "__main__":
    main(sys.argv[1:])
