"""Who did what, when, why and on which basis: carried by every event (R13, R16).

An `Act` is the part of every event that answers an auditor's questions; the
event's own fields say what changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from accountledger.domain.articles import (
    administrative,
    check_basis,
    check_current,
    check_violation,
)
from accountledger.domain.entry import EnteredBy
from accountledger.domain.errors import RuleViolation


class Role(StrEnum):
    OPERATOR = "operator"  # the subject running the account, through the platform
    PLATFORM = "platform"  # the platform service: registration, profile, activity
    REVIEWER = "reviewer"  # identity, names, qualifications, transfers
    MODERATOR = "moderator"  # disposal measures
    APPEAL_REVIEWER = "appeal_reviewer"
    COMPLIANCE = "compliance"  # reports to the authority, exports
    REGULATOR = "regulator"  # reads only
    AUDITOR = "auditor"  # reads only
    SYSTEM = "system"  # expiries, deadlines, sweeps


@dataclass(frozen=True)
class Act:
    """The context of one decision: recorded verbatim on its event."""

    actor_id: str
    actor_role: Role
    occurred_at: datetime
    reason: str = ""
    basis: tuple[str, ...] = ()
    violation: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    case_id: str = ""
    # Who entered it (key id, or OS user and host); None on events recorded before.
    entered_by: EnteredBy | None = None

    def check(self) -> None:
        """Checked when a decision is made, never on replay: old events stay readable."""
        if not self.actor_id.strip():
            raise RuleViolation("an actor id is required", rule="actor", field="actor")
        if self.occurred_at.tzinfo is None:
            raise RuleViolation(
                "business time needs a time zone", rule="aware-time", field="occurred_at"
            )
        check_current(check_basis(self.basis))
        check_violation(self.violation)

    def require_grounds(self, command: str) -> None:
        """A disposal measure is recorded with why, on what basis and for what (R13, R14)."""
        for name, value in (
            ("reason", self.reason.strip()),
            ("basis", self.basis),
            ("violation", self.violation or administrative(self.basis, self.violation)),
        ):
            if not value:
                raise RuleViolation(
                    f"{command} is a disposal measure and needs a {name}",
                    rule="measure-grounds",
                    field=name,
                    article="2021-19",
                )

    def as_dict(self) -> dict[str, object]:
        """The act as history shows it; `entered_by` only where it was recorded."""
        shown: dict[str, object] = {
            "actor_id": self.actor_id,
            "actor_role": self.actor_role.value,
            "occurred_at": self.occurred_at.isoformat(),
            "reason": self.reason,
            "basis": list(self.basis),
            "violation": list(self.violation),
            "evidence": list(self.evidence),
            "case_id": self.case_id,
        }
        if self.entered_by is not None:
            shown["entered_by"] = self.entered_by.as_dict()
        return shown
