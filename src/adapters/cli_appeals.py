"""Appeals from the command line (R15): `appeal file|assign|evidence|decide|show`, `appeals`."""

from typing import Annotated, Any

import typer

from accountledger.adapters import render
from accountledger.adapters.cli_app import app
from accountledger.adapters.cli_base import Call, command
from accountledger.application import appeals
from accountledger.application.appeals import decision, summary
from accountledger.application.ids import appeal_id, disposal_record
from accountledger.application.views import event_record
from accountledger.domain.dates import parse_moment
from accountledger.projections import queries

appeal_app = typer.Typer(help="Appeals against one disposal record (R15).", no_args_is_help=True)
app.add_typer(appeal_app, name="appeal")

AppealArg = Annotated[str, typer.Argument(help="appeal id, or the record id ACCOUNT/VERSION")]


@command(appeal_app, "file", render.fields)
def file(
    call: Call,
    record: Annotated[str, typer.Argument(help="disposal record id ACCOUNT/VERSION")],
    grounds: Annotated[str, typer.Option("--grounds", help="why the measure is wrong")],
) -> dict[str, Any]:
    """The operator appeals one disposal record within the appeal window."""
    return summary(appeals.file(call.ledger, disposal_record(record), grounds, call.act()))


@command(appeal_app, "assign", render.fields)
def assign(
    call: Call,
    appeal: AppealArg,
    reviewer: Annotated[str, typer.Option("--reviewer", help="a reviewer who did not decide it")],
) -> dict[str, Any]:
    """Assign the appeal to a reviewer who did not take the measure."""
    return summary(appeals.assign(call.ledger, appeal_id(appeal), reviewer, call.act()))


@command(appeal_app, "evidence", render.fields)
def evidence(
    call: Call,
    appeal: AppealArg,
    reference: Annotated[str, typer.Option("--reference", help="evidence reference")],
) -> dict[str, Any]:
    """Add evidence to an open appeal."""
    return summary(appeals.add_evidence(call.ledger, appeal_id(appeal), reference, call.act()))


@command(appeal_app, "decide", render.fields)
def decide(
    call: Call,
    appeal: AppealArg,
    outcome: Annotated[str, typer.Option("--outcome", help="upheld, overturned or varied")],
    until: Annotated[
        str | None, typer.Option("--until", help="varied: the new expiry (ISO 8601)")
    ] = None,
) -> dict[str, Any]:
    """Decide with reasons (--reason); overturned or varied reverses the measure."""
    expiry = parse_moment(until, call.settings.rules.zone, field="until") if until else None
    return decision(*appeals.decide(call.ledger, appeal_id(appeal), outcome, expiry, call.act()))


@command(appeal_app, "show", render.history, writes=False)
def show(call: Call, appeal: AppealArg) -> dict[str, Any]:
    """The appeal's whole trail: filed, assigned, evidence, decided, reversal applied."""
    ident = appeal_id(appeal)
    found = appeals.appeal(call.ledger, ident)
    trail = [event_record(e) for e in appeals.trail(call.ledger, ident)]
    return summary(found) | {"title": f"Trail of appeal {ident}", "events": trail}


@command(app, "appeals", render.rows, writes=False)
def list_appeals(
    call: Call,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="only undecided appeals past their deadline")
    ] = False,
) -> dict[str, Any]:
    """Appeals and their feedback deadlines (R15)."""
    moment = call.clock() if overdue else None
    rows = call.read(lambda view: queries.appeals(view, overdue_at=moment))
    return {"appeals": rows, "count": len(rows)}
