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
import resource
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

# The floors: what `show` cannot do without (the library, its SQLite recorder and the
# `Account` aggregate whose events it replays), and, for scale, what it no longer imports.
PROBES = {
    "pass": "pass",
    "sqlite3 + json": "import sqlite3, json",
    "eventsourcing (application, sqlite)": "import eventsourcing.application, eventsourcing.sqlite",
    "eventsourcing + Account (the floor)": (
        "import eventsourcing.application, eventsourcing.sqlite, accountledger.domain.account"
    ),
    "the ledger module (writing side)": "import accountledger.application.ledger",
    "typer": "import typer",
    "sqlalchemy": "import sqlalchemy",
}


def _cpu() -> float:
    """CPU time of the waited-for children so far (getrusage: microseconds, where
    `os.times` counts 10 ms ticks, a third of `python -c pass`)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU time (user + system) of one fresh process."""
    cpu, started = _cpu(), time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started, _cpu() - cpu


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
        show = [cli, "show", account, "--json"]
        # A setting beyond the store's URLs is read through the settings model
        # (pydantic-settings, which imports asyncio): what a deployment that sets one pays.
        setting = env | {"ACCOUNTLEDGER_REQUIRE_KEYS": "off"}
        commands = {"show ID --json": (show, env), "show, a setting in the env": (show, setting)}
        commands |= {name: ([python, "-c", code], env) for name, code in PROBES.items()}
        for argv, its_env in commands.values():
            _run(argv, its_env)  # bytecode written once, as an installed package has it
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, (argv, its_env) in commands.items():
                samples[name].append(_run(argv, its_env))
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
