"""What the platform publishes (R5, R9): verified accounts with their special marks and
public registration details, and notices of a change of subject after a transfer."""

from __future__ import annotations

from accountledger.domain.lifecycle import IN_SERVICE
from accountledger.projections.batch import Batch
from accountledger.projections.change import Change
from accountledger.projections.schema import public_registry, subject_notices


def _marks(change: Change) -> dict[str, str]:
    return {
        field: q["mark"]
        for field, q in sorted(change.account.qualifications.items())
        if q.get("status") == "verified"
    }


def apply(batch: Batch, change: Change) -> None:
    marks = _marks(change)
    existing = batch.get(public_registry, change.account_id, change.account_id)
    if marks and change.account.status in IN_SERVICE:
        since = existing["since"] if existing else change.at
        batch.put(
            public_registry,
            {
                "account_id": change.account_id,
                "name": change.account.name,
                "status": change.account.status,
                "marks": marks,
                "details": dict(change.account.details),
                "since": since,
            },
        )
    elif existing is not None:
        batch.remove(public_registry, change.account_id)
    if change.kind == "TransferApproved":
        batch.put(
            subject_notices,
            {
                "notice_id": change.record_id,
                "account_id": change.account_id,
                "account_name": change.account.name,
                "approved_at": change.at,
                "approved_by": change.event.act.actor_id,
            },
        )
