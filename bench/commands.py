"""Events/s through the whole command path against the raw eventsourcing library.

One run, embedded store (SQLite file, WAL, durable on commit):
1. the command path: `Ledger.register` / `Ledger.handle` with the lifecycle check,
   roles, name policy, identity sealing, index aggregates and reads of the account;
2. the raw library: a plain `eventsourcing` application on a fresh file saving the
   very same domain events with `Application.save`, grouped exactly as the command
   path saved them (one transaction per command), with no domain logic and no reads.
Prints both rates and their ratio (the target is >= 0.5). Usage:
    python bench/commands.py [ACCOUNTS]
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import JSONTranscoder

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.adapters.inputs import id_card_check
from accountledger.application.commands import (
    AccountCommand,
    LiftRestriction,
    RecordActivity,
    Reinstate,
    Restrict,
    ResumeUpdates,
    Suspend,
    SuspendUpdates,
    VerifyIdentity,
    Warn,
)
from accountledger.application.identity import Identity, Registration
from accountledger.application.ledger import Ledger
from accountledger.application.transcodings import ActAsDict
from accountledger.domain.act import Act, Role

GROUNDS: dict[str, Any] = {
    "reason": "benchmark measure",
    "basis": ("2021-19",),
    "violation": ("2021-18-6",),
    "evidence": ("evidence://bench",),
    "case_id": "bench",
}


class Raw(Application[Any]):
    """The library alone: same name, same transcoding, no domain logic."""

    name = "accountledger"

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(ActAsDict())


def _clock() -> Callable[[Role], Act]:
    now = [datetime(2026, 1, 1, tzinfo=UTC)]

    def act(role: Role, **grounds: Any) -> Act:
        now[0] += timedelta(seconds=1)
        return Act(actor_id=f"{role.value}-b", actor_role=role, occurred_at=now[0], **grounds)

    return act


def _lifecycle(ledger: Ledger, act: Callable[..., Act], serial: int) -> None:
    body = f"11010119900101{serial % 1000:03d}"
    registration = Registration(
        name=f"Bench account {serial}",
        identity=Identity("id_card", body + id_card_check(body)),
        details={"nature": "individual"},
    )
    account = ledger.register(registration, act(Role.PLATFORM)).account_id
    m = Role.MODERATOR
    steps: list[tuple[Role, dict[str, Any], AccountCommand]] = [
        (Role.REVIEWER, {}, VerifyIdentity(account_id=account)),
        (Role.OPERATOR, {}, RecordActivity(account_id=account, kind="login")),
        (m, GROUNDS, Warn(account_id=account)),
        (m, GROUNDS, Restrict(account_id=account, functions=("comment",))),
        (m, {}, LiftRestriction(account_id=account)),
        (m, GROUNDS, SuspendUpdates(account_id=account)),
        (m, {}, ResumeUpdates(account_id=account)),
        (m, GROUNDS, Suspend(account_id=account)),
        (m, {}, Reinstate(account_id=account)),
    ]
    for role, grounds, command in steps:
        ledger.handle(command, act(role, **grounds))


def command_path(store: Path, accounts: int) -> tuple[float, int, list[list[Any]]]:
    ledger = open_ledger(Settings(store=f"sqlite:///{store}"))
    groups: list[list[Any]] = []
    save = ledger.save

    def recording_save(*objs: Any, **kwargs: Any) -> Any:
        recordings = save(*objs, **kwargs)
        groups.append([r.domain_event for r in recordings])
        return recordings

    ledger.save = recording_save  # type: ignore[method-assign]
    act = _clock()
    started = time.perf_counter()
    for serial in range(accounts):
        _lifecycle(ledger, act, serial)
    elapsed = time.perf_counter() - started
    ledger.close()
    return elapsed, sum(len(g) for g in groups), groups


def raw_library(store: Path, groups: list[list[Any]]) -> float:
    raw = Raw(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(store)})
    started = time.perf_counter()
    for group in groups:
        raw.save(*group)
    elapsed = time.perf_counter() - started
    raw.close()
    return elapsed


def main(accounts: int = 200) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        elapsed, events, groups = command_path(Path(tmp, "commands.db"), accounts)
        raw_elapsed = raw_library(Path(tmp, "raw.db"), groups)
    result = {
        "accounts": accounts,
        "commands": len(groups),
        "events": events,
        "command_path_events_per_s": events / elapsed,
        "command_path_commands_per_s": len(groups) / elapsed,
        "raw_events_per_s": events / raw_elapsed,
        "ratio": raw_elapsed / elapsed,
    }
    for key, value in result.items():
        print(f"{key:32} {value:,.2f}" if isinstance(value, float) else f"{key:32} {value}")
    return result


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
