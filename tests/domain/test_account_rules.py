"""Rules the Account aggregate enforces beside the lifecycle (R5, R6, R9-R14)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from accountledger.domain.account import SubjectRef
from accountledger.domain.act import Role
from accountledger.domain.errors import RuleViolation, UnknownArticle
from accountledger.domain.names import Finding, Outcome, Verdict
from tests.domain.commands import CALLS
from tests.domain.given import ACCEPT, GROUNDS, given, when

verify = CALLS["verify_identity"]
REJECT = Verdict(Outcome.REJECT, (Finding("url", Outcome.REJECT, "2022-8-6", "embedded URL"),))


def test_unknown_article_id_is_refused_and_nothing_recorded() -> None:
    """Legal bases come from the one article catalogue (R13)."""
    account, clock = given(verify)
    with pytest.raises(UnknownArticle) as refused:
        account.warn(act=clock.act(Role.MODERATOR, **{**GROUNDS, "basis": ("2021-99",)}))
    assert refused.value.field == "basis" and "2021-99" in str(refused.value)
    assert account.collect_events() == []


def test_violation_class_must_be_a_prohibited_act_item() -> None:
    """R14: violations are classified by 2021 Art 18 items or 2022 Art 8 items."""
    account, clock = given(verify)
    with pytest.raises(UnknownArticle):
        account.warn(act=clock.act(Role.MODERATOR, **{**GROUNDS, "violation": ("2021-19",)}))
    assert when(account, clock, CALLS["warn"]) == ["Warned"]


@pytest.mark.parametrize("missing", ["reason", "basis", "violation"])
def test_every_disposal_measure_needs_reason_basis_and_violation(missing: str) -> None:
    """R12, R13: a measure is recorded with why, on what basis, for which violation."""
    account, clock = given(verify)
    grounds = {**GROUNDS, missing: "" if missing == "reason" else ()}
    with pytest.raises(RuleViolation) as refused:
        account.suspend(None, act=clock.act(Role.MODERATOR, **grounds))
    assert refused.value.field == missing and refused.value.article == "2021-19"


def test_a_role_may_only_issue_its_own_commands() -> None:
    account, clock = given(verify)
    with pytest.raises(RuleViolation) as refused:
        account.close(act=clock.act(Role.OPERATOR, **GROUNDS))
    assert refused.value.rule == "role" and "moderator" in str(refused.value)
    with pytest.raises(RuleViolation):
        account.warn(act=clock.act(Role.REGULATOR, **GROUNDS))


def test_business_time_cannot_run_backwards() -> None:
    account, clock = given(verify)
    clock.now -= timedelta(days=2)
    with pytest.raises(RuleViolation) as refused:
        account.warn(act=clock.act(Role.MODERATOR, **GROUNDS))
    assert refused.value.rule == "business-time-order"


def test_registration_with_a_rejected_profile_value_is_refused() -> None:
    """R3: a name, avatar or introduction the policy rejects never registers."""
    from tests.domain.given import Clock, registered

    with pytest.raises(RuleViolation) as refused:
        registered(Clock(), introduction=REJECT)
    assert refused.value.field == "introduction" and refused.value.article == "2022-8-6"


def test_warnings_are_counted() -> None:
    """R12: warning and reminder."""
    account, clock = given(verify, CALLS["warn"])
    assert when(account, clock, CALLS["warn"]) == ["Warned"]
    assert account.warnings == 2


def test_restriction_keeps_its_expiry_in_the_event() -> None:
    """R12: restricting functions, with an expiry computed from business time."""
    account, clock = given(verify)
    until = clock.now + timedelta(days=7)
    account.restrict(["comment", "live"], until, act=clock.act(Role.MODERATOR, **GROUNDS))
    (restricted,) = account.collect_events()
    assert restricted.until == until and restricted.functions == ["comment", "live"]
    assert account.restrictions == {"comment": until, "live": until}


def test_restriction_of_an_unknown_function_or_past_expiry_is_refused() -> None:
    account, clock = given(verify)
    with pytest.raises(RuleViolation, match="unknown function"):
        account.restrict(["teleport"], None, act=clock.act(Role.MODERATOR, **GROUNDS))
    with pytest.raises(RuleViolation) as refused:
        account.restrict(["post"], clock.now, act=clock.act(Role.MODERATOR, **GROUNDS))
    assert refused.value.field == "until"


def test_lifting_updates_ads_and_restrictions_restores_them() -> None:
    account, clock = given(verify, CALLS["suspend_updates"], CALLS["cease_ads"], CALLS["restrict"])
    assert account.updates_suspended and account.ads_ceased and account.restrictions
    events = [
        when(account, clock, CALLS[c])
        for c in ("resume_updates", "restore_ads", "lift_restriction")
    ]
    assert events == [["UpdatesResumed"], ["AdvertisingRestored"], ["RestrictionLifted"]]
    assert not (account.updates_suspended or account.ads_ceased or account.restrictions)


def test_verified_qualification_carries_the_special_mark() -> None:
    """R5: economy, education, health and justice accounts pass checks and are marked."""
    account, clock = given(verify, CALLS["submit_qualification"])
    account.verify_qualification("economy", "财经认证", act=clock.act(Role.REVIEWER))
    assert account.qualifications["economy"]["mark"] == "财经认证"
    with pytest.raises(RuleViolation) as refused:
        account.submit_qualification("astrology", "x", act=clock.act(Role.OPERATOR))
    assert refused.value.article == "2021-9"


def test_qualification_cannot_be_verified_before_it_is_submitted() -> None:
    """R5"""
    account, clock = given(verify)
    with pytest.raises(RuleViolation, match="awaits review"):
        CALLS["verify_qualification"](account, clock)


def test_rectification_restores_service_when_the_correction_passes_review() -> None:
    """R6: suspended until corrected; the correction is reviewed (R3)."""
    account, clock = given(verify, CALLS["order_rectification"])
    assert account.status == "rectifying"
    with pytest.raises(RuleViolation):
        account.rectify({"name": "www.spam.com"}, {"name": REJECT}, act=clock.act(Role.REVIEWER))
    assert when(account, clock, CALLS["rectify"]) == ["Rectified"]
    assert account.status == "active" and account.rectification is None


def test_missed_rectification_deadline_terminates_service_only_after_the_deadline() -> None:
    """R6: refusal to correct terminates services."""
    account, clock = given(verify, CALLS["order_rectification"])
    with pytest.raises(RuleViolation) as refused:
        account.miss_rectification_deadline(act=clock.act(Role.SYSTEM))
    assert refused.value.rule == "deadline-not-passed"
    assert when(account, clock, CALLS["miss_rectification_deadline"]) == [
        "RectificationDeadlineMissed"
    ]
    assert account.status == "closed" and account.name_barred


def test_transfer_needs_a_verified_transferee_before_approval() -> None:
    """R9: the transferee is authenticated before the subject changes."""
    account, clock = given(verify, CALLS["apply_transfer"])
    with pytest.raises(RuleViolation) as refused:
        account.approve_transfer(act=clock.act(Role.REVIEWER))
    assert refused.value.article == "2021-11"
    assert when(account, clock, CALLS["verify_transferee"]) == ["TransfereeVerified"]
    assert when(account, clock, CALLS["approve_transfer"]) == ["TransferApproved"]
    assert account.subject_ref == "s-bob" and account.transfer is None


def test_rejected_transfer_keeps_everything_as_it_was() -> None:
    """R9"""
    account, clock = given(verify, CALLS["apply_transfer"])
    when(account, clock, CALLS["reject_transfer"])
    assert account.subject_ref == "s-alice" and account.transfer is None


def test_transfer_to_the_current_holder_is_refused() -> None:
    account, clock = given(verify)
    with pytest.raises(RuleViolation):
        account.apply_transfer(SubjectRef("id_card", "s-alice", "x"), act=clock.act(Role.OPERATOR))


def test_unapproved_transfer_suspends_the_account() -> None:
    """R9: an unapproved transfer leads to suspension (or, then, closure)."""
    account, clock = given(verify)
    assert when(account, clock, CALLS["find_unapproved_transfer"]) == ["UnapprovedTransferFound"]
    assert account.status == "suspended"
    assert when(account, clock, CALLS["close"]) == ["Closed"]


def test_operator_may_suspend_or_terminate_its_own_account() -> None:
    """R10: own suspension and termination requests."""
    account, clock = given(verify)
    assert when(account, clock, CALLS["request_suspension"]) == ["SuspensionRequested"]
    assert account.status == "suspended"
    assert when(account, clock, CALLS["request_termination"]) == ["TerminationRequested"]
    assert account.status == "terminated" and not account.name_barred


def test_credit_tier_changes_with_a_known_tier_only() -> None:
    """R11: credit rating by tier."""
    account, clock = given(verify)
    assert when(account, clock, CALLS["change_credit_tier"]) == ["CreditTierChanged"]
    assert account.credit_tier == "D"
    with pytest.raises(RuleViolation) as refused:
        account.change_credit_tier("Z", act=clock.act(Role.SYSTEM))
    assert refused.value.article == "2021-13"


def test_profile_change_with_findings_waits_for_a_reviewer() -> None:
    """R3: a change is reviewed like a registration."""
    account, clock = given(verify, CALLS["change_name"])
    assert "name" in account.pending_changes
    new_name = account.pending_changes["name"]["value"]
    assert when(account, clock, CALLS["approve_profile_change"]) == ["ProfileChangeApproved"]
    assert account.name == new_name and account.former_names == ["Ann's Garden"]


def test_accepted_profile_change_applies_at_once() -> None:
    account, clock = given(verify)
    account.change_profile("introduction", "New intro", ACCEPT, act=clock.act(Role.OPERATOR))
    assert account.introduction == "New intro"
