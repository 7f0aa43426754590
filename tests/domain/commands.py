"""One plausible, well-formed call of every lifecycle command, for tables and properties."""

from __future__ import annotations

from datetime import timedelta

from accountledger.domain.account import Account, SubjectRef, TakenMeasure
from accountledger.domain.act import Role
from accountledger.domain.names import Finding, Outcome, Verdict
from tests.domain.given import ACCEPT, GROUNDS, Clock, Step

R, M, OP, S = Role.REVIEWER, Role.MODERATOR, Role.OPERATOR, Role.SYSTEM
REVIEW = Verdict(
    Outcome.REVIEW, (Finding("state-words", Outcome.REVIEW, "2022-10", "contains 'China'"),)
)


def _change(field: str) -> Step:
    def step(a: Account, c: Clock) -> None:
        verdict = REVIEW if field == "name" else ACCEPT
        a.change_profile(field, f"{field} {c.now:%H%M%S%f}", verdict, act=c.act(OP))

    return step


def _miss_deadline(a: Account, c: Clock) -> None:
    c.now += timedelta(days=30)
    a.miss_rectification_deadline(act=c.act(S, reason="deadline passed", basis=("2022-15",)))


# The measure that brought an account into each status, as its history would say.
_TAKEN_BY = {
    "rectifying": "RectificationOrdered",
    "suspended": "Suspended",
    "closed": "Closed",
    "blacklisted": "Blacklisted",
    "deregistered": "Deregistered",
}


def _reverse(a: Account, c: Clock) -> None:
    kind = _TAKEN_BY.get(a.status, "Warned")
    before = "active" if kind != "Warned" else a.status
    taken = TakenMeasure(a.version, kind, before, a.status)
    act = c.act(Role.APPEAL_REVIEWER, reason="measure overturned on appeal", basis=("2021-20",))
    a.reverse_measure(taken, "appeal-1", "overturned", act=act)


CALLS: dict[str, Step] = {
    "verify_identity": lambda a, c: a.verify_identity(act=c.act(R)),
    "refuse_registration": lambda a, c: a.refuse_registration(
        act=c.act(R, reason="borrowed identity", basis=("2021-8",))
    ),
    "change_name": _change("name"),
    "change_avatar": _change("avatar"),
    "change_introduction": _change("introduction"),
    "approve_profile_change": lambda a, c: a.approve_profile_change("name", act=c.act(R)),
    "reject_profile_change": lambda a, c: a.reject_profile_change("name", act=c.act(R)),
    "submit_qualification": lambda a, c: a.submit_qualification(
        "economy", "credential://cpa", act=c.act(OP)
    ),
    "verify_qualification": lambda a, c: a.verify_qualification("economy", "", act=c.act(R)),
    "reject_qualification": lambda a, c: a.reject_qualification("economy", act=c.act(R)),
    "order_rectification": lambda a, c: a.order_rectification(
        c.now + timedelta(days=10), ["name"], act=c.act(R, **GROUNDS)
    ),
    "rectify": lambda a, c: a.rectify(
        {"name": f"Corrected {c.now:%H%M%S%f}"}, {"name": ACCEPT}, act=c.act(R)
    ),
    "miss_rectification_deadline": _miss_deadline,
    "apply_transfer": lambda a, c: a.apply_transfer(
        SubjectRef("id_card", "s-bob", "v1:bob"), act=c.act(OP)
    ),
    "verify_transferee": lambda a, c: a.verify_transferee(act=c.act(R)),
    "approve_transfer": lambda a, c: a.approve_transfer(act=c.act(R)),
    "reject_transfer": lambda a, c: a.reject_transfer(act=c.act(R)),
    "find_unapproved_transfer": lambda a, c: a.find_unapproved_transfer(act=c.act(M, **GROUNDS)),
    "request_suspension": lambda a, c: a.request_suspension(act=c.act(OP)),
    "request_termination": lambda a, c: a.request_termination(act=c.act(OP)),
    "warn": lambda a, c: a.warn(act=c.act(M, **GROUNDS)),
    "restrict": lambda a, c: a.restrict(
        ["comment"], c.now + timedelta(days=3), act=c.act(M, **GROUNDS)
    ),
    "lift_restriction": lambda a, c: a.lift_restriction([], act=c.act(M)),
    "suspend_updates": lambda a, c: a.suspend_updates(act=c.act(M, **GROUNDS)),
    "resume_updates": lambda a, c: a.resume_updates(act=c.act(M)),
    "cease_ads": lambda a, c: a.cease_ads(act=c.act(M, **GROUNDS)),
    "restore_ads": lambda a, c: a.restore_ads(act=c.act(M)),
    "suspend": lambda a, c: a.suspend(None, act=c.act(M, **GROUNDS)),
    "reinstate": lambda a, c: a.reinstate(act=c.act(M)),
    "close": lambda a, c: a.close(act=c.act(M, **GROUNDS)),
    "deregister": lambda a, c: a.deregister(act=c.act(M, **GROUNDS)),
    "blacklist": lambda a, c: a.blacklist(act=c.act(M, **GROUNDS)),
    "change_credit_tier": lambda a, c: a.change_credit_tier(
        "D" if a.credit_tier != "D" else "C", act=c.act(S)
    ),
    "record_activity": lambda a, c: a.record_activity("login", act=c.act(OP)),
    "reverse_measure": _reverse,
}

# How to bring a freshly registered account into each state.
PATHS: dict[str, tuple[str, ...]] = {
    "pending": (),
    "active": ("verify_identity",),
    "rectifying": ("verify_identity", "order_rectification"),
    "suspended": ("verify_identity", "suspend"),
    "closed": ("verify_identity", "close"),
    "blacklisted": ("verify_identity", "blacklist"),
    "refused": ("refuse_registration",),
    "deregistered": ("verify_identity", "deregister"),
}
