"""The operator asks to end its own suspension and a moderator decides (R10; 2021 Art 11
¶3). A suspension that is the platform's measure does not end on request (R12, R15)."""

from __future__ import annotations

from typing import Any

import pytest

from accountledger.domain.act import Role
from accountledger.domain.errors import RuleViolation
from accountledger.domain.reinstatement import suspension_cause
from accountledger.domain.reversal import TakenMeasure
from tests.domain.commands import CALLS
from tests.domain.given import Clock, given, registered, when

OP, M = Role.OPERATOR, Role.MODERATOR
OWN = (CALLS["verify_identity"], CALLS["request_suspension"])


def ask(cause: str | None = "SuspensionRequested") -> Any:
    return lambda a, c: a.request_reinstatement(cause, act=c.act(OP))


def test_an_own_suspension_ends_when_a_moderator_grants_the_request() -> None:
    """R10 (2021 Art 11 ¶3): the request is recorded and stays pending, still suspended;
    the moderator's grant restores service."""
    account, clock = given(*OWN)
    assert when(account, clock, ask()) == ["ReinstatementRequested"]
    assert account.status == "suspended" and account.reinstatement_pending
    assert when(account, clock, CALLS["grant_reinstatement"]) == ["ReinstatementGranted"]
    assert account.status == "active" and not account.reinstatement_pending


def test_a_refused_request_keeps_the_suspension_and_may_be_asked_again() -> None:
    """R10: a refusal needs reasons; the operator may ask again later."""
    account, clock = given(*OWN, ask())
    with pytest.raises(RuleViolation) as no_reason:
        account.refuse_reinstatement(act=clock.act(M))
    assert no_reason.value.rule == "reasons"
    assert when(account, clock, CALLS["refuse_reinstatement"]) == ["ReinstatementRefused"]
    assert account.status == "suspended" and not account.reinstatement_pending
    with pytest.raises(RuleViolation) as nothing:
        account.grant_reinstatement(act=clock.act(M))
    assert nothing.value.rule == "pending-request"
    assert when(account, clock, ask()) == ["ReinstatementRequested"]


def test_a_suspension_that_is_the_platforms_measure_does_not_end_on_request() -> None:
    """R10, R12 (2021 Arts 11, 19): a measure ends when lifted, expired or on appeal."""
    account, clock = given(CALLS["verify_identity"], CALLS["suspend"])
    with pytest.raises(RuleViolation) as refused:
        ask("Suspended")(account, clock)
    assert (refused.value.rule, refused.value.article) == ("own-suspension", "2021-11")
    assert account.collect_events() == []


def test_one_request_at_a_time_and_only_the_operator_asks_only_a_moderator_decides() -> None:
    """R10: the role table says who asks and who decides."""
    account, clock = given(*OWN, ask())
    with pytest.raises(RuleViolation) as again:
        ask()(account, clock)
    assert again.value.rule == "one-pending-request"
    with pytest.raises(RuleViolation) as self_granted:
        account.grant_reinstatement(act=clock.act(OP))
    assert self_granted.value.rule == "role"
    with pytest.raises(RuleViolation) as moderator_asks:
        account.request_reinstatement("SuspensionRequested", act=clock.act(M))
    assert moderator_asks.value.rule == "role"


def test_a_request_lapses_when_the_suspension_it_asked_to_end_is_over() -> None:
    """R10: a request counts only while its suspension lasts."""
    account, _ = given(*OWN, ask(), CALLS["reinstate"], CALLS["request_suspension"])
    assert account.status == "suspended" and not account.reinstatement_pending


def overturn_closure(account: Any, clock: Clock) -> None:
    taken = TakenMeasure(account.version, "Closed", "suspended", "closed")
    act = clock.act(Role.APPEAL_REVIEWER, reason="overturned on appeal", basis=("2021-20",))
    account.reverse_measure(taken, "appeal-1", "overturned", act=act)


def history(*steps: Any) -> list[Any]:
    clock = Clock()
    account = registered(clock)
    for step in steps:
        step(account, clock)
    return list(account.collect_events())


def test_the_cause_of_a_suspension_is_read_from_the_history() -> None:
    """R10, R15: the event that began the present suspension; a reversal on appeal that
    gives `suspended` back keeps the cause of the suspension it restores."""
    verify = CALLS["verify_identity"]
    assert suspension_cause(history(verify, CALLS["request_suspension"])) == "SuspensionRequested"
    assert suspension_cause(history(verify, CALLS["suspend"])) == "Suspended"
    assert suspension_cause(history(verify)) is None
    restored = history(verify, CALLS["request_suspension"], CALLS["close"], overturn_closure)
    assert restored[-1].status == "suspended"
    assert suspension_cause(restored) == "SuspensionRequested"
