"""CLI commands a regulator reads with: `disposals` (the register) and `inquiry` (R13, R18).

Both bring the read models up to date first, so what they print is current. Text is
for people (rich tables); `--format csv|json` is for exports and scripts, and
`--json` means `--format json`.
"""

import sys
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar
from zoneinfo import ZoneInfo

import typer
from pydantic import ValidationError
from rich.table import Table

from accountledger.adapters import bundles, inquiry, render
from accountledger.adapters.cli_app import LimitOption, OffsetOption, app
from accountledger.adapters.cli_base import EXIT_BROKEN, Call, Refusal, command, emit
from accountledger.adapters.disclosures import reader, record_disclosure
from accountledger.adapters.exports import write_register_csv
from accountledger.adapters.inputs import NotASubject, subject_identity
from accountledger.adapters.terminal import out
from accountledger.application import integrity
from accountledger.application.ids import account_id
from accountledger.domain.articles import check_violation
from accountledger.domain.dates import local_text, parse_moment
from accountledger.domain.errors import LedgerError
from accountledger.domain.measures import Measure
from accountledger.projections import queries
from accountledger.projections.view import ReadStore

T = TypeVar("T")


class Format(StrEnum):
    TEXT = "text"
    CSV = "csv"
    JSON = "json"


class InquiryFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


class Output(dict[str, Any]):
    """A result that remembers the format asked for; as JSON it is only its items."""

    def __init__(self, items: dict[str, Any], fmt: str) -> None:
        super().__init__(items)
        self.fmt = fmt


def _fmt(result: dict[str, Any]) -> str:
    return str(getattr(result, "fmt", Format.TEXT))


def _print_json(result: dict[str, Any]) -> None:
    # `--format json` prints exactly what `--json` prints.
    emit(result, True, render.fields)


# ------------------------------------------------------------------ input


def _measure(text: str) -> Measure:
    try:
        return Measure(text)
    except ValueError:
        known = ", ".join(Measure)
        raise ValueError(
            f"measure: {text!r} is not a measure; one of {known} (rule: measure)"
        ) from None


def _violation(text: str) -> str:
    try:
        return check_violation((text,))[0]
    except LedgerError:
        raise ValueError(
            f"violation: {text!r} is not a violation class; expected an item of 2021 Art 18 "
            "or 2022 Art 8, e.g. 2021-18-6 (rule: violation-class)"
        ) from None


def subject_ref(call: Call, text: str) -> str:
    """A subject ref as given (`s-...`), or the ref of `KIND:NUMBER` from the vault (R17)."""
    try:
        edge = subject_identity(text)
    except ValidationError as error:
        item = error.errors()[0]
        reason = str(item["msg"]).removeprefix("Value error, ")
        # A rule with an article of its own (`inputs.folded_number`) is named as such.
        article = (item.get("ctx") or {}).get("article")
        named = f"{item['type']}) [{article}]" if article else "subject)"
        raise ValueError(f"subject: {reason} (rule: {named}") from None
    except NotASubject as error:
        raise ValueError(f"subject: {error} (rule: subject)") from None
    if edge is None:
        return text
    return call.ledger.vault.subject_ref(edge.identity_kind, edge.identity_number)


# ------------------------------------------------------------------ output


def _report_cell(record: dict[str, Any]) -> str:
    reference = record["reported_reference"]
    return f"{record['report_status']} {reference}" if reference else record["report_status"]


REGISTER_HEADINGS = (
    "record",
    "account",
    "measure",
    "decided at",
    "decided by",
    "violation",
    "basis",
    "until",
    "lifted at",
    "report",
)


def _register_row(r: dict[str, Any]) -> list[str]:
    return [
        r["record_id"],
        r["account_name"],
        r["measure"],
        r["decided_at"],
        f"{r['decided_by']} ({r['decided_role']})",
        *(render._flat(r[c]) for c in ("violation", "basis", "effective_until", "lifted_at")),
        _report_cell(r),
    ]


