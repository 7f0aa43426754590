"""Registration details change under review, like a profile change (R2, R3, R17;
2021 Art 15, 2022 Art 10): submitted by the operator, approved or rejected by a reviewer
through the profile-change verbs, folded and bounded like at registration; the contact
only ever sealed."""

from __future__ import annotations

from typing import Any

import pytest

from accountledger.domain.account import Account
from accountledger.domain.act import Role
from accountledger.domain.errors import RuleViolation, TransitionRefused
from tests.domain.commands import CALLS
from tests.domain.given import Clock, given, registered, replayed, when

OP, R = Role.OPERATOR, Role.REVIEWER
verify = CALLS["verify_identity"]


def change(field: str, value: str) -> Any:
    return lambda a, c: a.change_detail(field, value, act=c.act(OP))


def approve(field: str) -> Any:
    return lambda a, c: a.approve_profile_change(field, act=c.act(R))


def test_an_operating_place_change_waits_for_a_reviewer_then_takes_effect() -> None:
    """R2, R3 (2021 Art 15, 2022 Art 10): a detail change is recorded as submitted, the
    details stay as registered until a reviewer approves it."""
    account, clock = given(verify)
    assert when(account, clock, change("operating_place", "Shenzhen")) == [
        "RegistrationDetailChangeSubmitted"
    ]
    assert "operating_place" not in account.details
    assert account.detail_changes == {"operating_place": {"value": "Shenzhen"}}
    assert when(account, clock, approve("operating_place")) == ["RegistrationDetailChangeApproved"]
    assert account.details["operating_place"] == "Shenzhen"
    assert account.details["nature"] == "individual"
    assert account.detail_changes == {}


def test_a_rejected_details_change_leaves_the_details_as_they_were() -> None:
    """R2, R3 (2022 Art 10): a reviewer rejects through `reject-profile-change`."""
    account, clock = given(verify, change("content_category", "travel"))
    events = when(
        account, clock, lambda a, c: a.reject_profile_change("content_category", act=c.act(R))
    )
    assert events == ["RegistrationDetailChangeRejected"]
    assert "content_category" not in account.details and account.detail_changes == {}


def test_a_content_category_in_a_regulated_field_is_recorded_like_any_other() -> None:
    """R2, R5 (2021 Arts 9, 15): the change into health is recorded; its qualification
    gate is another rule's."""
    account, _ = given(verify, change("content_category", "health"), approve("content_category"))
    assert account.details["content_category"] == "health"


def test_detail_values_are_folded_and_refused_when_empty_or_unchanged() -> None:
    """R2 (2021 Art 15): values are NFKC-folded as they are recorded; an empty value or
    the value already held is refused and nothing is written."""
    account, clock = given(verify)
    assert when(account, clock, change("operating_place", "  Ｈａｎｇｚｈｏｕ ")) == [
        "RegistrationDetailChangeSubmitted"
    ]
    assert account.detail_changes["operating_place"] == {"value": "Hangzhou"}
    when(account, clock, approve("operating_place"))
    for value, rule in (("Hangzhou", "no-change"), (" \u3000 ", "detail-value")):
        with pytest.raises(RuleViolation) as refused:
            change("operating_place", value)(account, clock)
        assert refused.value.rule == rule
    with pytest.raises(RuleViolation) as unknown:
        change("registration_place", "Beijing")(account, clock)
    assert (unknown.value.rule, unknown.value.article) == ("detail-field", "2021-15")
    assert account.collect_events() == []


def test_only_the_operator_or_the_platform_changes_details_and_only_a_reviewer_approves() -> None:
    """R2, R3 (2022 Art 10): the role table says who may do what."""
    account, clock = given(verify, change("main_business", "tea trade"))
    with pytest.raises(RuleViolation) as refused:
        account.change_detail("operating_place", "Xi'an", act=clock.act(Role.MODERATOR))
    assert refused.value.rule == "role"
    with pytest.raises(RuleViolation) as self_approved:
        account.approve_profile_change("main_business", act=clock.act(OP))
    assert self_approved.value.rule == "role"
    with pytest.raises(RuleViolation) as nothing:
        account.approve_profile_change("operating_place", act=clock.act(R))
    assert nothing.value.rule == "pending-change"
    assert account.collect_events() == []


def sealed_by(seen: list[str]) -> Any:
    def seal(contact: str) -> str:
        seen.append(contact)
        return "v1:ciphertext"

    return seal


def test_a_contact_change_holds_only_the_sealed_contact() -> None:
    """R2, R17 (2021 Art 15, 2022 Art 16): the contact is sealed after the change is
    allowed and before anything holds it; no event or state has it in clear."""
    account, clock = given(verify)
    seen: list[str] = []
    account.change_contact("１３９ 0013 9000", sealed_by(seen), act=clock.act(OP))
    account.approve_profile_change("contact", act=clock.act(R))
    events = account.collect_events()
    assert [type(e).__name__ for e in events] == [
        "RegistrationDetailChangeSubmitted",
        "RegistrationDetailChangeApproved",
    ]
    assert seen == ["139 0013 9000"]
    assert all("0013" not in repr(vars(e)) for e in events)
    assert account.sealed_contact == {"subject_ref": "s-alice", "sealed": "v1:ciphertext"}
    assert "0013" not in repr(vars(account))


def test_a_refused_contact_change_seals_nothing() -> None:
    """R17: a change the lifecycle refuses never reaches the key store."""
    account, clock = given(verify, CALLS["close"])
    seen: list[str] = []
    with pytest.raises(TransitionRefused):
        account.change_contact("13900139000", sealed_by(seen), act=clock.act(OP))
    assert seen == []


def test_a_contact_submitted_by_an_earlier_holder_is_not_approved_for_the_next() -> None:
    """R9, R17 (2021 Art 11): a transfer changes the subject; a contact the earlier holder
    submitted is refused rather than filed under the new one."""
    account, clock = given(verify)
    account.change_contact("13900139000", sealed_by([]), act=clock.act(OP))
    for step in ("apply_transfer", "verify_transferee", "approve_transfer"):
        CALLS[step](account, clock)
    with pytest.raises(RuleViolation) as refused:
        account.approve_profile_change("contact", act=clock.act(R))
    assert refused.value.rule == "detail-holder"


def test_a_snapshot_from_before_details_changes_loads_with_none_pending() -> None:
    """R16, R18: `upcast_v5_v6` gives an older snapshot what the new rules read."""
    state: dict[str, Any] = {"status_since": None}
    Account.upcast_v5_v6(state)
    assert state["detail_changes"] == {} and state["sealed_contact"] is None
    assert state["reinstatement_request"] is None


def test_detail_changes_replay_to_the_same_details() -> None:
    """R16, R18: the events alone rebuild the details and what awaits review."""
    clock = Clock()
    account = registered(clock)
    for step in (verify, change("operating_place", "Chengdu"), approve("operating_place")):
        step(account, clock)
    change("content_category", "tea")(account, clock)
    again = replayed(account.collect_events())
    assert again.details == account.details and again.details["operating_place"] == "Chengdu"
    assert again.detail_changes == {"content_category": {"value": "tea"}}


def test_a_value_that_folding_lengthens_past_the_bound_is_refused() -> None:
    """R2 (2021 Art 15): hostile input is bounded after folding too; one U+FDFA folds to
    18 characters."""
    account, clock = given(verify)
    with pytest.raises(RuleViolation) as refused:
        account.change_detail("content_category", "\ufdfa" * 30, act=clock.act(OP))
    assert (refused.value.rule, refused.value.field) == ("text-length", "content_category")
    assert account.collect_events() == []
