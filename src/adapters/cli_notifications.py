"""CLI commands of notifications: `deliver` (the worker) and `notifications` (their
delivery status) (2021 Art 8 ¶2, Art 20; 2022 Art 15)."""

import time
from typing import Annotated, Any

import typer

from accountledger.adapters import render
from accountledger.adapters.cli_app import app
from accountledger.adapters.cli_base import EXIT_INVALID, Call, Refusal, command, seconds
from accountledger.adapters.delivery import Round, deliverer, owed
from accountledger.projections.notifications import STATUSES


@command(app, "deliver", render.fields, writes=False)
def deliver(
    call: Call,
    follow: Annotated[bool, typer.Option("--follow", help="keep delivering as events arrive")] = (
        False
    ),
    interval: Annotated[
        float, typer.Option("--interval", callback=seconds, help="seconds between rounds")
    ] = 1.0,
    stop_after: Annotated[
        float | None,
        typer.Option("--stop-after", callback=seconds, help="with --follow: stop after N seconds"),
    ] = None,
) -> dict[str, Any]:
    """Deliver the notifications owed as signed webhooks to ACCOUNTLEDGER_WEBHOOK_URL, at least
    once, once or (--follow) continuously (2021 Art 8, Art 20; 2022 Art 15)."""
    try:
        worker = deliverer(call.ledger, call.settings, call.clock)
    except ValueError as error:
        raise Refusal(str(error), EXIT_INVALID) from None
    total = Round()
    started = time.monotonic()
    try:
        while True:
            done = worker.run_once()
            for name, value in done.as_dict().items():
                setattr(total, name, getattr(total, name) + value)
            if not follow or (stop_after is not None and time.monotonic() - started >= stop_after):
                break
            time.sleep(interval)
        counts = worker.outbox.counts()
    finally:
        worker.close()
    return total.as_dict() | {f"now_{status}": n for status, n in counts.items()}


@command(app, "notifications", render.rows, writes=False)
def notifications(
    call: Call,
    status: Annotated[
        str | None, typer.Option("--status", help=f"only one of {', '.join(STATUSES)}")
    ] = None,
    account: Annotated[str | None, typer.Option("--account", help="only this account")] = None,
) -> dict[str, Any]:
    """Every notification owed and its delivery status: tries, next try, last error
    (2021 Art 8, Art 20; 2022 Art 15)."""
    listed = owed(call.ledger, call.settings, call.clock(), status, account)
    return {"notifications": listed["notifications"], "count": listed["count"]}