def _register_table(records: list[dict[str, Any]], title: str, appeals: bool = False) -> Table:
    table = Table(title=title)
    for heading in (*REGISTER_HEADINGS, "appeal") if appeals else REGISTER_HEADINGS:
        table.add_column(heading, overflow="fold")  # ids stay whole when wrapped
    for r in records:
        table.add_row(*_register_row(r), *([r["appeal_status"]] if appeals else []))
    return table


def _show_disposals(result: dict[str, Any]) -> None:
    fmt = _fmt(result)
    if fmt == Format.JSON:
        _print_json(result)
    elif fmt == Format.CSV:
        write_register_csv(result["records"], sys.stdout)
    else:
        title = f"Disposal register: {result['count']} record(s)"
        out.print(_register_table(result["records"], title))


def _identity_line(shown: dict[str, Any]) -> str:
    if shown.get("erased"):
        return f"erased on {shown['erased_at']} ({', '.join(shown['basis'])})"
    if shown.get("unreadable"):
        return "unreadable: no key and no recorded erasure"
    contact = f", contact {shown['contact']}" if shown["contact"] else ""
    return f"{shown['kind']} {shown['number']}{contact}"


def _show_entry(entry: dict[str, Any]) -> None:
    holding = entry["holding"]
    if holding is not None:
        until = holding["held_until"] or "the inquiry time (still held)"
        line = f"Account {entry['account_id']}: held from {holding['held_from']} until {until}"
        out.print(line, markup=False)
    if "identity" in entry:
        shown = entry["identity"]
        line = f"Identity of subject {shown['subject_ref']}: {_identity_line(shown)}"
        out.print(line, markup=False)
    render.account(entry["state"])
    events = {"account_id": entry["account_id"], "events": entry["events"]}
    render.history_table(events | {"events_page": entry.get("events_page")})
    title = f"Disposal records of account {entry['account_id']}"
    out.print(_register_table(entry["disposals"], title, appeals=True))


def _show_inquiry(result: dict[str, Any]) -> None:
    if _fmt(result) == Format.JSON:
        _print_json(result)
        return
    body = result["inquiry"]
    about = body["subject_ref"] if body["scope"] == "subject" else body["account_id"]
    count = len(body["accounts"])
    when = local_text(datetime.fromisoformat(body["as_of"]), ZoneInfo(body["time_zone"]))
    line = f"Inquiry into {body['scope']} {about} as of {when}: {count} account(s)"
    out.print(line, markup=False)
    out.print(f"Personal information: {body['personal_information']}", markup=False)
    with render.paged(sum(len(entry["events"]) for entry in body["accounts"])):
        for entry in body["accounts"]:
            _show_entry(entry)
    if "bundle" in result:
        written, sealed = result["bundle"], result["bundle"]["checkpoint"]
        out.print(
            f"Bundle {written['file']}: {written['accounts']} account(s), tied to checkpoint "
            f"{sealed['number']} (hash {sealed['hash']}); check it with "
            f"`accountledger verify-bundle {written['file']}`",
            markup=False,
        )


# ------------------------------------------------------------------ commands


@command(app, "disposals", _show_disposals, writes=False)
def list_disposals(
    call: Call,
    account: Annotated[str | None, typer.Option("--account", help="account id")] = None,
    subject: Annotated[
        str | None, typer.Option("--subject", help="subject ref s-... or KIND:NUMBER")
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", help="decided at or after (ISO 8601)")
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(
            "--to", help="decided at or before; a date means its end, in the platform's zone"
        ),
    ] = None,
    measure: Annotated[
        str | None, typer.Option("--measure", help="e.g. warning, suspension")
    ] = None,
    violation: Annotated[
        str | None, typer.Option("--violation", help="violation class, e.g. 2021-18-6")
    ] = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="only unreported records past the report limit")
    ] = False,
    fmt: Annotated[Format, typer.Option("--format", help="text, csv or json")] = Format.TEXT,
) -> dict[str, Any]:
    """The disposal register: what was done, why, and whether it was reported (R13, R14)."""
    ident = str(account_id(account)) if account else None
    ref = subject_ref(call, subject) if subject else None
    zone = call.settings.rules.zone
    since = parse_moment(start, zone, field="from") if start else None
    until = parse_moment(end, zone, end_of_day=True, field="to") if end else None
    kind = _measure(measure) if measure else None
    violated = _violation(violation) if violation else None
    now = call.clock()
    within = call.settings.rules.report_within

    def query(view: ReadStore) -> list[dict[str, Any]]:
        return queries.disposals(
            view,
            account=ident,
            subject=ref,
            start=since,
            end=until,
            measure=kind,
            violation=violated,
            overdue_at=now,
            report_within=within,
            overdue_only=overdue,
        )

    records = call.read(query)
    return Output({"records": records, "count": len(records)}, fmt)


