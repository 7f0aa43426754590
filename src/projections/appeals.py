"""Appeals: one row per appeal, with its feedback deadline and outcome (R15)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from accountledger.projections import disposal_register
from accountledger.projections.batch import Batch, Row
from accountledger.projections.schema import appeals, iso


def _filed(event: Any) -> Row:
    return {
        "appeal_id": str(event.originator_id),
        "record_id": event.record_id,
        "account_id": event.account_id,
        "measure": event.measure,
        "decided_by": event.decided_by,
        "status": event.status,
        "grounds": event.grounds,
        "filed_at": iso(event.act.occurred_at),
        "feedback_deadline": iso(event.deadline),
        "reviewer": None,
        "evidence": [],
        "outcome": None,
        "decided_at": None,
    }


def _row(batch: Batch, appeal_id: str) -> Row | None:
    found = batch.connection.execute(
        select(appeals.c.account_id).where(appeals.c.appeal_id == appeal_id)
    ).first()
    account_id = found[0] if found is not None else batch.account_of(appeals, appeal_id)
    return None if account_id is None else batch.get(appeals, appeal_id, account_id)


def _update(row: Row, event: Any) -> None:
    kind = type(event).__name__
    if kind == "Assigned":
        row.update(status=event.status, reviewer=event.reviewer)
    elif kind == "EvidenceAdded":
        row.update(evidence=[*row["evidence"], event.reference])
    elif kind == "Decided":
        row.update(
            status=event.status, outcome=event.outcome, decided_at=iso(event.act.occurred_at)
        )


def apply(batch: Batch, event: Any) -> None:
    if type(event).__name__ == "Filed":
        row = _filed(event)
        batch.put(appeals, row)
    else:
        found = _row(batch, str(event.originator_id))
        if found is None:
            return
        row = found
        _update(row, event)
        batch.touch(appeals, row)
    status = row["outcome"] or row["status"]
    disposal_register.appeal(batch, row["record_id"], row["account_id"], row["appeal_id"], status)
