"""R12, R15 (2021 Art 8 ¶2, Art 20; 2022 Art 15), the acceptance of issue 14 point 5: the
delivery worker `accountledger deliver --follow`, killed mid-batch (SIGKILL, in its own
process) and restarted, has delivered every notification at least once, lost none, and
every duplicate carries the same idempotency key and body. On SQLite and PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.adapters.delivery import open_outbox
from accountledger.application.commands import RecordActivity, Warn
from accountledger.domain.act import Role
from tests.adapters.receiver import Receiver, receiver
from tests.application.helpers import GROUNDS, Desk

WORKER = "from accountledger.adapters.cli import main; main()"
OWED = 6


def owe(store: Settings) -> None:
    ledger = open_ledger(store)
    try:
        desk = Desk(ledger)
        for serial in range(1, 4):
            account = desk.active(f"Killed Worker Garden {serial}", serial=serial)
            desk.do(RecordActivity(account_id=account, kind="login"), Role.OPERATOR)
            desk.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS)
            desk.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS)
    finally:
        ledger.close()


def worker(store: Settings, hook: Receiver, *args: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "ACCOUNTLEDGER_STORE": store.store,
        "ACCOUNTLEDGER_KEYSTORE": store.keystore or "",
        "ACCOUNTLEDGER_WEBHOOK_URL": hook.url,
        "ACCOUNTLEDGER_WEBHOOK_SECRET": "killed-worker-secret",
    }
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, "deliver", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_a_worker_killed_mid_batch_and_restarted_loses_nothing(store: Settings) -> None:
    """2021 Art 20: at least once, none lost, duplicates under one idempotency key."""
    owe(store)
    with receiver(delay=0.3) as hook:
        first = worker(store, hook, "--follow", "--interval", "0.1")
        deadline = time.monotonic() + 60
        while hook.started < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        first.send_signal(signal.SIGKILL)  # mid-batch: the third is in flight, unanswered
        first.wait(timeout=30)
        killed_after = len(hook.received)
        assert 2 <= killed_after < OWED
        time.sleep(0.5)  # the receiver finishes the request in flight (a 2xx never marked)
        second = worker(store, hook)
        _, errors = second.communicate(timeout=120)
        assert second.returncode == 0, errors.decode()
    ledger = open_ledger(store)
    outbox = open_outbox(ledger, store)
    try:
        rows = outbox.rows()
    finally:
        outbox.close()
        ledger.close()
    assert len(rows) == OWED and {r["status"] for r in rows} == {"delivered"}
    keys = hook.keys()
    assert set(keys) == {str(r["notification_id"]) for r in rows}  # none lost
    assert len(keys) > OWED  # the one in flight when the worker died came again
    bodies: dict[str, set[bytes]] = {}
    for got in hook.received:
        bodies.setdefault(got.key, set()).add(got.body)
    assert all(len(found) == 1 for found in bodies.values())  # a duplicate is the same body
