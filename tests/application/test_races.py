"""Two processes racing to register the same name: exactly one wins (R4)."""

from __future__ import annotations

import multiprocessing
from uuid import UUID

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.domain.errors import LedgerError
from tests.application.helpers import Desk

WORKERS = 4


def _register(settings: Settings, serial: int, barrier: object, results: object) -> None:
    ledger = open_ledger(settings)
    desk = Desk(ledger)
    barrier.wait()  # type: ignore[attr-defined]
    try:
        results.put(("won", str(desk.register("Contested Name", serial=serial))))  # type: ignore[attr-defined]
    except LedgerError as refusal:
        results.put(("lost", refusal.rule))  # type: ignore[attr-defined]
    finally:
        ledger.close()


def test_racing_registrations_of_one_name_have_exactly_one_winner(store: Settings) -> None:
    """R4 on every store: the name index's optimistic concurrency picks one winner."""
    open_ledger(store).close()  # schema and key store exist before the race
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(WORKERS), context.Queue()
    workers = [
        context.Process(target=_register, args=(store, 100 + n, barrier, results))
        for n in range(WORKERS)
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    assert sorted(o[0] for o in outcomes) == ["lost"] * (WORKERS - 1) + ["won"]
    assert {o[1] for o in outcomes if o[0] == "lost"} == {"unique-name"}
    ledger = open_ledger(store)
    winner = next(o[1] for o in outcomes if o[0] == "won")
    assert ledger.account(UUID(winner)).name == "Contested Name"
    ledger.close()
