"""What the platform publishes (R5, R9; 2021 Art 9 ¶2, Art 11 ¶2; 2022 Arts 12, 13): every
account in service with its name, special marks (if verified), the registration details
the law says to show, the IP attribution the platform supplies, and notices of a change
of subject after a transfer.

A pending, refused or ended account is not in the registry. The details shown are a
fixed list (`PUBLIC_DETAILS`): never the contact, never an identity (R17).
"""

from __future__ import annotations

from accountledger.domain.account import Account
from accountledger.domain.lifecycle import IN_SERVICE
from accountledger.projections.batch import Batch, Row
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


class _Listing:
    """An account's registry row, worked out only when read or written (`Batch.put_later`):
    every event of an account in service replaces it whole, so of an account's many
    events between two writes only the last one's row is built (issue 16 point 4)."""

    __slots__ = ("account", "account_id", "since")

    def __init__(self, account: Account, account_id: str, since: str) -> None:
        self.account, self.account_id, self.since = account, account_id, since

    def __call__(self) -> Row:
        account = self.account
        return {
            "account_id": self.account_id,
            "name": account.name,
            "status": account.status,
            "marks": {
                field: q["mark"]
                for field, q in sorted(account.qualifications.items())
                if q.get("status") == "verified"
            },
            "details": {k: v for k, v in account.details.items() if k in PUBLIC_DETAILS},
            "since": self.since,
            "organisation": account.subject_kind == "uscc",
            "ip_attribution": account.ip_attribution,
        }


def _since(batch: Batch, change: Change) -> str:
    """When the account came into the registry: kept from its row, if it has one."""
    pending = batch.pending(public_registry, change.account_id)
    if isinstance(pending, _Listing):
        return pending.since
    existing = batch.get(public_registry, change.account_id, change.account_id)
    return str(existing["since"]) if existing else change.at


def apply(batch: Batch, change: Change) -> None:
    key, account = change.account_id, change.account
    if account.status in IN_SERVICE:
        # A row already pending for this very aggregate (changed in place by each of its
        # events) is built from it when read or written, listed since the same time:
        # nothing to put again.
        pending = batch.pending(public_registry, key)
        if type(pending) is not _Listing or pending.account is not account:
            listing = _Listing(account, key, _since(batch, change))
            batch.put_later(public_registry, key, key, listing)
    elif batch.get(public_registry, key, key) is not None:
        batch.remove(public_registry, key)
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
