"""Complaints and reports from the public: intake, screening, linking, feedback (R15).

Each command loads what its rules need, lets the `Complaint` decide, and saves through
`Ledger.run_atomically`, so a lost race is retried on fresh aggregates like every other command.
The reporter is sealed by the ledger's vault before anything is recorded (R17).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from uuid import UUID

from accountledger.application.identity import Identity
from accountledger.application.ledger import Attempt, Ledger
from accountledger.application.recording import at_recording_clock, refuse_chosen_time
from accountledger.application.views import event_record
from accountledger.domain.act import Act
from accountledger.domain.complaints import Complaint, OpenComplaints
from accountledger.domain.errors import NotFound, RuleViolation
from accountledger.domain.measures import parse_record_id, record_id
from accountledger.domain.text import check_text

# Recorded, but never shown: the reporter is personal information (R17).
_REPORTER_FIELDS = frozenset({"reporter_ref", "reporter_sealed"})


def feedback_within(ledger: Ledger) -> timedelta:
    """The published feedback limit (R15)."""
    return ledger.rules.complaint_feedback_within


def complaint(ledger: Ledger, complaint_id: UUID) -> Complaint:
    """The complaint as stored now, or a refusal naming it."""
    found = ledger.find(complaint_id, fresh=True)
    if not isinstance(found, Complaint):
        raise NotFound(f"no complaint {complaint_id}", rule="complaint-exists", field="complaint")
    return found


def _original(ledger: Ledger, complaint_id: UUID) -> Complaint:
    """The earlier complaint a duplicate names: a missing one is a refused input naming
    `duplicate_of` (422), not a complaint the request is about that is not found."""
    try:
        return complaint(ledger, complaint_id)
    except NotFound as missing:
        raise RuleViolation(
            missing.message, rule="complaint-exists", field="duplicate_of"
        ) from None


def file_complaint(
    ledger: Ledger,
    target: UUID,
    category: str,
    content: str,
    reporter: Identity | None,
    act: Act,
) -> Complaint:
    """Receive a report about an existing account; the reporter, if named, is sealed (R15, R17).

    Received when recorded: the recording clock, not the caller, starts the feedback
    deadline (`recording.py`). The complaint's id still comes from the submission as the
    caller sent it, so a retried submission names the same complaint.
    """
    ledger.check_act(act)
    check_text("content", content, ledger.rules.max_text_length)
    account_id = str(ledger.account(target).id)
    sealed = None if reporter is None else ledger.seal(reporter)
    reporter_ref = None if sealed is None else sealed.ref

    def attempt() -> Attempt[Complaint]:
        key = Complaint.create_id(account_id, content, reporter_ref, act)
        if ledger.find(key) is not None:
            raise RuleViolation(
                f"this report was already received as complaint {key}",
                rule="received-once",
                field="content",
            )
        recorded = at_recording_clock(ledger, act)
        filed = Complaint.file(
            account_id=account_id,
            category=category,
            content=content,
            reporter=sealed,
            act=recorded,
            feedback_within=feedback_within(ledger),
        )
        refuse_chosen_time(ledger, act, recorded, "a complaint's receipt", "2021-20")
        return filed, [filed, _followed(ledger, filed)]

    return ledger.run_atomically(attempt)


def _followed(ledger: Ledger, changed: Complaint) -> OpenComplaints:
    """The account's open complaints, in step with this one (saved with it)."""
    index: OpenComplaints | None = ledger.find(OpenComplaints.create_id(changed.account_id))
    if index is None:
        index = OpenComplaints(account_id=changed.account_id)
    index.follow(changed)
    return index


def open_complaints(ledger: Ledger, account_id: str) -> list[str]:
    """The complaints still open against an account (R10, R15)."""
    index: OpenComplaints | None = ledger.find(OpenComplaints.create_id(account_id))
    return [] if index is None else list(index.complaints)


def _on_complaint(
    ledger: Ledger, complaint_id: UUID, act: Act, decide: Callable[[Complaint], None]
) -> Complaint:
    ledger.check_act(act)

    def attempt() -> Attempt[Complaint]:
        found = complaint(ledger, complaint_id)
        decide(found)
        return found, [found, _followed(ledger, found)]

    return ledger.run_atomically(attempt)


def screen(
    ledger: Ledger,
    complaint_id: UUID,
    accept: bool,
    reason: str | None,
    duplicate_of: UUID | None,
    act: Act,
) -> Complaint:
    """Accept for handling, or reject as malicious, duplicate (of which) or unfounded (R15)."""

    def decide(found: Complaint) -> None:
        original = None if duplicate_of is None else _original(ledger, duplicate_of)
        found.screen(accept, reason, act=act, duplicate=original)

    return _on_complaint(ledger, complaint_id, act, decide)


def link(ledger: Ledger, complaint_id: UUID, record: str, act: Act) -> Complaint:
    """Tie the complaint to a disposal record it led to; only a real record qualifies (R15)."""
    account_id, _, measure = ledger.measure_taken(record)
    canonical = record_id(account_id, measure.originator_version)
    return _on_complaint(
        ledger,
        complaint_id,
        act,
        lambda found: found.link(
            canonical,
            account_id=str(account_id),
            decided_at=measure.act.occurred_at,
            act=act,
        ),
    )


def answer(ledger: Ledger, complaint_id: UUID, feedback: str, act: Act) -> Complaint:
    """Feedback to the reporter on what came of the report (R15)."""
    check_text("feedback", feedback, ledger.rules.max_text_length)
    return _on_complaint(ledger, complaint_id, act, lambda found: found.answer(feedback, act=act))


def trail(ledger: Ledger, complaint_id: UUID) -> list[Any]:
    """The complaint's events and the measures it led to, in business-time order (R15, R18)."""
    found = complaint(ledger, complaint_id)
    own = list(ledger.repository.event_store.get(complaint_id))
    history = ledger.history(UUID(found.account_id)) if found.linked else []
    measures = [history[parse_record_id(record)[1] - 1] for record in found.linked]
    return sorted([*own, *measures], key=lambda e: (e.act.occurred_at, e.timestamp))


# ------------------------------------------------------------------ views


def describe_complaint(found: Complaint) -> dict[str, Any]:
    """The complaint's state as plain data; the reporter is shown only as named or not."""
    answered = found.answered_at
    return {
        "complaint_id": str(found.id),
        "account_id": found.account_id,
        "category": found.category,
        "content": found.content,
        "status": found.status,
        "reporter": "anonymous" if found.reporter_ref is None else "sealed",
        "received_at": found.received_at.isoformat(),
        "feedback_deadline": found.deadline.isoformat(),
        "rejection_reason": found.rejection_reason,
        "duplicate_of": found.duplicate_of,
        "linked_records": list(found.linked),
        "feedback": found.feedback,
        "answered_at": None if answered is None else answered.isoformat(),
        "version": found.version,
    }


def trail_record(domain_event: Any) -> dict[str, Any]:
    """One line of a complaint's trail, without the reporter (R17)."""
    line = event_record(domain_event)
    line["details"] = {k: v for k, v in line["details"].items() if k not in _REPORTER_FIELDS}
    about = domain_event.originator_id
    if isinstance(domain_event, Complaint.Event):
        line["complaint_id"] = str(about)
    else:
        line["record_id"] = record_id(about, domain_event.originator_version)
    return line
