"""An overturn undoes only what the appealed measure still does (issue 12 point 2; R15).

A later record that imposed the same restriction, or the same suspension, again is
never appealed by the earlier record's appeal: it stays on the account and in force in
the register.
"""

from __future__ import annotations

from uuid import UUID

from accountledger.application import appeals
from accountledger.application.commands import (
    LiftRestriction,
    Reinstate,
    Restrict,
    Suspend,
    Warn,
)
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Role
from accountledger.domain.measures import record_id
from accountledger.domain.reversal import taken_measure
from tests.application.helpers import GROUNDS, Desk

REASONS = {"reason": "the evidence does not show the violation"}


def overturn(desk: Desk, record: str) -> None:
    ledger = desk.ledger
    appeal = appeals.file(ledger, record, "I did not do this", desk.act(Role.OPERATOR))
    appeals.assign(ledger, appeal.id, "ar-2", desk.act(Role.APPEAL_REVIEWER))
    act = desk.act(Role.APPEAL_REVIEWER, "ar-2", **REASONS)
    appeals.decide(ledger, appeal.id, "overturned", None, act)


def test_overturning_a_lifted_restriction_leaves_a_later_one_in_force(ledger: Ledger) -> None:
    """R15: restrict comment (/3), lift it (/4), restrict comment again (/5); overturning /3
    leaves /5's restriction on the account."""
    desk = Desk(ledger)
    account = desk.active("Twice Restricted")
    first = desk.do(Restrict(account_id=account, functions=("comment",)), Role.MODERATOR, **GROUNDS)
    desk.do(LiftRestriction(account_id=account), Role.MODERATOR, reason="served")
    desk.do(Restrict(account_id=account, functions=("comment",)), Role.MODERATOR, **GROUNDS)
    overturn(desk, record_id(account, first.version))
    assert "comment" in ledger.account(account).restrictions
    assert [type(e).__name__ for e in ledger.history(account)][-1] == "MeasureReversed"


def test_overturning_a_restriction_still_in_force_lifts_only_its_own_functions(
    ledger: Ledger,
) -> None:
    """R15: /3 restricted comment and post; /4 restricted post again; overturning /3 lifts
    comment only (post now belongs to /4)."""
    desk = Desk(ledger)
    account = desk.active("Partly Restricted")
    both = Restrict(account_id=account, functions=("comment", "post"))
    first = desk.do(both, Role.MODERATOR, **GROUNDS)
    desk.do(Restrict(account_id=account, functions=("post",)), Role.MODERATOR, **GROUNDS)
    overturn(desk, record_id(account, first.version))
    assert set(ledger.account(account).restrictions) == {"post"}


def test_overturning_an_ended_suspension_leaves_a_later_suspension(ledger: Ledger) -> None:
    """R15: suspend (/3), reinstate (/4), suspend again (/5); overturning /3 keeps the
    account suspended under /5."""
    desk = Desk(ledger)
    account = desk.active("Twice Suspended")
    first = desk.do(Suspend(account_id=account), Role.MODERATOR, **GROUNDS)
    desk.do(Reinstate(account_id=account), Role.MODERATOR, reason="served")
    desk.do(Suspend(account_id=account), Role.MODERATOR, **GROUNDS)
    overturn(desk, record_id(account, first.version))
    assert ledger.account(account).status == "suspended"


def test_a_suspension_still_in_force_is_undone(ledger: Ledger) -> None:
    """R15: with nothing after it but a warning, the suspension is still the appealed
    record's, and overturning it reinstates the account."""
    desk = Desk(ledger)
    account = desk.active("Once Suspended")
    taken = desk.do(Suspend(account_id=account), Role.MODERATOR, **GROUNDS)
    desk.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS)
    assert taken_measure(ledger.history(UUID(str(account))), taken.version).in_force
    overturn(desk, record_id(account, taken.version))
    assert ledger.account(account).status == "active"
