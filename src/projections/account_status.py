"""Account status: one row per account, its current state (R18)."""

from __future__ import annotations

from accountledger.domain.account import Account
from accountledger.projections.batch import Batch, Row
from accountledger.projections.change import Change
from accountledger.projections.schema import account_status, iso

# A refusal without name-policy findings: the identity was false or borrowed (R1).
IDENTITY = "identity"


def refused_rules(account: Account) -> list[str] | None:
    """The rules a refused registration was refused over: the findings it was reviewed for
    (kept on the account after the refusal), else `identity`; None if not refused."""
    if account.status != "refused":
        return None
    return sorted({finding["rule"] for finding in account.review}) or [IDENTITY]


def row(account: Account) -> Row:
    transfer = account.transfer
    return {
        "account_id": str(account.id),
        "status": account.status,
        "name": account.name,
        "subject_ref": account.subject_ref,
        "details": dict(account.details),
        "restrictions": {f: iso(until) for f, until in sorted(account.restrictions.items())},
        "updates_suspended": account.updates_suspended,
        "ads_ceased": account.ads_ceased,
        "suspended_until": iso(account.suspended_until),
        "qualification_marks": {
            field: q["mark"]
            for field, q in sorted(account.qualifications.items())
            if q.get("status") == "verified"
        },
        "credit_tier": account.credit_tier,
        "open_transfer": None
        if transfer is None
        else ("verified" if transfer["verified"] else "applied"),
        "last_activity_at": iso(account.last_activity_at),
        "warnings": account.warnings,
        "registered_at": iso(account.registered_at),
        "version": account.version,
        "last_event_at": iso(account.last_occurred_at),
        "status_since": iso(account.status_since),
        "refused_rules": refused_rules(account),
    }


class _Status:
    """An account's status row, worked out only when read or written (`Batch.put_later`)
    from the aggregate as it then is."""

    __slots__ = ("account",)

    def __init__(self, account: Account) -> None:
        self.account = account

    def __call__(self) -> Row:
        return row(self.account)


def apply(batch: Batch, change: Change) -> None:
    # Every event of the account replaces the row whole: only the last is built. A row
    # already pending for this very aggregate (changed in place by each of its events)
    # will be built from it as it is when read or written: nothing to put again.
    account = change.account
    pending = batch.pending(account_status, change.account_id)
    if type(pending) is _Status and pending.account is account:
        return
    batch.put_later(account_status, change.account_id, change.account_id, _Status(account))
