"""`accountledger complaint ...` and `accountledger complaints`: reports from the public (R15).

`complaint file|screen|link|answer|show` work on one complaint; `complaints` lists them
from the read model, `--overdue` those past their feedback deadline at the clock's now.
The reporter's identity is validated here, sealed by the ledger and never printed (R17).
"""

from typing import Annotated, Any, TypeVar

import typer
from rich.table import Table

from accountledger.adapters import render
from accountledger.adapters.cli_app import app
from accountledger.adapters.cli_base import Call, command
from accountledger.adapters.inputs import IdentityInput
from accountledger.adapters.terminal import out
from accountledger.application import complaints as handling
from accountledger.application.identity import Identity
from accountledger.application.ids import account_id, complaint_id
from accountledger.domain.complaints import CATEGORY_RANGES, Complaint
from accountledger.projections import complaints as register
from accountledger.projections.view import ReadStore

T = TypeVar("T")

complaint_app = typer.Typer(
    name="complaint",
    help="Complaints and reports from the public: file, screen, link, answer, show (R15).",
    no_args_is_help=True,
)
app.add_typer(complaint_app, name="complaint")

CATEGORY_HELP = f"item of 2021 Art 18 or 2022 Art 8: {CATEGORY_RANGES}"
ComplaintArg = Annotated[str, typer.Argument(help="complaint id", show_default=False)]
# The status a command leaves tells which event it recorded.
_EVENT_BY_STATUS = {
    "received": "Received",
    "accepted": "Accepted",
    "rejected": "Rejected",
    "linked": "Linked",
    "answered": "Answered",
}


def reporter(kind: str | None, number: str | None, contact: str) -> Identity | None:
    """A named reporter needs both kind and number; none of them files anonymously."""
    if kind is None and number is None and not contact:
        return None
    if kind is None or number is None:
        raise ValueError(
            "reporter: give both --reporter-kind and --reporter-number, or neither (rule: usage)"
        )
    edge = IdentityInput(
        identity_kind=kind,  # type: ignore[arg-type]
        identity_number=number,
        contact=contact,
    )
    return edge.to_identity()


def written(command_name: str, found: Complaint) -> dict[str, Any]:
    return {
        "command": command_name,
        "event": _EVENT_BY_STATUS[found.status],
        **handling.describe_complaint(found),
    }


# ------------------------------------------------------------------ output


def _show_written(result: dict[str, Any]) -> None:
    out.print(
        f"{result['command']}: recorded {result['event']}; complaint {result['complaint_id']} "
        f"about account {result['account_id']} is {result['status']} "
        f"(feedback due {result['feedback_deadline']})",
        markup=False,
    )


def _show_trail(result: dict[str, Any]) -> None:
    state = result["complaint"]
    table = Table(title=f"Complaint {state['complaint_id']}", show_header=False)
    for key, value in state.items():
        table.add_row(key, render._flat(value))
    out.print(table)
    trail = Table(title="Trail")
    for column in ("occurred at", "event", "actor", "status", "reason", "record"):
        trail.add_column(column, overflow="fold")
    for line in result["trail"]:
        trail.add_row(
            line["occurred_at"],
            line["event"],
            f"{line['actor_id']} ({line['actor_role']})",
            line["status"],
            line["reason"] or "-",
            line.get("record_id") or line["details"].get("record") or "-",
        )
    out.print(trail)


LIST_COLUMNS = (
    "complaint_id",
    "account_id",
    "category",
    "status",
    "received_at",
    "feedback_deadline",
    "answered_at",
    "linked_records",
    "rejection_reason",
)


def _show_list(result: dict[str, Any]) -> None:
    title = f"Complaints: {result['count']} complaint(s)"
    if result["overdue_at"]:
        title += f" overdue at {result['overdue_at']}"
    table = Table(title=title)
    for column in LIST_COLUMNS:
        table.add_column(column.replace("_", " "), overflow="fold")
    for row in result["complaints"]:
        table.add_row(*(render._flat(row[c]) for c in LIST_COLUMNS))
    out.print(table)


