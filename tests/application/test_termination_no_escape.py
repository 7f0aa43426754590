"""Terminating one's own account is no way out of a measure (issue 12 point 1; R4, R10,
R12; 2021 Arts 8, 11, 19; 2022 Art 15).

An account its operator ends while a measure binds it, a rectification is open or a
complaint against it is open is `terminated` with its name barred as if closed (rule
`termination_name_hold`), and the platform may still close, deregister or blacklist it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from uuid import UUID

import pytest

from accountledger.application import appeals, complaints
from accountledger.application.commands import (
    Blacklist,
    Close,
    Deregister,
    OrderRectification,
    RequestTermination,
    Restrict,
    Suspend,
    Warn,
)
from accountledger.application.identity import Identity, Registration
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Role
from accountledger.domain.errors import RuleViolation
from accountledger.domain.measures import record_id
from tests.application.helpers import GROUNDS, Desk, id_card

RUMOURS = {**GROUNDS, "violation": ("2021-18-6",), "reason": "spread rumours"}


def terminate(desk: Desk, account: UUID) -> list[str]:
    """Terminate at the operator's request; what the event says still binds it."""
    desk.do(RequestTermination(account_id=account), Role.OPERATOR)
    (*_, ended) = desk.ledger.history(account)
    assert type(ended).__name__ == "TerminationRequested"
    return list(ended.held_for)


def register_same_name(desk: Desk, name: str) -> UUID:
    """Another subject asks for the name."""
    registration = Registration(name=name, identity=Identity("id_card", id_card(77)))
    return desk.ledger.register(registration, desk.act(Role.PLATFORM)).account_id


def test_suspended_account_terminated_by_its_operator_keeps_its_name_barred(
    ledger: Ledger,
) -> None:
    """R4, R10, R12: suspended for rumours, then terminated at the operator's request: the
    account is `terminated`, the event names the suspension that binds it, and another
    subject cannot take the name."""
    desk = Desk(ledger)
    account = desk.active("Rumour Mill")
    suspended = desk.do(Suspend(account_id=account), Role.MODERATOR, **RUMOURS)
    held_for = terminate(desk, account)
    assert ledger.account(account).status == "terminated"
    assert held_for == [f"suspension {suspended.records[0]}"]
    assert ledger.account(account).name_barred
    with pytest.raises(RuleViolation) as refused:
        register_same_name(desk, "Rumour Mill")
    assert refused.value.rule.endswith("barred-name")


@pytest.mark.parametrize(
    ("measure", "status"),
    [(Close, "closed"), (Deregister, "deregistered"), (Blacklist, "blacklisted")],
)
def test_closure_deregistration_and_blacklisting_stay_open_after_termination(
    ledger: Ledger, measure: type[Close], status: str
) -> None:
    """R10, R12 (2021 Art 19): after a termination at the operator's request the platform
    still closes, deregisters or blacklists the account, and the register records it."""
    desk = Desk(ledger)
    account = desk.active("Still Answerable")
    desk.do(Suspend(account_id=account), Role.MODERATOR, **RUMOURS)
    terminate(desk, account)
    taken = desk.do(measure(account_id=account), Role.MODERATOR, **RUMOURS)
    assert taken.status == status
    assert ledger.account(account).status == status


def test_termination_with_nothing_binding_frees_the_name(ledger: Ledger) -> None:
    """R10: an account ended with no measure, rectification or complaint binding it frees
    its name for anyone; a past warning binds nothing."""
    desk = Desk(ledger)
    account = desk.active("Quiet Leaver")
    desk.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS)
    assert terminate(desk, account) == []
    assert not ledger.account(account).name_barred
    assert ledger.account(register_same_name(desk, "Quiet Leaver")).name == "Quiet Leaver"


