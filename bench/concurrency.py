"""Events/s with 1, 4 and 16 writer processes, on SQLite and on PostgreSQL, in one run.

Each writer runs `COMMANDS` commands through the whole command path (`Ledger.handle`)
on accounts of its own, so what is measured is the store's write throughput under
concurrency, not conflicts (tests/application/test_concurrency.py covers those).
PostgreSQL is skipped, with the reason, where no server answers at 127.0.0.1:5432.
Usage: python bench/concurrency.py [COMMANDS]
"""

from __future__ import annotations

import multiprocessing
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.application.commands import RecordActivity, VerifyIdentity
from accountledger.application.identity import Identity, Registration
from accountledger.domain.act import Act, Role
from tests.application.helpers import id_card
from tests.stores import postgres_answers, store_for

AT = datetime(2026, 6, 1, tzinfo=UTC)
WRITERS = (1, 4, 16)


def _prepare(settings: Settings, count: int) -> list[UUID]:
    ledger = open_ledger(settings)
    act = Act(actor_id="svc", actor_role=Role.PLATFORM, occurred_at=AT)
    accounts = []
    for n in range(count):
        registration = Registration(name=f"Bench {n}", identity=Identity("id_card", id_card(n)))
        account = ledger.register(registration, act).account_id
        reviewer = Act(actor_id="r", actor_role=Role.REVIEWER, occurred_at=AT)
        ledger.handle(VerifyIdentity(account_id=account), reviewer)
        accounts.append(account)
    ledger.close()
    return accounts


def _write(settings: Settings, account: UUID, commands: int, start: Any) -> None:
    ledger = open_ledger(settings)
    act = Act(actor_id="svc", actor_role=Role.PLATFORM, occurred_at=AT)
    start.wait()
    for _ in range(commands):
        ledger.handle(RecordActivity(account_id=account, kind="use"), act)
    ledger.close()


def measure(settings: Settings, writers: int, commands: int) -> float:
    accounts = _prepare(settings, writers)
    context = multiprocessing.get_context("fork")
    start = context.Barrier(writers + 1)
    processes = [
        context.Process(target=_write, args=(settings, accounts[w], commands, start))
        for w in range(writers)
    ]
    for process in processes:
        process.start()
    start.wait()
    began = time.perf_counter()
    for process in processes:
        process.join()
    return writers * commands / (time.perf_counter() - began)


def main(commands: int = 200) -> dict[str, dict[int, float]]:
    results: dict[str, dict[int, float]] = {}
    for kind in ("sqlite", "postgres"):
        if kind == "postgres" and (reason := postgres_answers()):
            print(f"{kind}: skipped: {reason}")
            continue
        results[kind] = {}
        for writers in WRITERS:
            with tempfile.TemporaryDirectory() as tmp, store_for(kind, Path(tmp)) as urls:
                rate = measure(Settings(store=urls[0], keystore=urls[1]), writers, commands)
            results[kind][writers] = rate
            print(f"{kind:9} {writers:3} writers  {rate:9,.0f} events/s")
    return results


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
