"""Appeals from the command line (R15): `appeal file|assign|evidence|decide|show`, `appeals`."""

from typing import Annotated, Any
from uuid import UUID

import typer

from accountledger.adapters import render
from accountledger.adapters.cli import app
from accountledger.adapters.console import Call, command
from accountledger.adapters.inputs import parse_time
from accountledger.application.views import event_record
from accountledger.domain.appeals import Appeal
from accountledger.projections import queries

appeal_app = typer.Typer(help="Appeals against one disposal record (R15).", no_args_is_help=True)
app.add_typer(appeal_app, name="appeal")

AppealArg = Annotated[str, typer.Argument(help="appeal id, or the record id ACCOUNT/VERSION")]


def appeal_id(text: str) -> UUID:
    """An appeal is named by its id or by the record it appeals."""
    try:
        return UUID(text)
    except ValueError:
        if "/" in text:
            return Appeal.create_id(text)
        raise ValueError(f"appeal: {text!r} is neither an appeal id nor a record id") from None


def summary(appeal: Appeal) -> dict[str, Any]:
    return {
        "appeal_id": str(appeal.id),
        "record_id": appeal.record_id,
        "account_id": appeal.account_id,
        "status": appeal.status,
        "reviewer": appeal.reviewer,
        "evidence": list(appeal.evidence),
        "outcome": appeal.outcome,
        "feedback_deadline": appeal.deadline.isoformat(),
    }


@command(appeal_app, "file", render.fields)
def file(
    call: Call,
    record: Annotated[str, typer.Argument(help="disposal record id ACCOUNT/VERSION")],
    grounds: Annotated[str, typer.Option("--grounds", help="why the measure is wrong")],
) -> dict[str, Any]:
    """The operator appeals one disposal record within the appeal window."""
    return summary(call.ledger.file_appeal(record, grounds, call.act()))


@command(appeal_app, "assign", render.fields)
def assign(
    call: Call,
    appeal: AppealArg,
    reviewer: Annotated[str, typer.Option("--reviewer", help="a reviewer who did not decide it")],
) -> dict[str, Any]:
    """Assign the appeal to a reviewer who did not take the measure."""
    act = call.act()
    done = call.ledger.on_appeal(appeal_id(appeal), lambda a: a.assign(reviewer, act=act))
    return summary(done)


@command(appeal_app, "evidence", render.fields)
def evidence(
    call: Call,
    appeal: AppealArg,
    reference: Annotated[str, typer.Option("--reference", help="evidence reference")],
) -> dict[str, Any]:
    """Add evidence to an open appeal."""
    act = call.act()
    done = call.ledger.on_appeal(appeal_id(appeal), lambda a: a.add_evidence(reference, act=act))
    return summary(done)


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
    expiry = parse_time(until) if until else None
    decided, reversal = call.ledger.decide_appeal(appeal_id(appeal), outcome, expiry, call.act())
    return summary(decided) | {
        "reversal": None
        if reversal is None
        else {"events": list(reversal.events), "status": reversal.account.status},
    }


@command(appeal_app, "show", render.history, writes=False)
def show(call: Call, appeal: AppealArg) -> dict[str, Any]:
    """The appeal's whole trail: filed, assigned, evidence, decided, reversal applied."""
    ident = appeal_id(appeal)
    found = call.ledger.appeal(ident)
    trail = [event_record(e) for e in call.ledger.appeal_trail(ident)]
    return summary(found) | {"title": f"Trail of appeal {ident}", "events": trail}


@command(app, "appeals", render.rows, writes=False)
def appeals(
    call: Call,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="only undecided appeals past their deadline")
    ] = False,
) -> dict[str, Any]:
    """Appeals and their feedback deadlines (R15)."""
    moment = call.clock() if overdue else None
    rows = call.read(lambda view: queries.appeals(view, overdue_at=moment))
    return {"appeals": rows, "count": len(rows)}
