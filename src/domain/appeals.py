"""Appeals against one disposal record (2021 Art 20, 2022 Art 19; R15).

An appeal is tied to one measure (one appeal per record), filed within a window,
assigned to a reviewer who did not take the measure, and decided with reasons. An
overturned or varied measure is reversed on the account by a new event naming the
appeal; nothing in the history is edited.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event
from statemachine import State, StateMachine

from accountledger.domain.act import Act
from accountledger.domain.authority import authorise
from accountledger.domain.errors import RuleViolation
from accountledger.domain.indexes import NAMESPACE
from accountledger.domain.lifecycle import target
from accountledger.domain.machines import derive_table, move, stay

OUTCOMES = ("upheld", "overturned", "varied")


class AppealLifecycle(StateMachine):
    """Filed, assigned (and re-assigned), decided."""

    unfiled = State(initial=True)
    filed = State()
    assigned = State()
    decided = State(final=True)

    file = unfiled.to(filed)
    assign = move(assigned, filed) | stay(assigned)
    add_evidence = stay(filed, assigned)
    decide = assigned.to(decided)


APPEAL_TRANSITIONS = derive_table(AppealLifecycle)
# The machine's commands as the authority table names them.
AUTHORITY = {
    "file": "file_appeal",
    "assign": "assign_appeal",
    "add_evidence": "add_appeal_evidence",
    "decide": "decide_appeal",
}


def _topic(name: str) -> str:
    return f"accountledger:Appeal.{name}"


def _refuse(message: str, rule: str, field: str) -> None:
    raise RuleViolation(message, rule=rule, field=field, article="2021-20")


class Appeal(Aggregate):
    """An operator's appeal against one disposal record."""

    TOPIC = "accountledger:Appeal"

    class Event(Aggregate.Event):
        TOPIC = _topic("Event")

    @staticmethod
    def create_id(record_id: str) -> UUID:
        return uuid5(NAMESPACE, f"appeal:{record_id}")

    def _step(self, command: str, act: Act) -> str:
        status = target(self.id, self.status, command, table=APPEAL_TRANSITIONS, kind="appeal")
        authorise(AUTHORITY[command], act)
        return status

    @classmethod
    def file(
        cls,
        *,
        record_id: str,
        account_id: str,
        measure: str,
        decided_by: str,
        decided_at: datetime,
        grounds: str,
        window: timedelta,
        feedback_within: timedelta,
        act: Act,
    ) -> Appeal:
        status = target(record_id, "unfiled", "file", table=APPEAL_TRANSITIONS, kind="appeal")
        authorise(AUTHORITY["file"], act)
        if act.occurred_at < decided_at:
            # The window opens at the measure: nothing can be appealed before it exists.
            _refuse(
                f"the measure appealed was taken at {decided_at.isoformat()}, after "
                f"{act.occurred_at.isoformat()}",
                "appeal-window",
                "occurred_at",
            )
        if act.occurred_at > decided_at + window:
            _refuse(
                f"the appeal window of {window.days} days after {decided_at.isoformat()} "
                "has closed",
                "appeal-window",
                "occurred_at",
            )
        if not grounds.strip():
            _refuse("an appeal states its grounds", "grounds", "grounds")
        return cls(
            record_id=record_id,
            account_id=account_id,
            measure=measure,
            decided_by=decided_by,
            grounds=grounds,
            deadline=act.occurred_at + feedback_within,
            status=status,
            act=act,
        )

    @event("Filed", topic=_topic("Filed"))
    def __init__(
        self,
        record_id: str,
        account_id: str,
        measure: str,
        decided_by: str,
        grounds: str,
        deadline: datetime,
        status: str,
        act: Act,
    ) -> None:
        self.record_id = record_id
        self.account_id = account_id
        self.measure = measure
        self.decided_by = decided_by
        self.grounds = grounds
        self.deadline = deadline
        self.status = status
        self.filed_at = act.occurred_at
        self.reviewer: str | None = None
        self.evidence: list[str] = []
        self.outcome: str | None = None

    def assign(self, reviewer: str, *, act: Act) -> None:
        """A reviewer who did not take the measure (R15)."""
        status = self._step("assign", act)
        if reviewer == self.decided_by:
            _refuse(
                f"{reviewer} took the measure and may not review its appeal",
                "independent-reviewer",
                "reviewer",
            )
        self._assign(act, status, reviewer)

    @event("Assigned", topic=_topic("Assigned"))
    def _assign(self, act: Act, status: str, reviewer: str) -> None:
        self.status = status
        self.reviewer = reviewer

    def add_evidence(self, reference: str, *, act: Act) -> None:
        status = self._step("add_evidence", act)
        if not reference.strip():
            _refuse("evidence needs a reference", "evidence", "reference")
        self._add_evidence(act, status, reference)

    @event("EvidenceAdded", topic=_topic("EvidenceAdded"))
    def _add_evidence(self, act: Act, status: str, reference: str) -> None:
        self.evidence.append(reference)

    def decide(self, outcome: str, until: datetime | None, *, act: Act) -> None:
        """Upheld, overturned or varied, with reasons, by the assigned reviewer (R15)."""
        status = self._step("decide", act)
        if act.actor_id == self.decided_by:
            _refuse(
                "the person who took the measure may not decide its appeal",
                "independent-reviewer",
                "actor",
            )
        if act.actor_id != self.reviewer:
            _refuse(
                f"only the assigned reviewer {self.reviewer} decides this appeal",
                "assigned-reviewer",
                "actor",
            )
        if outcome not in OUTCOMES:
            _refuse(f"outcome is one of {', '.join(OUTCOMES)}", "outcome", "outcome")
        if not act.reason.strip():
            _refuse("a decision states its reasons", "reasons", "reason")
        self._decide(act, status, outcome, until)

    @event("Decided", topic=_topic("Decided"))
    def _decide(self, act: Act, status: str, outcome: str, until: datetime | None) -> None:
        self.status = status
        self.outcome = outcome
        self.decided_at = act.occurred_at
