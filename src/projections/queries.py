"""Questions a regulator asks of the read models: the disposal register and holdings.

Plain functions over a `ReadStore` (SQLAlchemy Core), returning plain rows. Times
may be given as aware datetimes or as the stored form (ISO 8601 in UTC); they are
compared as stored strings, which sort like the times they name.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select

from accountledger.domain.lifecycle import LIVE
from accountledger.domain.measures import Measure, parse_record_id
from accountledger.domain.rules import DEFAULT_RULES
from accountledger.projections.schema import (
    account_status,
    disposal_register,
    iso,
    name_registry,
    subject_holdings,
)
from accountledger.projections.schema import appeals as appeals_table
from accountledger.projections.view import ReadStore

Moment = datetime | str
Row = dict[str, Any]

# Every column of the register, then what the query derives: the order of an export.
RECORD_COLUMNS: tuple[str, ...] = (*disposal_register.columns.keys(), "report_status")
_LATER_FACTS = {
    "reported_at": ("reported_reference", "reported_channel", "reported_at", "reported_by"),
    "lifted_at": ("lifted_by", "lifted_at"),
    "reversed_at": ("reversed_by", "reversed_at"),
}


def _stored(moment: Moment) -> str:
    if isinstance(moment, str):
        return moment
    stored = iso(moment)
    assert stored is not None
    return stored


def _moment(moment: Moment) -> datetime:
    return datetime.fromisoformat(moment) if isinstance(moment, str) else moment


def _fetch(view: ReadStore, query: Select[Any]) -> list[Row]:
    with view.engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(query)]


def _register_query(
    account: str | None,
    subject: str | None,
    start: Moment | None,
    end: Moment | None,
    measure: Measure | str | None,
) -> Select[Any]:
    table = disposal_register.c
    conditions = []
    if account is not None:
        conditions.append(table.account_id == account)
    if subject is not None:
        conditions.append(table.subject_ref == subject)
    if start is not None:
        conditions.append(table.decided_at >= _stored(start))
    if end is not None:
        conditions.append(table.decided_at <= _stored(end))
    if measure is not None:
        conditions.append(table.measure == Measure(measure).value)
    return select(disposal_register).where(*conditions)


def _as_it_stood(row: Row, as_of: str) -> Row:
    """Hide what happened to a record after `as_of`: not yet reported, lifted or reversed."""
    for when, columns in _LATER_FACTS.items():
        if row[when] is not None and row[when] > as_of:
            row.update(dict.fromkeys(columns))
    return row


def report_status(row: Row, overdue_at: Moment | None, report_within: timedelta) -> str:
    """Reported, overdue (unreported past the limit at `overdue_at`), or unreported (R13).

    A record on administrative grounds is not reportable: never overdue (2021 Art 19).
    """
    if row["reported_at"] is not None:
        return "reported"
    if overdue_at is not None and row["reportable"]:
        deadline = datetime.fromisoformat(row["decided_at"]) + report_within
        if deadline < _moment(overdue_at):
            return "overdue"
    return "unreported"


def _order(row: Row) -> tuple[str, str, int]:
    # By version as a number, so record .../10 follows .../9 at the same decided_at.
    return (row["decided_at"], *parse_record_id(row["record_id"]))


def disposals(
    view: ReadStore,
    *,
    account: str | None = None,
    subject: str | None = None,
    start: Moment | None = None,
    end: Moment | None = None,
    measure: Measure | str | None = None,
    violation: str | None = None,
    overdue_at: Moment | None = None,
    report_within: timedelta | None = None,
    overdue_only: bool = False,
    as_of: Moment | None = None,
) -> list[Row]:
    """Disposal records matching every filter given, each with its `report_status` (R13, R14).

    `start`/`end` bound `decided_at`, inclusive; `violation` matches a record citing that
    violation class; `overdue_only` keeps the records overdue at `overdue_at`. `as_of`
    shows the register as it stood then: later records are left out, later reports and
    lifts hidden, and `overdue_at` defaults to it.
    """
    if as_of is not None:
        end = min(_stored(end), _stored(as_of)) if end is not None else as_of
        overdue_at = as_of if overdue_at is None else overdue_at
    if overdue_only and overdue_at is None:
        raise ValueError("overdue: listing overdue records needs the time to judge them at")
    within = DEFAULT_RULES.report_within if report_within is None else report_within
    rows = _fetch(view, _register_query(account, subject, start, end, measure))
    if as_of is not None:
        rows = [_as_it_stood(row, _stored(as_of)) for row in rows]
    if violation is not None:
        rows = [row for row in rows if violation in row["violation"]]
    for row in rows:
        row["report_status"] = report_status(row, overdue_at, within)
    if overdue_only:
        rows = [row for row in rows if row["report_status"] == "overdue"]
    return sorted(rows, key=_order)


def holdings(view: ReadStore, subject_ref: str) -> list[Row]:
    """The accounts a subject held, each with `held_from` and `held_until` (R9, R18)."""
    table = subject_holdings.c
    query = (
        select(subject_holdings)
        .where(table.subject_ref == subject_ref)
        .order_by(table.held_from, table.account_id)
    )
    return _fetch(view, query)


def appeals(view: ReadStore, *, overdue_at: Moment | None = None) -> list[Row]:
    """Appeals in filing order; with `overdue_at`, only undecided ones past their deadline."""
    query = select(appeals_table).order_by(appeals_table.c.filed_at, appeals_table.c.appeal_id)
    if overdue_at is not None:
        query = query.where(
            appeals_table.c.status != "decided",
            appeals_table.c.feedback_deadline < iso(_moment(overdue_at)),
        )
    return _fetch(view, query)


def accounts(
    view: ReadStore,
    *,
    account: str | None = None,
    name: str | None = None,
    subject: str | None = None,
) -> list[Row]:
    """Accounts by id, by a part of any name they used (any case), or held by a subject.

    Each row is the account's status row with `former_names`: the names it used before
    its current one, oldest first (R4, R18). Filters given together must all hold.
    """
    status = account_status.c
    conditions = []
    if account is not None:
        conditions.append(status.account_id == account)
    if name is not None:
        used = select(name_registry.c.account_id).where(
            func.lower(name_registry.c.name).contains(name.lower(), autoescape=True)
        )
        named = func.lower(status.name).contains(name.lower(), autoescape=True)
        conditions.append(or_(named, status.account_id.in_(used)))
    if subject is not None:
        held = select(subject_holdings.c.account_id).where(
            subject_holdings.c.subject_ref == subject
        )
        conditions.append(or_(status.subject_ref == subject, status.account_id.in_(held)))
    rows = _fetch(view, select(account_status).where(*conditions).order_by(status.name))
    if not rows:
        return rows
    names = _fetch(
        view,
        select(name_registry.c.account_id, name_registry.c.name)
        .where(name_registry.c.account_id.in_([row["account_id"] for row in rows]))
        .order_by(name_registry.c.used_from),
    )
    for row in rows:
        used_names = [n["name"] for n in names if n["account_id"] == row["account_id"]]
        row["former_names"] = list(dict.fromkeys(n for n in used_names if n != row["name"]))
    return rows


def live_accounts(view: ReadStore) -> list[str]:
    """Accounts a time-driven rule can still fall due on (R6, R8, R12)."""
    query = select(account_status.c.account_id).where(account_status.c.status.in_(LIVE))
    return [
        str(row["account_id"]) for row in _fetch(view, query.order_by(account_status.c.account_id))
    ]
