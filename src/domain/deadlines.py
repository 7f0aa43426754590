"""Time-driven rules: what falls due on an account at a given business time.

Every expiry and deadline was stored in the event that set it (`until`,
`deadline`, the registration time), so what is due at T is a pure function of the
account, the rules and T: a sweep run twice for the same T finds nothing the second
time. Inactivity is counted from the stored registration time in calendar months of
the platform's zone (`domain/dates.py`), so a change of those settings applies to the
sweeps after it and never rewrites what an earlier sweep recorded.
What falls due is recorded under the system actor, dated when it fell due.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from accountledger.domain import corrections
from accountledger.domain.account import Account
from accountledger.domain.act import Act, Role
from accountledger.domain.dates import add_months
from accountledger.domain.errors import RuleViolation
from accountledger.domain.qualifications import check_not_lapsed
from accountledger.domain.rules import LedgerRules

SYSTEM_ACTOR = "sweep"


@dataclass(frozen=True)
class Due:
    """One rule that has fallen due: when, what for, and the command that records it."""

    at: datetime
    rule: str
    reason: str
    basis: tuple[str, ...]
    record: Callable[[Account, Act], None]

    def act(self, account: Account) -> Act:
        # Dated when it fell due, unless the account has moved on since.
        return Act(
            actor_id=SYSTEM_ACTOR,
            actor_role=Role.SYSTEM,
            occurred_at=max(self.at, account.last_occurred_at),
            reason=self.reason,
            basis=self.basis,
        )


def _expired_restrictions(account: Account, now: datetime) -> list[Due]:
    expiries = sorted({u for u in account.restrictions.values() if u is not None and u <= now})
    return [
        Due(
            at=until,
            rule="restriction-expired",
            reason="the restriction's term ended",
            basis=("2021-19",),
            record=lambda a, act, u=until: a.lift_restriction(  # type: ignore[misc]
                [f for f, end in a.restrictions.items() if end == u], act=act
            ),
        )
        for until in expiries
    ]


def _expired_suspension(account: Account, now: datetime, rules: LedgerRules) -> list[Due]:
    until = account.suspended_until
    if account.status != "suspended" or until is None or until > now:
        return []
    try:  # the term ended, but a lapsed mark of its own field keeps it out of service (R5)
        check_not_lapsed(account.details, account.qualifications, rules, now)
    except RuleViolation:
        return []
    return [
        Due(
            until,
            "suspension-expired",
            "the suspension's term ended",
            ("2021-19",),
            lambda a, act: a.reinstate(rules, act=act),
        )
    ]


def _expired_qualifications(account: Account, now: datetime, rules: LedgerRules) -> list[Due]:
    """A verified mark past its expiry (2021 Art 9 ¶3, R5)."""
    return [
        Due(
            expires,
            "qualification-expired",
            f"the {field} qualification's term ended",
            ("2021-9",),
            lambda a, act, f=field: a.expire_qualification(f, rules, act=act),  # type: ignore[misc]
        )
        for field, q in sorted(account.qualifications.items())
        if q.get("status") == "verified"
        and (expires := q.get("expires")) is not None
        and expires <= now
    ]


def _missed_rectification(account: Account, now: datetime) -> list[Due]:
    if account.status != "rectifying" or account.rectification is None:
        return []
    if corrections.awaiting(account.rectification):
        return []  # the operator answered in time; a reviewer decides first (R6)
    deadline: datetime = account.rectification["deadline"]
    if deadline > now:
        return []
    return [
        Due(
            deadline,
            "rectification-deadline-missed",
            "no correction within the time limit: service terminated",
            ("2022-15",),
            lambda a, act: a.miss_rectification_deadline(act=act),
        )
    ]


def inactivity_due(account: Account, rules: LedgerRules) -> datetime:
    """When an account never used falls due under 2021 Art 10 ¶2 (R8): `inactivity_months`
    calendar months after registration, on the wall clock of the platform's zone."""
    return add_months(account.registered_at, rules.inactivity_months, rules.zone)


def _inactive(account: Account, now: datetime, rules: LedgerRules) -> list[Due]:
    due_at = inactivity_due(account, rules)
    idle = account.status == "active" and account.last_activity_at is None
    if not idle or due_at > now or rules.inactivity_measure == "nothing":
        return []
    # The law's words for its six months (events recorded before said the same).
    months = "six" if rules.inactivity_months == 6 else str(rules.inactivity_months)
    reason = f"not logged in or used within {months} months after registration"
    if rules.inactivity_measure == "close":
        return [Due(due_at, "inactive", reason, ("2021-10",), lambda a, act: a.close(act=act))]
    return [Due(due_at, "inactive", reason, ("2021-10",), lambda a, act: a.suspend(None, act=act))]


def due(account: Account, now: datetime, rules: LedgerRules) -> list[Due]:
    """Every rule due on `account` at `now`, earliest first."""
    found = [
        *_expired_restrictions(account, now),
        *_expired_suspension(account, now, rules),
        *_expired_qualifications(account, now, rules),
        *_missed_rectification(account, now),
        *_inactive(account, now, rules),
    ]
    return sorted(found, key=lambda d: d.at)
