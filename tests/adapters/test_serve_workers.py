"""`serve --workers 2` on one SQLite file: writes and reads through both processes, nothing
doubled, nothing lost, every read sees the writes made before it (R12, R16; issue 17)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.application.integrity import verify
from tests.adapters.test_http import GROUNDS, REGISTRATION

EXE = str(Path(sys.executable).with_name("accountledger"))
ACCOUNTS, WARNINGS = 6, 24


class Served:
    def __init__(self, base: str, keys: dict[str, str], log: Path) -> None:
        self.base, self.keys, self.log = base, keys, log

    def call(self, method: str, path: str, role: str, body: Any = None) -> httpx.Response:
        # A new connection each time, so the two workers share the requests.
        headers = {"Authorization": f"Bearer {self.keys[role]}"}
        return httpx.request(method, self.base + path, json=body, headers=headers, timeout=60)

    def pids(self) -> set[int]:
        lines = [line for line in self.log.read_text().splitlines() if line.startswith("{")]
        found = [json.loads(line) for line in lines]
        return {f["pid"] for f in found if f["logger"] == "accountledger.requests"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([EXE, *args], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    store = f"sqlite:///{tmp_path / 'ledger.db'}"
    env = {"PATH": str(Path(EXE).parent) + ":/usr/bin:/bin", "ACCOUNTLEDGER_STORE": store}
    keys = {
        role: json.loads(_run(env, "keys", "create", "--role", role, "--json"))["secret"]
        for role in ("platform", "moderator", "regulator")
    }
    port, log = _free_port(), tmp_path / "serve.log"
    with log.open("w") as errors:
        server = subprocess.Popen(
            [EXE, "serve", "--workers", "2", "--port", str(port)],
            env=env,
            stderr=errors,
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # until both workers answer, at most a minute
            if log.read_text().count("Application startup complete") >= 2:
                break
            assert server.poll() is None, log.read_text()
            time.sleep(0.2)
        yield Served(base, keys, log)
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the supervisor and its workers, ours only
        server.wait(timeout=60)
    ledger = open_ledger(Settings(store=store))
    try:
        assert verify(ledger).holds
    finally:
        ledger.close()


def _register(served: Served, n: int) -> str:
    body = REGISTRATION | {"name": f"Two Workers {n}", "identity_number": f"1390013900{n}"}
    created = served.call("POST", "/accounts", "platform", body)
    assert created.status_code == 201, created.text
    account = str(created.json()["account_id"])
    verified = served.call("POST", f"/accounts/{account}/verify-identity", "platform", {})
    assert verified.status_code == 200, verified.text
    return account


def test_two_workers_write_and_read_one_store_without_doubling_or_losing(served: Served) -> None:
    with ThreadPoolExecutor(8) as pool:
        accounts = list(pool.map(lambda n: _register(served, n), range(ACCOUNTS)))
        target = accounts[0]
        # Many warnings on one account at once, through both processes: every one is
        # recorded once (a conflicting append is refused by the store and retried).
        warned = list(
            pool.map(
                lambda _: served.call("POST", f"/accounts/{target}/warn", "moderator", GROUNDS),
                range(WARNINGS),
            )
        )
        assert [w.status_code for w in warned] == [200] * WARNINGS, [w.text for w in warned]
        # Reads through both: the read models of each hold every write made before.
        registers = list(
            pool.map(
                lambda _: served.call("GET", f"/disposals?account={target}", "regulator"),
                range(8),
            )
        )
    assert {r.json()["count"] for r in registers} == {WARNINGS}
    shown = served.call("GET", f"/accounts/{target}", "regulator").json()
    assert shown["warnings"] == WARNINGS
    history = served.call("GET", f"/accounts/{target}/history", "regulator").json()["events"]
    assert [e["event"] for e in history].count("Warned") == WARNINGS
    assert [e["version"] for e in history] == list(range(1, len(history) + 1))
    for account in accounts:
        assert served.call("GET", f"/accounts/{account}", "regulator").json()["status"] == "active"
    assert len(served.pids()) == 2  # both workers answered
