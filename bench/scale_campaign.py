"""A campaign over many accounts against `Ledger.handle` of the same commands one by one.

One run, embedded store (SQLite file, WAL, durable on commit). ACCOUNTS active accounts
are registered once; three copies of that store are then used:
1. the campaign: `application/campaigns.run` of a warning for one case on every account
   (each account's events read, the measure taken on that version, outcomes recorded
   on the `Campaign` aggregate every 100 accounts);
2. the baseline: the very same `Warn` command values through `Ledger.handle`, one by one,
   with no check and no record of outcomes, on a copy of its own. The two alternate, a
   hundred accounts at a time (the campaign's progress callback runs the baseline's next
   hundred, off the campaign's clock), so that the disk's durable commits, which are
   most of both and vary by a third from minute to minute here, weigh on both alike;
3. the kill: the campaign in a process of its own, killed with SIGKILL half-way, then
   run again; the store is checked: every account warned once for the case, every
   outcome recorded once.
Prints accounts/s of both and their ratio. Usage:
    python bench/scale_campaign.py [ACCOUNTS]
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

from rich.console import Console
from rich.table import Table

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.application import campaigns
from accountledger.application.commands import VerifyIdentity, Warn
from accountledger.application.identity import Identity, Registration
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Act, Role
from accountledger.domain.campaigns import Campaign

CASE = "C-BENCH"
AT = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
ACT = Act(
    actor_id="m-1",
    actor_role=Role.MODERATOR,
    occurred_at=AT,
    reason="spam wave",
    basis=("2021-19",),
    violation=("2021-18-6",),
    case_id=CASE,
)
TEMPLATE = Warn(account_id=UUID(int=0))

KILLED_RUN = """
import sys
from datetime import datetime
from uuid import UUID
from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.application import campaigns
from accountledger.application.commands import Warn
from accountledger.domain.act import Act, Role
store, keys, listing, at = sys.argv[1:5]
moment = datetime.fromisoformat(at)
ledger = open_ledger(Settings(store=store, keystore=keys), clock=lambda: moment)
act = Act(actor_id="m-1", actor_role=Role.MODERATOR, occurred_at=moment, reason="spam wave",
          basis=("2021-19",), violation=("2021-18-6",), case_id="C-BENCH")
accounts = [UUID(line) for line in open(listing).read().split()]
campaigns.run(ledger, Warn(account_id=UUID(int=0)), act, accounts,
              progress=lambda done, total: print(done, flush=True))