@command(app, "inquiry", _show_inquiry, writes=False)
def inquire(
    call: Call,
    account: Annotated[
        str | None, typer.Argument(help="account id (or give --subject)", show_default=False)
    ] = None,
    subject: Annotated[
        str | None, typer.Option("--subject", help="subject ref s-... or KIND:NUMBER")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="business time; a date means its end, in the platform's zone; default now",
        ),
    ] = None,
    fmt: Annotated[
        InquiryFormat, typer.Option("--format", help="text or json")
    ] = InquiryFormat.TEXT,
    with_personal_information: Annotated[
        bool,
        typer.Option(
            "--with-personal-information",
            help="include each holder's identity (compliance, regulator); the disclosure is "
            "written to the access log",
        ),
    ] = False,
    actor: Annotated[
        str | None,
        typer.Option("--actor", envvar="ACCOUNTLEDGER_ACTOR", help="who asks, ID:ROLE"),
    ] = None,
    bundle: Annotated[
        Path | None,
        typer.Option(
            "--bundle",
            help="also write a self-contained archive tied to a fresh checkpoint, for "
            "`verify-bundle` offline (R16)",
        ),
    ] = None,
    limit: LimitOption = None,
    offset: OffsetOption = 0,
) -> dict[str, Any]:
    """An account's or a subject's state, history and measures on a date (R13, R16-R18)."""
    if (account is None) == (subject is None):
        raise ValueError("account: give exactly one of ACCOUNT or --subject (rule: usage)")
    if bundle is not None and limit is not None:
        raise ValueError("limit: a bundle holds every event; drop --limit (rule: usage)")
    page = inquiry.Page(offset, limit)
    if bundle is not None and bundle.is_dir():
        raise ValueError(f"bundle: {bundle} is a directory; give a file name (rule: file)")
    if bundle is not None and not bundle.parent.is_dir():
        raise ValueError(f"bundle: the directory {bundle.parent} does not exist (rule: file)")
    who = reader(call, actor, "--with-personal-information") if with_personal_information else None
    role = None if who is None else who.role
    zone = call.settings.rules.zone
    moment = parse_moment(as_of, zone, end_of_day=True, field="as_of") if as_of else call.clock()
    within = call.settings.rules.report_within
    ledger = call.ledger
    if account is not None:
        ident = account_id(account)
        result = call.read(
            lambda v: inquiry.of_account(
                ledger, v, ident, moment, within, disclose_to=role, page=page
            )
        )
    else:
        ref = subject_ref(call, str(subject))
        result = call.read(
            lambda v: inquiry.of_subject(
                ledger, v, ref, moment, within, disclose_to=role, page=page
            )
        )
    if who is not None:
        shown = [entry["account_id"] for entry in result["inquiry"]["accounts"]]
        record_disclosure(call, who, "inquiry --with-personal-information", shown, call.clock())
    if bundle is not None:
        return Output(result | {"bundle": _bundled(call, result, bundle)}, fmt)
    return Output(result, fmt)


def _bundled(call: Call, report: dict[str, Any], path: Path) -> dict[str, Any]:
    """Seal what is new, then write the report with its events, tied to that checkpoint."""
    integrity.checkpoint(call.ledger, call.clock(), "checkpoint for an inquiry bundle")
    try:
        return bundles.write_bundle(call.ledger, report, path)
    except bundles.RegisterContradicted as error:
        raise Refusal(str(error), EXIT_BROKEN) from None  # a check found a change: exit 6