# ------------------------------------------------------------------ commands


@command(complaint_app, "file", _show_written)
def file_complaint(
    call: Call,
    account: Annotated[str, typer.Argument(help="the reported account", show_default=False)],
    category: Annotated[str, typer.Option("--category", help=CATEGORY_HELP)],
    content: Annotated[str, typer.Option("--content", help="what the reporter says")],
    reporter_kind: Annotated[
        str | None, typer.Option("--reporter-kind", help="mobile, id_card or uscc")
    ] = None,
    reporter_number: Annotated[str | None, typer.Option("--reporter-number")] = None,
    reporter_contact: Annotated[str, typer.Option("--reporter-contact")] = "",
) -> dict[str, Any]:
    """Receive a complaint or report about an account; feedback falls due (R15, R17)."""
    who = reporter(reporter_kind, reporter_number, reporter_contact)
    found = handling.file_complaint(
        call.ledger, account_id(account), category, content, who, call.act()
    )
    return written("complaint file", found)


@command(complaint_app, "screen", _show_written)
def screen(
    call: Call,
    complaint: ComplaintArg,
    accept: Annotated[
        bool | None, typer.Option("--accept/--reject", help="accept for handling, or reject")
    ] = None,
    duplicate_of: Annotated[
        str | None, typer.Option("--duplicate-of", help="the complaint this one duplicates")
    ] = None,
) -> dict[str, Any]:
    """--accept, or --reject with --reason malicious, duplicate (--duplicate-of) or unfounded."""
    if accept is None:
        raise ValueError("screen: give --accept or --reject (rule: usage)")
    act = call.act()
    # The shared --reason is the act's reason; on a rejection it is the rejection reason.
    reason = None if accept else act.reason
    original = complaint_id(duplicate_of, "duplicate_of") if duplicate_of else None
    found = handling.screen(call.ledger, complaint_id(complaint), accept, reason, original, act)
    return written("complaint screen", found)


@command(complaint_app, "link", _show_written)
def link(
    call: Call,
    complaint: ComplaintArg,
    record: Annotated[str, typer.Option("--record", help="disposal record ACCOUNT/VERSION")],
) -> dict[str, Any]:
    """Link an accepted complaint to a disposal record it led to (R15)."""
    found = handling.link(call.ledger, complaint_id(complaint), record, call.act())
    return written("complaint link", found)


@command(complaint_app, "answer", _show_written)
def answer(
    call: Call,
    complaint: ComplaintArg,
    feedback: Annotated[str, typer.Option("--feedback", help="what the reporter is told")],
) -> dict[str, Any]:
    """Give the reporter feedback on what came of the report; nothing follows (R15)."""
    found = handling.answer(call.ledger, complaint_id(complaint), feedback, call.act())
    return written("complaint answer", found)


@command(complaint_app, "show", _show_trail, writes=False)
def show(call: Call, complaint: ComplaintArg) -> dict[str, Any]:
    """The complaint and its trail: screening, the measures it led to, feedback (R15, R18)."""
    ident = complaint_id(complaint)
    found = handling.complaint(call.ledger, ident)
    return {
        "complaint": handling.describe_complaint(found),
        "trail": [handling.trail_record(e) for e in handling.trail(call.ledger, ident)],
    }


@command(app, "complaints", _show_list, writes=False)
def list_complaints(
    call: Call,
    account: Annotated[str | None, typer.Option("--account", help="reported account id")] = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="only unanswered complaints past their deadline")
    ] = False,
) -> dict[str, Any]:
    """Complaints from the read model; --overdue lists those past the feedback limit (R15)."""
    ident = str(account_id(account)) if account else None
    now = call.clock()

    def query(view: ReadStore) -> list[dict[str, Any]]:
        return register.overdue(view, now, ident) if overdue else register.listed(view, ident)

    rows = call.read(query)
    return {
        "complaints": rows,
        "count": len(rows),
        "overdue_at": now.isoformat() if overdue else None,
    }
