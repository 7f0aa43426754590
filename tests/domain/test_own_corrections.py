"""The operator corrects its own account during rectification and a reviewer approves
(R3, R6; 2021 Art 8 ¶2, 2022 Art 15): the correction waits, reviewed by the name policy;
approval records the order's outcome, `Rectified`; the reviewer's direct `rectify` stays."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from accountledger.domain.act import Role
from accountledger.domain.deadlines import due
from accountledger.domain.errors import RuleViolation
from accountledger.domain.names import Finding, Outcome, Verdict
from accountledger.domain.rules import DEFAULT_RULES
from tests.domain.commands import CALLS
from tests.domain.given import ACCEPT, given, when

OP, R, S = Role.OPERATOR, Role.REVIEWER, Role.SYSTEM
ORDERED = (CALLS["verify_identity"], CALLS["order_rectification"])
REJECT = Verdict(Outcome.REJECT, (Finding("url", Outcome.REJECT, "2022-8-6", "embedded URL"),))


def submit(name: str = "Ann's Tea Garden", verdict: Verdict = ACCEPT) -> Any:
    return lambda a, c: a.submit_correction({"name": name}, {"name": verdict}, act=c.act(OP))


def test_the_operator_submits_a_correction_and_a_reviewer_approves_it() -> None:
    """R3, R6 (2022 Art 15): the operator's values wait; service is restored only when a
    reviewer approves, by the same `Rectified` a reviewer's own correction records."""
    account, clock = given(*ORDERED)
    assert when(account, clock, submit()) == ["CorrectionSubmitted"]
    assert account.status == "rectifying" and account.name == "Ann's Garden"
    assert account.rectification is not None
    assert account.rectification["correction"]["values"] == {"name": "Ann's Tea Garden"}
    approve = when(
        account, clock, lambda a, c: a.approve_correction({"name": ACCEPT}, act=c.act(R))
    )
    assert approve == ["Rectified"]
    assert account.status == "active" and account.name == "Ann's Tea Garden"
    assert account.rectification is None and "Ann's Garden" in account.former_names


def test_a_rejected_correction_leaves_the_order_open_for_another() -> None:
    """R6 (2022 Art 15): a rejection needs reasons; the operator may submit again."""
    account, clock = given(*ORDERED, submit())
    with pytest.raises(RuleViolation) as no_reason:
        account.reject_correction(act=clock.act(R))
    assert no_reason.value.rule == "reasons"
    events = when(account, clock, CALLS["reject_correction"])
    assert events == ["CorrectionRejected"]
    assert account.status == "rectifying" and account.rectification is not None
    assert "correction" not in account.rectification
    assert when(account, clock, submit("Ann's Green Tea")) == ["CorrectionSubmitted"]


def test_the_operator_may_not_approve_its_own_correction() -> None:
    """R3, R6 (2021 Art 8 ¶2): only a reviewer approves; one correction waits at a time."""
    account, clock = given(*ORDERED, submit())
    with pytest.raises(RuleViolation) as refused:
        account.approve_correction({"name": ACCEPT}, act=clock.act(OP))
    assert refused.value.rule == "role"
    with pytest.raises(RuleViolation) as second:
        submit("Another")(account, clock)
    assert second.value.rule == "one-pending-correction"
    assert account.collect_events() == []


def test_a_correction_the_name_policy_rejects_is_never_recorded() -> None:
    """R3 (2022 Arts 8, 10): the operator's values pass the same review as any change."""
    account, clock = given(*ORDERED)
    with pytest.raises(RuleViolation) as refused:
        submit("see www.x.cn", REJECT)(account, clock)
    assert refused.value.rule == "name-policy:url"
    with pytest.raises(RuleViolation) as empty:
        account.submit_correction({}, {}, act=clock.act(OP))
    assert empty.value.rule == "correction"
    assert account.collect_events() == []


def test_a_correction_submitted_in_time_holds_off_the_deadline_until_decided() -> None:
    """R6 (2022 Art 15): a correction awaiting review is the operator's answer in time, so
    the deadline is not missed; once rejected after the deadline, it is; a submission
    after the deadline is refused."""
    account, clock = given(*ORDERED, submit())
    assert account.rectification is not None
    later = account.rectification["deadline"] + timedelta(days=1)
    assert due(account, later, DEFAULT_RULES) == []
    clock.now = later
    with pytest.raises(RuleViolation) as waiting:
        account.miss_rectification_deadline(act=clock.act(S, reason="late", basis=("2022-15",)))
    assert waiting.value.rule == "correction-pending"
    CALLS["reject_correction"](account, clock)
    assert [d.rule for d in due(account, clock.now, DEFAULT_RULES)] == [
        "rectification-deadline-missed"
    ]
    with pytest.raises(RuleViolation) as late:
        submit("Too late")(account, clock)
    assert late.value.rule == "deadline-passed"


def test_the_reviewer_still_enters_a_correction_directly() -> None:
    """R6 (contract): `rectify` by a reviewer works as before, and drops a waiting one."""
    account, clock = given(*ORDERED, submit())
    assert when(account, clock, CALLS["rectify"]) == ["Rectified"]
    assert account.status == "active" and account.rectification is None
