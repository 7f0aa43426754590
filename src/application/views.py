"""Plain-data views of an account and its events, for every adapter to render.

Personal information never appears here: a subject is shown by its keyed hash.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from accountledger.application.reading import LedgerReader
from accountledger.domain.account import Account
from accountledger.domain.errors import RuleViolation

# Event fields that are bookkeeping or sealed, never shown as details.
_HIDDEN = frozenset(
    {
        "originator_id",
        "originator_version",
        "timestamp",
        "originator_topic",
        "act",
        "status",
        "sealed_identity",
        "sealed",
    }
)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k not in _HIDDEN}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def describe(
    account: Account, as_of: datetime | None = None, now: datetime | None = None
) -> dict[str, Any]:
    """The account's state at `as_of`, or `now` (the recording clock) when it is the
    current state: a timed measure whose expiry has passed is shown ended, before any
    sweep has recorded its end (which the sweep dates at the expiry)."""
    moment = as_of or now or account.last_occurred_at
    until = account.suspended_until
    suspended = account.status == "suspended"
    return {
        "account_id": str(account.id),
        "status": account.status,
        "name": account.name,
        "avatar": account.avatar,
        "introduction": account.introduction,
        "former_names": list(account.former_names),
        "name_barred": account.name_barred,
        "subject": {"kind": account.subject_kind, "ref": account.subject_ref},
        "details": dict(account.details),
        "restrictions": [
            {
                "function": function,
                "until": _iso(until),
                "in_force": until is None or until > moment,
            }
            for function, until in sorted(account.restrictions.items())
        ],
        "updates_suspended": account.updates_suspended,
        "ads_ceased": account.ads_ceased,
        "suspended_until": _iso(account.suspended_until),
        "suspension_in_force": suspended and (until is None or until > moment),
        "warnings": account.warnings,
        "credit_tier": account.credit_tier,
        # Each with its status, so a withdrawn or expired mark is not read as held (R5).
        "qualifications": {
            field: {**_plain(q), "status": q.get("status")}
            for field, q in account.qualifications.items()
        },
        "pending_changes": _plain(account.pending_changes),
        "pending_details": {
            field: "(sealed)" if "sealed" in change else change["value"]
            for field, change in sorted(account.detail_changes.items())
        },
        "reinstatement_requested": _plain(account.reinstatement_request)
        if account.reinstatement_pending
        else None,
        "review_findings": _plain(account.review),
        # The licence or authorisation an authorised name stands on (R3, 2022 Art 11).
        "authorisation": _plain(account.authorisation),
        "rectification": _plain(account.rectification),
        "transfer": _plain(account.transfer),
        "registered_at": _iso(account.registered_at),
        "last_activity_at": _iso(account.last_activity_at),
        # Where the platform attributes the account's IP address (2022 Art 12).
        "ip_attribution": account.ip_attribution,
        "last_event_at": _iso(account.last_occurred_at),
        "version": account.version,
        "as_of": _iso(as_of),
    }


def event_record(domain_event: Any) -> dict[str, Any]:
    """One line of history: when, who, what, why and on which basis (R13, R18)."""
    act = domain_event.act
    details = {k: _plain(v) for k, v in vars(domain_event).items() if k not in _HIDDEN}
    return {
        "version": domain_event.originator_version,
        "event": type(domain_event).__name__,
        "status": getattr(domain_event, "status", None),
        "recorded_at": _iso(domain_event.timestamp),
        **act.as_dict(),
        "details": details,
    }


def replayed(ledger: LedgerReader, account_id: UUID, as_of: datetime) -> Account:
    """The account replayed up to business time `as_of`; refused before it existed (R18)."""
    past = ledger.account_as_of(account_id, as_of)
    if past is None:
        raise RuleViolation(
            f"account {account_id} did not exist yet at {as_of.isoformat()}",
            rule="as-of",
            field="as_of",
        )
    return past


def state(ledger: LedgerReader, account_id: UUID, as_of: datetime | None = None) -> dict[str, Any]:
    """The account now, or replayed up to business time `as_of` (R18), with the platform's
    zone: the one a date asked about was read in (`domain/dates.py`)."""
    zone = {"time_zone": ledger.rules.time_zone}
    if as_of is None:
        return describe(ledger.account(account_id), now=ledger.clock()) | zone
    return describe(replayed(ledger, account_id, as_of), as_of) | zone
