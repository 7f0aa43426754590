"""`accountledger sweep`: every time-driven rule, recorded once for a given time."""

from typing import Annotated, Any

import typer

from accountledger.adapters import render
from accountledger.adapters.cli_app import app
from accountledger.adapters.cli_base import Call, command
from accountledger.adapters.read_side import ReadModels
from accountledger.application import sweep as periodic
from accountledger.domain.dates import parse_moment


@command(app, "sweep", render.fields, writes=False)
def sweep(
    call: Call,
    now: Annotated[
        str | None,
        typer.Option(
            "--now",
            help="business time to sweep at (default: now); a date is its start in the "
            "platform's zone",
        ),
    ] = None,
) -> dict[str, Any]:
    """Record expiries, missed deadlines and inactivity due by a time (R6, R8, R12)."""
    entry = call.entry("sweep", command="sweep")
    moment = parse_moment(now, call.settings.rules.zone, field="now") if now else call.clock()
    reads = ReadModels(call.read, call.keep_current, call.settings.rules.report_within)
    return periodic.sweep(call.ledger, reads, moment, entry.entered_by)
