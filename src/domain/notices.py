"""The catalogue of notifications: who must be told what, and what the notice says
(2021 Art 8 ¶2, Art 20; 2022 Art 15; R12, R15).

One row per kind of event that obliges the platform to tell someone: every disposal
measure (with its reasons, basis and appeal route and window), a rectification order
(with its deadline), an appeal's outcome, a complaint's feedback to its reporter and a
transfer's outcome. Everything that delivers notifications derives from `CATALOGUE`;
a notice is built from the event and the state of its aggregate just after it.

A notice names parties by their subject reference, never by an identity number, and
carries no sealed value (R17, 2022 Art 16): `notice` builds it field by field from a
whitelist, so nothing the event carries reaches a payload unless named here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from accountledger.domain.act import Role
from accountledger.domain.measures import CATALOGUE as MEASURES
from accountledger.domain.measures import record_id
from accountledger.domain.rules import DEFAULT_RULES, LedgerRules


class Kind(StrEnum):
    MEASURE = "measure"
    RECTIFICATION_ORDER = "rectification_order"
    APPEAL_OUTCOME = "appeal_outcome"
    COMPLAINT_FEEDBACK = "complaint_feedback"
    TRANSFER_OUTCOME = "transfer_outcome"


@dataclass(frozen=True)
class NoticeRow:
    """An event (`Aggregate.Event`, as its class is named) that obliges a notice."""

    event: str
    kind: Kind
    recipient: str  # the party told: "operator" (the account's subject) or "reporter"
    articles: tuple[str, ...]


def _measure_rows() -> tuple[NoticeRow, ...]:
    rows = []
    for row in MEASURES:
        if row.event == "RectificationOrdered":
            rows.append(
                NoticeRow(
                    "Account.RectificationOrdered",
                    Kind.RECTIFICATION_ORDER,
                    "operator",
                    ("2022-15", "2021-20"),
                )
            )
        else:
            rows.append(
                NoticeRow(f"Account.{row.event}", Kind.MEASURE, "operator", ("2021-19", "2021-20"))
            )
    return tuple(rows)


CATALOGUE: tuple[NoticeRow, ...] = (
    *_measure_rows(),
    NoticeRow("Appeal.Decided", Kind.APPEAL_OUTCOME, "operator", ("2021-20",)),
    NoticeRow("Complaint.Answered", Kind.COMPLAINT_FEEDBACK, "reporter", ("2021-20", "2022-19")),
    NoticeRow("Account.TransferApproved", Kind.TRANSFER_OUTCOME, "operator", ("2021-11",)),
    NoticeRow("Account.TransferRejected", Kind.TRANSFER_OUTCOME, "operator", ("2021-11",)),
)
ROW_BY_EVENT: MappingProxyType[str, NoticeRow] = MappingProxyType(
    {row.event: row for row in CATALOGUE}
)

# Who may read the notifications and their delivery status (an operator: later, its own).
NOTIFICATION_READERS = frozenset({Role.COMPLIANCE, Role.PLATFORM, Role.SYSTEM})

# How a measure is appealed: the CLI verb and the HTTP route, with the record named.
APPEAL_ROUTE = "accountledger appeal file {record} | POST /disposals/{account}/{version}/appeal"


def event_name(domain_event: Any) -> str:
    """`Aggregate.Event`: the name a row of the catalogue gives it."""
    return str(type(domain_event).__qualname__)


def qualifies(domain_event: Any) -> bool:
    return event_name(domain_event) in ROW_BY_EVENT


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _grounds(act: Any) -> dict[str, Any]:
    return {
        "occurred_at": _iso(act.occurred_at),
        "decided_by_role": str(act.actor_role),
        "reasons": act.reason,
        "basis": list(act.basis),
        "violation": list(act.violation),
    }


def _account_notice(domain_event: Any, account: Any, rules: LedgerRules) -> dict[str, Any]:
    version = domain_event.originator_version
    body: dict[str, Any] = {
        "account_id": str(account.id),
        "account_name": account.name,
        "recipient": {"party": "operator", "subject_ref": account.subject_ref},
        **_grounds(domain_event.act),
    }
    name = type(domain_event).__name__
    if name in ("TransferApproved", "TransferRejected"):
        outcome = "approved" if name == "TransferApproved" else "rejected"
        body["outcome"] = outcome
        if name == "TransferApproved":
            body["previous_subject_ref"] = domain_event.previous_subject_ref
        return body
    record = record_id(account.id, version)
    body["record_id"] = record
    body["measure_event"] = name
    for field in ("until", "functions", "deadline", "fields"):
        if hasattr(domain_event, field):
            value = getattr(domain_event, field)
            body[field] = _iso(value) if isinstance(value, datetime) or value is None else value
    body["appeal"] = {
        "route": APPEAL_ROUTE.format(record=record, account=account.id, version=version),
        "window_ends": _iso(domain_event.act.occurred_at + rules.appeal_window),
        "article": "2021-20",
    }
    return body


def _appeal_notice(domain_event: Any, appeal: Any) -> dict[str, Any]:
    return {
        "account_id": appeal.account_id,
        "appeal_id": str(appeal.id),
        "record_id": appeal.record_id,
        "measure": appeal.measure,
        "recipient": {"party": "operator", "account_id": appeal.account_id},
        "outcome": appeal.outcome,
        "until": _iso(getattr(domain_event, "until", None)),
        **_grounds(domain_event.act),
    }


def _complaint_notice(domain_event: Any, complaint: Any) -> dict[str, Any] | None:
    if complaint.reporter_ref is None:
        return None  # an anonymous report: nobody to tell
    return {
        "account_id": complaint.account_id,
        "complaint_id": str(complaint.id),
        "category": complaint.category,
        "recipient": {"party": "reporter", "subject_ref": complaint.reporter_ref},
        "feedback": complaint.feedback,
        "occurred_at": _iso(domain_event.act.occurred_at),
        "deadline": _iso(complaint.deadline),
    }


def notice(
    domain_event: Any, aggregate: Any, rules: LedgerRules = DEFAULT_RULES
) -> dict[str, Any] | None:
    """The notice `domain_event` obliges, from the aggregate just after it; None if none."""
    row = ROW_BY_EVENT.get(event_name(domain_event))
    if row is None:
        return None
    body: dict[str, Any] | None
    if row.kind is Kind.APPEAL_OUTCOME:
        body = _appeal_notice(domain_event, aggregate)
    elif row.kind is Kind.COMPLAINT_FEEDBACK:
        body = _complaint_notice(domain_event, aggregate)
    else:
        body = _account_notice(domain_event, aggregate, rules)
    if body is None:
        return None
    return {"kind": row.kind.value, "event": row.event, "articles": list(row.articles), **body}
