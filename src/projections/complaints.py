"""Complaints: one row per complaint, with its feedback deadline and outcome (R15).

The row is keyed by complaint and carries the reported account as `account_id`, so a
`Batch` finds it like every other read model's rows. The reporter is never projected
(R17). Each row remembers the last complaint version applied, so applying an event
twice changes nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, select

from accountledger.domain.complaints import Complaint
from accountledger.projections.batch import Batch, Row
from accountledger.projections.schema import complaints, iso
from accountledger.projections.view import ReadStore


def _received(event: Any) -> Row:
    return {
        "complaint_id": str(event.originator_id),
        "account_id": event.account_id,
        "category": event.category,
        "status": event.status,
        "received_at": iso(event.act.occurred_at),
        "feedback_deadline": iso(event.deadline),
        "answered_at": None,
        "linked_records": [],
        "rejection_reason": None,
        "duplicate_of": None,
        "version": event.originator_version,
    }


def _account_of(batch: Batch, complaint_id: str) -> str | None:
    # Only `Received` names the account: later events find it in the batch or the table.
    known = batch.account_of(complaints, complaint_id)
    if known is not None:
        return known
    query = select(complaints.c.account_id).where(complaints.c.complaint_id == complaint_id)
    found = batch.connection.execute(query).first()
    return None if found is None else str(found[0])


def _row(batch: Batch, complaint_id: str) -> Row | None:
    account_id = _account_of(batch, complaint_id)
    return None if account_id is None else batch.get(complaints, complaint_id, account_id)


def _changes(event: Any, row: Row) -> dict[str, Any]:
    kind = type(event).__name__
    if kind == "Rejected":
        return {"rejection_reason": event.reason, "duplicate_of": event.duplicate_of}
    if kind == "Linked":
        return {"linked_records": [*row["linked_records"], event.record]}
    if kind == "Answered":
        return {"answered_at": iso(event.act.occurred_at)}
    return {}


def apply_complaint(batch: Batch, event: Any) -> None:
    """Apply one `Complaint` event to its row; an event already applied is skipped."""
    complaint_id = str(event.originator_id)
    if isinstance(event, Complaint.Received):  # type: ignore[attr-defined]
        if batch.get(complaints, complaint_id, event.account_id) is None:
            batch.put(complaints, _received(event))
        return
    row = _row(batch, complaint_id)
    if row is None or row["version"] >= event.originator_version:
        return
    row.update(_changes(event, row), status=event.status, version=event.originator_version)
    batch.touch(complaints, row)


# ------------------------------------------------------------------ queries


def _fetch(view: ReadStore, query: Select[Any]) -> list[Row]:
    with view.engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(query)]


def _about(query: Select[Any], account: str | None) -> Select[Any]:
    return query if account is None else query.where(complaints.c.account_id == account)


def listed(view: ReadStore, account: str | None = None) -> list[Row]:
    """Every complaint, or those about one account, oldest first."""
    query = select(complaints).order_by(complaints.c.received_at, complaints.c.complaint_id)
    return _fetch(view, _about(query, account))


def overdue(view: ReadStore, now: datetime, account: str | None = None) -> list[Row]:
    """Complaints not answered and past their feedback deadline at `now`, most overdue first."""
    query = (
        select(complaints)
        .where(complaints.c.answered_at.is_(None), complaints.c.feedback_deadline < iso(now))
        .order_by(complaints.c.feedback_deadline, complaints.c.complaint_id)
    )
    return _fetch(view, _about(query, account))


# ---------------------------------------------- catching up on its own (until wired)
