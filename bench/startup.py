"""Issue 16, CLI start-up: `accountledger show ID --json` against `python -c pass`.

Fresh processes, bytecode compiled (kept in `PYTHONPYCACHEPREFIX`, as an installed
package has it), alternating, N runs each, medians of wall and CPU (user + system)
time; beside them the floors: the interpreter with only the libraries a `show` cannot do
without, and with the ledger's module alone. Every figure is a ratio to `python -c pass`
of the same run.

Usage:
    .venv/bin/python bench/startup.py [RUNS]     # default 21
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.application.commands import Register
from accountledger.application.identity import Identity
from accountledger.domain.act import Act, Role

PROBES = {
    "pass": "pass",
    "sqlite3 + json": "import sqlite3, json",
    "eventsourcing (application, sqlite)": "import eventsourcing.application, eventsourcing.sqlite",
    "eventsourcing + the Account aggregate": "import eventsourcing.sqlite, accountledger.domain.account",
    "the ledger module": "import accountledger.application.ledger",
    "typer": "import typer",
    "sqlalchemy": "import sqlalchemy",
}


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU time (user + system) of one fresh process."""
    before, started = os.times(), time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
    wall, after = time.perf_counter() - started, os.times()
    cpu = after.children_user - before.children_user
    return wall, cpu + after.children_system - before.children_system


def _store(tmp: str) -> tuple[str, str]:
    store = f"sqlite:///{tmp}/cli.db"
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    ledger = open_ledger(Settings(store=store), lambda: moment)
    command = Register(
        name="Startup Notes", identity=Identity("mobile", "13800138000"), nature="individual",
        registration_place="Beijing", operating_place="Beijing", content_category="news",
    )  # fmt: skip
    act = Act(actor_id="p-1", actor_role=Role.PLATFORM, occurred_at=moment)
    account = ledger.handle(command, act).account_id
    ledger.close()
    return store, str(account)


def measure(runs: int) -> dict[str, tuple[float, float]]:
    python = sys.executable
    cli = str(Path(python).with_name("accountledger"))
    with tempfile.TemporaryDirectory() as tmp:
        store, account = _store(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith("ACCOUNTLEDGER_")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env |= {
            "ACCOUNTLEDGER_STORE": store,
            "PYTHONPYCACHEPREFIX": str(Path(tempfile.gettempdir(), "accountledger-pycache")),
        }
        commands = {"show ID --json": [cli, "show", account, "--json"]}
        commands |= {name: [python, "-c", code] for name, code in PROBES.items()}
        for argv in commands.values():
            _run(argv, env)  # bytecode written once, as an installed package has it
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, argv in commands.items():
                samples[name].append(_run(argv, env))
    return {
        name: (statistics.median(w for w, _ in got), statistics.median(c for _, c in got))
        for name, got in samples.items()
    }


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    figures = measure(runs)
    wall, cpu = figures["pass"]
    print(f"{runs} runs each, alternating; medians; ratio to `python -c pass` of this run")
    print(f"{'':40} {'wall ms':>8} {'ratio':>6} {'cpu ms':>8} {'ratio':>6}")
    for name, (w, c) in figures.items():
        print(f"{name:40} {w * 1000:8.1f} {w / wall:6.2f} {c * 1000:8.1f} {c / cpu:6.2f}")


if __name__ == "__main__":
    main()
