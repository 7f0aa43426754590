"""Complaints and reports from the public about an account (2021 Art 20, 2022 Art 19; R15).

The platform receives a report through its published channel, screens it (accepted,
or rejected as malicious, a duplicate or unfounded), links it to the disposal
records it led to, and gives the reporter feedback within the published time limit.
The reporter is personal information: only a keyed hash and a sealed ciphertext are
kept, never the identity in clear (R17).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event
from statemachine import State, StateMachine

from accountledger.domain.account import SubjectRef
from accountledger.domain.act import Act
from accountledger.domain.articles import violation_classes
from accountledger.domain.authority import authorise
from accountledger.domain.errors import RuleViolation
from accountledger.domain.indexes import NAMESPACE
from accountledger.domain.lifecycle import target
from accountledger.domain.machines import derive_table, move, stay

# The platform publishes this limit (2021 Art 20 "feedback time limit"); a default
# until `LedgerRules.complaint_feedback_within` carries it.
COMPLAINT_FEEDBACK_WITHIN = timedelta(days=7)
REJECTION_REASONS = ("malicious", "duplicate", "unfounded")
# A report names the prohibited act it alleges: an item of 2021 Art 18 or of 2022 Art 8
# (what account information must not contain), read off the article catalogue so the
# two cannot drift (R14, R15).
CATEGORIES: tuple[str, ...] = violation_classes()
CATEGORY_RANGES = ", ".join(
    f"{items[0]} .. {items[-1]}"
    for items in (
        [c for c in CATEGORIES if c.startswith(prefix)] for prefix in ("2021-18-", "2022-8-")
    )
)


# Who may issue each complaint command. The public's reports reach the ledger only
# through the platform service, so intake is the platform's. Kept here until the
# central table in `authority.py` takes these entries.
class ComplaintLifecycle(StateMachine):
    """Received, screened (accepted or rejected), linked to measures, answered."""

    unfiled = State(initial=True)
    received = State()
    accepted = State()
    rejected = State()
    linked = State()
    answered = State(final=True)

    file = unfiled.to(received)
    screen = received.to(accepted) | received.to(rejected)
    link = move(linked, accepted) | stay(linked)
    answer = move(answered, accepted, linked, rejected)


COMPLAINT_TRANSITIONS = derive_table(ComplaintLifecycle)


def _topic(name: str) -> str:
    return f"accountledger:Complaint.{name}"


def _refuse(message: str, rule: str, field: str, article: str = "2021-20") -> None:
    raise RuleViolation(message, rule=rule, field=field, article=article)


def authorise_complaint(command: str, act: Act) -> None:
    """The roles of complaint commands live in the one authority table."""
    authorise(command, act)


def _check_category(category: str) -> None:
    if category not in CATEGORIES:
        _refuse(
            f"category {category!r} is not an item of 2021 Art 18 or 2022 Art 8 "
            f"({CATEGORY_RANGES})",
            "complaint-category",
            "category",
            article="2021-18",
        )


def _check_text(value: str, what: str, field: str) -> None:
    if not value.strip():
        _refuse(f"a complaint needs {what}", f"complaint-{field}", field)


class Complaint(Aggregate):
    """One complaint or report from the public about one account."""

    TOPIC = "accountledger:Complaint"

    class Event(Aggregate.Event):
        TOPIC = _topic("Event")

    @staticmethod
    def create_id(account_id: str, content: str, reporter_ref: str | None, act: Act) -> UUID:
        # The same submission retried by the platform names the same complaint.
        key = f"{account_id}|{act.occurred_at.isoformat()}|{reporter_ref or '-'}|{content}"
        return uuid5(NAMESPACE, f"complaint:{key}")

    def _step(self, command: str, act: Act, to: str | None = None) -> str:
        status = target(
            self.id, self.status, command, to, table=COMPLAINT_TRANSITIONS, kind="complaint"
        )
        authorise_complaint(f"{command}_complaint", act)
        return status

    @classmethod
    def file(
        cls,
        *,
        account_id: str,
        category: str,
        content: str,
        reporter: SubjectRef | None,
        act: Act,
        feedback_within: timedelta = COMPLAINT_FEEDBACK_WITHIN,
    ) -> Complaint:
        """Received through the platform; feedback is due within the published limit."""
        status = target(None, "unfiled", "file", table=COMPLAINT_TRANSITIONS, kind="complaint")
        authorise_complaint("file_complaint", act)
        _check_category(category)
        _check_text(content, "its content", "content")
        if feedback_within <= timedelta(0):
            _refuse("the feedback time limit must be positive", "feedback-limit", "deadline")
        return cls(
            account_id=account_id,
            category=category,
            content=content,
            reporter_ref=None if reporter is None else reporter.ref,
            reporter_sealed=None if reporter is None else reporter.sealed,
            deadline=act.occurred_at + feedback_within,
            status=status,
            act=act,
        )

    @event("Received", topic=_topic("Received"))
    def __init__(
        self,
        account_id: str,
        category: str,
        content: str,
        reporter_ref: str | None,
        reporter_sealed: str | None,
        deadline: datetime,
        status: str,
        act: Act,
    ) -> None:
        self.account_id = account_id
        self.category = category
        self.content = content
        self.reporter_ref = reporter_ref
        self.reporter_sealed = reporter_sealed
        self.deadline = deadline
        self.status = status
        self.received_at = act.occurred_at
        self.rejection_reason: str | None = None
        self.duplicate_of: str | None = None
        self.linked: list[str] = []
        self.feedback: str | None = None
        self.answered_at: datetime | None = None

    def screen(
        self,
        accept: bool,
        reason: str | None = None,
        *,
        act: Act,
        duplicate: Complaint | None = None,
    ) -> None:
        """Accepted for handling, or rejected as malicious, a duplicate or unfounded (R15)."""
        status = self._step("screen", act, "accepted" if accept else "rejected")
        if accept:
            if reason or duplicate is not None:
                _refuse("an accepted complaint has no rejection reason", "screening", "reason")
            self._accept(act, status)
            return
        self._check_rejection(reason, duplicate)
        duplicate_of = None if duplicate is None else str(duplicate.id)
        self._reject(act, status, str(reason), duplicate_of)

    def _check_rejection(self, reason: str | None, duplicate: Complaint | None) -> None:
        if reason not in REJECTION_REASONS:
            _refuse(
                f"a rejection reason is one of {', '.join(REJECTION_REASONS)}",
                "rejection-reason",
                "reason",
            )
        if (reason == "duplicate") != (duplicate is not None):
            _refuse(
                "a duplicate names the complaint it duplicates, and only a duplicate does",
                "duplicate-of",
                "duplicate_of",
            )
        if duplicate is not None:
            self._check_original(duplicate)

    def _check_original(self, original: Complaint) -> None:
        # Pointing only at earlier originals keeps duplicates free of cycles.
        if original.id == self.id or original.account_id != self.account_id:
            _refuse(
                "a duplicate names another complaint about the same account",
                "duplicate-of",
                "duplicate_of",
            )
        if original.received_at > self.received_at or original.duplicate_of is not None:
            _refuse(
                f"complaint {original.id} is not an earlier original; name the complaint "
                "it duplicates instead",
                "duplicate-of",
                "duplicate_of",
            )

    @event("Accepted", topic=_topic("Accepted"))
    def _accept(self, act: Act, status: str) -> None:
        self.status = status

    @event("Rejected", topic=_topic("Rejected"))
    def _reject(self, act: Act, status: str, reason: str, duplicate_of: str | None) -> None:
        self.status = status
        self.rejection_reason = reason
        self.duplicate_of = duplicate_of

    def link(self, record: str, *, account_id: str, decided_at: datetime, act: Act) -> None:
        """A disposal record of the reported account that this complaint led to (R15)."""
        status = self._step("link", act)
        if record in self.linked:
            _refuse(f"{record} is already linked to this complaint", "linked-once", "record")
        if account_id != self.account_id:
            _refuse(
                f"{record} is a measure on another account than the one reported",
                "record-of-target",
                "record",
            )
        if decided_at < self.received_at:
            _refuse(
                f"{record} was decided before the complaint was received",
                "record-after-complaint",
                "record",
            )
        self._link(act, status, record)

    @event("Linked", topic=_topic("Linked"))
    def _link(self, act: Act, status: str, record: str) -> None:
        self.status = status
        self.linked.append(record)

    def answer(self, feedback: str, *, act: Act) -> None:
        """Feedback to the reporter on what came of the report; nothing follows (R15)."""
        status = self._step("answer", act)
        _check_text(feedback, "the text of its feedback", "feedback")
        self._answer(act, status, feedback)

    @event("Answered", topic=_topic("Answered"))
    def _answer(self, act: Act, status: str, feedback: str) -> None:
        self.status = status
        self.feedback = feedback
        self.answered_at = act.occurred_at


# A complaint binds its account until it is rejected or answered (R10, R15).
OPEN_STATES = frozenset({"received", "accepted", "linked"})


class OpenComplaints(Aggregate):
    """The complaints still open against one account, saved with each complaint's change,
    so that ending the account knows what still binds it (2021 Art 20; R10, R15).

    Complaints received before this index existed are not in it.
    """

    TOPIC = "accountledger:OpenComplaints"

    class Event(Aggregate.Event):
        TOPIC = "accountledger:OpenComplaints.Event"

    @staticmethod
    def create_id(account_id: str) -> UUID:
        return uuid5(NAMESPACE, f"open-complaints:{account_id}")

    @event("Indexed", topic="accountledger:OpenComplaints.Indexed")
    def __init__(self, account_id: str) -> None:
        self.account_id = account_id
        self.complaints: list[str] = []

    def follow(self, complaint: Complaint) -> None:
        """Keep step with the complaint's status after its latest change."""
        ident = str(complaint.id)
        if complaint.status in OPEN_STATES and ident not in self.complaints:
            self._open(ident)
        elif complaint.status not in OPEN_STATES and ident in self.complaints:
            self._close(ident)

    @event("Opened", topic="accountledger:OpenComplaints.Opened")
    def _open(self, complaint_id: str) -> None:
        self.complaints.append(complaint_id)

    @event("Closed", topic="accountledger:OpenComplaints.Closed")
    def _close(self, complaint_id: str) -> None:
        self.complaints.remove(complaint_id)
