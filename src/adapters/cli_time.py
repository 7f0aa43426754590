"""`accountledger sweep`: every time-driven rule, recorded once for a given time."""

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import typer

from accountledger.adapters import render
from accountledger.adapters.cli import app
from accountledger.adapters.console import Call, command
from accountledger.adapters.inputs import parse_time
from accountledger.application import integrity
from accountledger.projections import complaints as complaint_register
from accountledger.projections import queries
from accountledger.projections.view import ReadStore


def overdue(call: Call, moment: datetime) -> dict[str, Any]:
    """Lateness that needs no event: counted at `moment`, listed by each `--overdue`."""
    within = call.settings.rules.report_within

    def counts(view: ReadStore) -> dict[str, int]:
        late = {
            "reports": queries.disposals(
                view, overdue_at=moment, report_within=within, overdue_only=True
            ),
            "appeals": queries.appeals(view, overdue_at=moment),
            "complaints": complaint_register.overdue(view, moment),
        }
        return {kind: len(rows) for kind, rows in late.items()}

    return {"overdue": call.read(counts)}


@command(app, "sweep", render.fields, writes=False)
def sweep(
    call: Call,
    now: Annotated[
        str | None, typer.Option("--now", help="business time to sweep at (default: now)")
    ] = None,
) -> dict[str, Any]:
    """Record expiries, missed deadlines and inactivity due by a time (R6, R8, R12)."""
    moment = parse_time(now) if now else call.clock()
    live = [UUID(a) for a in call.read(queries.live_accounts)]
    swept = call.ledger.sweep(live, moment)
    call.keep_current()
    # The sweep is the periodic job, so it also seals what was recorded since (R16).
    sealed = integrity.checkpoint(call.ledger, moment, "periodic checkpoint after the sweep")
    return (
        overdue(call, moment)
        | sealed
        | {
            "now": moment.isoformat(),
            "accounts": len(swept),
            "events": sum(len(r.events) for r in swept),
            "swept": [
                {
                    "account_id": str(r.account.id),
                    "events": list(r.events),
                    "status": r.account.status,
                }
                for r in swept
            ],
        }
    )