"""


def _settings(directory: Path) -> Settings:
    return Settings(
        store=f"sqlite:///{directory / 'ledger.db'}", keystore=f"sqlite:///{directory / 'keys.db'}"
    )


def seed(directory: Path, count: int) -> list[UUID]:
    """`count` active accounts, each of a subject of its own, registered then verified."""
    moment = [START]

    def clock() -> datetime:
        return moment[0]

    ledger = open_ledger(_settings(directory), clock)
    accounts = []
    try:
        for n in range(count):
            moment[0] += timedelta(seconds=1)
            identity = Identity("mobile", f"139{n:08d}", "13800138000")
            registration = Registration(name=f"Garden {n}", identity=identity)
            act = Act(actor_id="svc", actor_role=Role.PLATFORM, occurred_at=moment[0])
            account = ledger.register(registration, act).account_id
            reviewer = Act(actor_id="r-1", actor_role=Role.REVIEWER, occurred_at=moment[0])
            ledger.handle(VerifyIdentity(account_id=account), reviewer)
            accounts.append(account)
    finally:
        ledger.close()
    return accounts


def _copy(seeded: Path, into: Path) -> Settings:
    into.mkdir()
    for name in os.listdir(seeded):
        shutil.copy(seeded / name, into / name)
    return _settings(into)


def alternating(
    campaign: Settings, baseline: Settings, accounts: list[UUID], chunk: int = 100
) -> tuple[float, float]:
    """Seconds spent by the campaign and by `Ledger.handle` one by one, alternating."""
    ours, theirs = open_ledger(campaign, lambda: AT), open_ledger(baseline, lambda: AT)
    spent = {"campaign": 0.0, "baseline": 0.0}
    mark, handled = [time.perf_counter()], [0]

    def progress(done: int, total: int) -> None:
        if done % chunk and done != total:
            return
        spent["campaign"] += time.perf_counter() - mark[0]
        started = time.perf_counter()
        for account in accounts[handled[0] : done]:
            theirs.handle(replace(TEMPLATE, account_id=account), ACT)
        handled[0] = done
        spent["baseline"] += time.perf_counter() - started
        mark[0] = time.perf_counter()

    try:
        mark[0] = time.perf_counter()
        campaigns.run(ours, TEMPLATE, ACT, accounts, progress=progress)
        spent["campaign"] += time.perf_counter() - mark[0]
    finally:
        ours.close()
        theirs.close()
    return spent["campaign"], spent["baseline"]


def killed_and_rerun(settings: Settings, accounts: list[UUID], listing: Path) -> dict[str, int]:
    """The campaign killed half-way in a process of its own, then run again: counts of
    warnings per account and of records of outcome per account, afterwards."""
    args = [settings.store, settings.keystore or "", str(listing), AT.isoformat()]
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_RUN, *args], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip().isdigit() and int(line) >= len(accounts) // 2:
            os.kill(process.pid, signal.SIGKILL)
            break
    process.wait()
    ledger = open_ledger(settings, lambda: AT)
    try:
        at_kill = len(_recorded(ledger))
        campaigns.run(ledger, TEMPLATE, ACT, accounts)
        warned = Counter(
            str(account)
            for account in accounts
            for e in ledger.history(account)
            if type(e).__name__ == "Warned" and e.act.case_id == CASE
        )
        recorded = _recorded(ledger)
    finally:
        ledger.close()
    return {
        "killed_by": -process.returncode,
        "outcomes_at_kill": at_kill,
        "accounts_warned": len(warned),
        "warned_twice": sum(1 for n in warned.values() if n > 1),
        "outcomes_recorded": len(recorded),
        "outcomes_recorded_twice": sum(1 for n in recorded.values() if n > 1),
    }


def _recorded(ledger: Ledger) -> Counter[str]:
    counted: Counter[str] = Counter()
    for stored in ledger.repository.event_store.get(Campaign.create_id("warn", CASE)):
        for outcome in getattr(stored, "outcomes", []):
            counted[outcome["account_id"]] += 1
    return counted


def measure(accounts: int = 10_000, kill: bool = True) -> dict[str, float | int | str]:
    """The campaign's and the baseline's accounts/s on copies of one seeded store."""
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        seeded = root / "seeded"
        seeded.mkdir()
        started = time.perf_counter()
        ids = seed(seeded, accounts)
        seeding = time.perf_counter() - started
        campaign, baseline = alternating(
            _copy(seeded, root / "campaign"), _copy(seeded, root / "baseline"), ids
        )
        result: dict[str, float | int | str] = {
            "accounts": accounts,
            "seed_seconds": round(seeding, 1),
            "campaign_accounts_per_s": round(accounts / campaign),
            "handle_accounts_per_s": round(accounts / baseline),
            "ratio": round(baseline / campaign, 2),
        }
        if kill:
            listing = root / "accounts.txt"
            listing.write_text("\n".join(map(str, ids)) + "\n")
            result |= killed_and_rerun(_copy(seeded, root / "killed"), ids, listing)
        return result


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    result = measure(count)
    table = Table(title=f"campaign over {count:,} accounts (SQLite, durable commits)")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for key, value in result.items():
        table.add_row(key, f"{value:,}" if isinstance(value, int | float) else str(value))
    Console().print(table)


if __name__ == "__main__":
    main()