def test_a_restriction_in_force_and_an_open_rectification_bind_the_ending_account(
    ledger: Ledger,
) -> None:
    """R6, R10, R12 (2022 Art 15): a restriction still in force and a rectification order
    still open are each named, and the name stays barred."""
    desk = Desk(ledger)
    account = desk.active("Half Corrected")
    restricted = desk.do(
        Restrict(account_id=account, functions=("comment",)), Role.MODERATOR, **GROUNDS
    )
    deadline = desk.now + timedelta(days=10)
    ordered = desk.do(
        OrderRectification(account_id=account, deadline=deadline, fields=("name",)),
        Role.REVIEWER,
        reason="the name impersonates an organ",
        basis=("2021-19",),
        violation=("2021-18-2",),
    )
    held_for = terminate(desk, account)
    assert held_for == [
        f"restriction {record_id(account, restricted.version)}",
        f"order_to_correct {record_id(account, ordered.version)}",
    ]
    assert ledger.account(account).name_barred


def test_an_open_complaint_binds_the_ending_account_until_answered(ledger: Ledger) -> None:
    """R10, R15 (2021 Art 20): a complaint still open against the account holds its name;
    once answered, a later account's ending is free."""
    desk = Desk(ledger)
    reported = desk.active("Reported Once")
    filed = complaints.file_complaint(
        ledger, reported, "2021-18-6", "a fabricated story", None, desk.act(Role.PLATFORM)
    )
    assert terminate(desk, reported) == [f"complaint {filed.id}"]
    assert ledger.account(reported).name_barred

    answered = desk.active("Reported Twice", serial=2)
    other = complaints.file_complaint(
        ledger, answered, "2021-18-6", "another story", None, desk.act(Role.PLATFORM)
    )
    complaints.screen(ledger, other.id, False, "unfounded", None, desk.act(Role.REVIEWER))
    complaints.answer(ledger, other.id, "nothing was found", desk.act(Role.REVIEWER))
    assert terminate(desk, answered) == []


def test_an_expired_or_overturned_measure_no_longer_binds(ledger: Ledger) -> None:
    """R12, R15: a suspension past its expiry, and one overturned on appeal, bind nothing."""
    desk = Desk(ledger)
    timed = desk.active("Served Its Time")
    until = desk.now + timedelta(hours=3)
    desk.do(Suspend(account_id=timed, until=until), Role.MODERATOR, **RUMOURS)
    desk.now = until + timedelta(hours=1)
    assert terminate(desk, timed) == []

    appealed = desk.active("Wrongly Restricted", serial=2)
    taken = desk.do(Restrict(account_id=appealed, functions=("post",)), Role.MODERATOR, **GROUNDS)
    appeal = appeals.file(
        ledger, record_id(appealed, taken.version), "not me", desk.act(Role.OPERATOR)
    )
    appeals.assign(ledger, appeal.id, "ar-2", desk.act(Role.APPEAL_REVIEWER))
    decided = desk.act(Role.APPEAL_REVIEWER, "ar-2", reason="no evidence")
    appeals.decide(ledger, appeal.id, "overturned", None, decided)
    assert terminate(desk, appealed) == []


def test_the_hold_is_configuration(ledger: Ledger) -> None:
    """R10: with `termination_name_hold = "released"` the name is free at once; what bound
    the account is still recorded in the termination's event."""
    ledger.rules = replace(ledger.rules, termination_name_hold="released")
    desk = Desk(ledger)
    account = desk.active("Free To Go")
    desk.do(Suspend(account_id=account), Role.MODERATOR, **RUMOURS)
    assert len(terminate(desk, account)) == 1
    assert not ledger.account(account).name_barred
    assert ledger.account(register_same_name(desk, "Free To Go")).status == "pending"


def test_an_overturned_closure_returns_a_terminated_account_to_terminated(
    ledger: Ledger,
) -> None:
    """R10, R15: a closure taken after the operator ended the account, overturned on
    appeal, gives back `terminated`, never service."""
    desk = Desk(ledger)
    account = desk.active("Ended Then Closed")
    terminate(desk, account)
    closed = desk.do(Close(account_id=account), Role.MODERATOR, **RUMOURS)
    appeal = appeals.file(
        ledger, record_id(account, closed.version), "ended already", desk.act(Role.OPERATOR)
    )
    appeals.assign(ledger, appeal.id, "ar-2", desk.act(Role.APPEAL_REVIEWER))
    decided = desk.act(Role.APPEAL_REVIEWER, "ar-2", reason="closure not warranted")
    appeals.decide(ledger, appeal.id, "overturned", None, decided)
    assert ledger.account(account).status == "terminated"
