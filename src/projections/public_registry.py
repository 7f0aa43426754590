"""What the platform publishes (R5, R9; 2021 Art 9 ¶2, Art 11 ¶2; 2022 Arts 12, 13): every
account in service with its name, special marks (if verified), the registration details
the law says to show, the IP attribution the platform supplies, and notices of a change
of subject after a transfer.

A pending, refused or ended account is not in the registry. The details shown are a
fixed list (`PUBLIC_DETAILS`): never the contact, never an identity (R17).
"""

from __future__ import annotations

from accountledger.domain.lifecycle import IN_SERVICE
from accountledger.projections.batch import Batch
from accountledger.projections.change import Change
from accountledger.projections.schema import public_registry, subject_notices

# The registration details that are public (2021 Art 9 ¶2; 2022 Art 13).
PUBLIC_DETAILS = (
    "nature",
    "registration_place",
    "operating_place",
    "content_category",
    "main_business",
)


def _marks(change: Change) -> dict[str, str]:
    return {
        field: q["mark"]
        for field, q in sorted(change.account.qualifications.items())
        if q.get("status") == "verified"
    }


def apply(batch: Batch, change: Change) -> None:
    marks = _marks(change)
    existing = batch.get(public_registry, change.account_id, change.account_id)
    if change.account.status in IN_SERVICE:
        since = existing["since"] if existing else change.at
        batch.put(
            public_registry,
            {
                "account_id": change.account_id,
                "name": change.account.name,
                "status": change.account.status,
                "marks": marks,
                "details": {k: v for k, v in change.account.details.items() if k in PUBLIC_DETAILS},
                "since": since,
                "organisation": change.account.subject_kind == "uscc",
                "ip_attribution": change.account.ip_attribution,
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
