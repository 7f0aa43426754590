"""Requests/s of reads through `serve --workers 1` against `serve --workers N`, same run.

One store (SQLite file, WAL) holding ACCOUNTS accounts, each through a short lifecycle
(bench/commands.py's); a platform key. Each server is started as `accountledger serve`
would be in production (a subprocess, uvicorn), warmed up, then loaded for SECONDS by
CLIENTS client threads in this process, each with its connection kept alive, alternating
over three reads: `GET /accounts/{id}` (the aggregate, from the event store), `GET
/disposals?account=ID` (the disposal register, a read model caught up first) and `GET
/metrics` a tenth of the time. Then a mixed load: one write (`record-activity`) in ten.
Both servers run at once on the store; ROUNDS rounds load each in turn for SECONDS (the
shared machine's load drifts, so both meet it alike), and the median round of each is
taken. Prints requests/s at 1 and N workers and their ratio. Usage:
    python bench/workers.py [N] [SECONDS] [CLIENTS] [ACCOUNTS] [ROUNDS]   # 2 5 16 50 3
"""

from __future__ import annotations

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from commands import _clock, _lifecycle

from accountledger.adapters.bootstrap import Settings, open_ledger

EXE = str(Path(sys.executable).with_name("accountledger"))


def populate(store: Path, accounts: int) -> list[str]:
    ledger = open_ledger(Settings(store=f"sqlite:///{store}"))
    act = _clock()
    for serial in range(accounts):
        _lifecycle(ledger, act, serial)
    found = ledger.recorder.select_notifications(start=1, limit=1_000_000)
    ids = sorted({str(n.originator_id) for n in found if n.topic.endswith("Account.Registered")})
    ledger.close()
    return ids


def key(env: dict[str, str], role: str) -> str:
    made = subprocess.run(
        [EXE, "keys", "create", "--role", role, "--json"], env=env, capture_output=True, text=True
    )
    return str(json.loads(made.stdout)["secret"])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(env: dict[str, str], workers: int, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    with log.open("w") as errors:
        server = subprocess.Popen(
            [EXE, "serve", "--workers", str(workers), "--port", str(port)],
            env=env,
            stderr=errors,
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
    while log.read_text().count("Application startup complete") < workers:
        if server.poll() is not None:
            raise SystemExit(log.read_text())
        time.sleep(0.2)
    return server, f"http://127.0.0.1:{port}"


def load(
    base: str, keys: dict[str, str], ids: list[str], seconds: float, clients: int, writes: bool
) -> dict[str, Any]:
    done, failed = [0] * clients, [0] * clients
    until = time.perf_counter() + seconds
    reader = {"Authorization": f"Bearer {keys['reader']}"}
    writer = {"Authorization": f"Bearer {keys['operator']}"}

    def one(http: httpx.Client, client: int, n: int) -> httpx.Response:
        account = ids[(client * 7 + n) % len(ids)]
        if writes and n % 10 == 0:
            return http.post(
                f"{base}/accounts/{account}/record-activity",
                json={"kind": "login"},
                headers=writer,
                timeout=60,
            )
        if n % 10 == 5:
            return http.get(f"{base}/metrics", timeout=60)
        path = f"/accounts/{account}" if n % 2 else f"/disposals?account={account}"
        return http.get(base + path, headers=reader, timeout=60)

    def run(client: int) -> None:
        n = 0
        # One client a thread, its connection kept alive (as behind a load balancer): a
        # new client per request spent the bench's time making TLS contexts, not serving.
        with httpx.Client() as http:
            while time.perf_counter() < until:
                answered = one(http, client, n)
                if answered.status_code >= 400:
                    failed[client] += 1
                done[client] += 1
                n += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=run, args=(c,)) for c in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {"requests": sum(done), "failed": sum(failed), "per_s": sum(done) / elapsed}


def rounds(
    bases: dict[int, str], keys: dict[str, str], ids: list[str], seconds: float, clients: int,
    writes: bool, count: int,
) -> dict[int, dict[str, Any]]:  # fmt: skip
    """`count` rounds, each loading every server in turn for `seconds`: the machine's
    load drifts, so each server meets it alike. The median round per server."""
    runs: dict[int, list[dict[str, Any]]] = {workers: [] for workers in bases}
    for _ in range(count):
        for workers, base in bases.items():
            runs[workers].append(load(base, keys, ids, seconds, clients, writes))
    return {
        workers: {
            "per_s": statistics.median(r["per_s"] for r in found),
            "rounds": [round(r["per_s"], 1) for r in found],
            "requests": sum(r["requests"] for r in found),
            "failed": sum(r["failed"] for r in found),
        }
        for workers, found in runs.items()
    }


def main(
    workers: int = 2, seconds: float = 5.0, clients: int = 16, accounts: int = 50, count: int = 3
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp)
        store = where / "ledger.db"
        ids = populate(store, accounts)
        env = {"PATH": str(Path(EXE).parent) + ":/usr/bin:/bin"}
        env["ACCOUNTLEDGER_STORE"] = f"sqlite:///{store}"
        # The platform reads without an access-log row per read (a regulator's read is
        # recorded, R18: a write to the key store) and may record activity.
        keys = {"reader": key(env, "platform"), "operator": key(env, "platform")}
        # Both servers on the one store at once; only the one being loaded works.
        servers = {n: start(env, n, where / f"serve-{n}.log") for n in (1, workers)}
        bases = {n: base for n, (_, base) in servers.items()}
        try:
            rounds(bases, keys, ids, 2.0, clients, False, 1)  # warm: engines, caches
            reads = rounds(bases, keys, ids, seconds, clients, False, count)
            mixed = rounds(bases, keys, ids, seconds, clients, True, count)
        finally:
            for server, _ in servers.values():
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=60)
    result = {
        "workers": workers,
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "reads": reads,
        "mixed": mixed,
        "reads_ratio": reads[workers]["per_s"] / reads[1]["per_s"],
        "mixed_ratio": mixed[workers]["per_s"] / mixed[1]["per_s"],
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main(*(float(a) if "." in a else int(a) for a in sys.argv[1:]))  # type: ignore[arg-type]
