"""`accountledger sweep`: every time-driven rule, recorded once for a given time."""

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import typer
from sqlalchemy import select

from accountledger.adapters import render
from accountledger.adapters.cli import app
from accountledger.adapters.console import Call, command
from accountledger.adapters.inputs import parse_time
from accountledger.domain.lifecycle import LIVE
from accountledger.projections import complaints as complaint_register
from accountledger.projections import queries
from accountledger.projections.schema import account_status


def live_accounts(call: Call) -> list[UUID]:
    """Accounts a rule can still fall due on, from the (caught-up) status read model."""
    projection = call.projection()
    try:
        projection.catch_up()
        query = select(account_status.c.account_id).where(account_status.c.status.in_(LIVE))
        with projection.view.engine.connect() as connection:
            return [UUID(row[0]) for row in connection.execute(query)]
    finally:
        projection.view.close()


def overdue(call: Call, moment: datetime) -> dict[str, Any]:
    """Lateness that needs no event: counted at `moment`, listed by each `--overdue`."""
    projection = call.projection()
    try:
        view = projection.view
        reports = queries.disposals(
            view,
            overdue_at=moment,
            report_within=call.settings.rules.report_within,
            overdue_only=True,
        )
        late_appeals = queries.appeals(view, overdue_at=moment)
        late_complaints = complaint_register.overdue(view, moment)
    finally:
        projection.view.close()
    counts = {"reports": reports, "appeals": late_appeals, "complaints": late_complaints}
    return {"overdue": {kind: len(rows) for kind, rows in counts.items()}}


@command(app, "sweep", render.fields, writes=False)
def sweep(
    call: Call,
    now: Annotated[
        str | None, typer.Option("--now", help="business time to sweep at (default: now)")
    ] = None,
) -> dict[str, Any]:
    """Record expiries, missed deadlines and inactivity due by a time (R6, R8, R12)."""
    moment = parse_time(now) if now else call.clock()
    swept = call.ledger.sweep(live_accounts(call), moment)
    call.keep_current()
    return overdue(call, moment) | {
        "now": moment.isoformat(),
        "accounts": len(swept),
        "events": sum(len(r.events) for r in swept),
        "swept": [
            {"account_id": str(r.account.id), "events": list(r.events), "status": r.account.status}
            for r in swept
        ],
    }
