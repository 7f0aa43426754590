"""Qualifications gate service and stay alive (R5; 2021 Art 9, 2022 Art 11).

An account registered in a content category of a regulated field goes active only with
that field's mark verified; a mark may carry an expiry and may be withdrawn (dynamic
verification, 2021 Art 9 ¶3), and an account whose own field loses its mark leaves
service until a new verification.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from accountledger.domain.account import Account
from accountledger.domain.act import Role
from accountledger.domain.deadlines import due
from accountledger.domain.errors import InvalidInput, RuleViolation
from accountledger.domain.rules import DEFAULT_RULES, LedgerRules
from tests.domain.given import ACCEPT, GROUNDS, Clock, subject, when

R, OP, S, M = Role.REVIEWER, Role.OPERATOR, Role.SYSTEM, Role.MODERATOR
WITHDRAWAL: dict[str, Any] = {"reason": "licence revoked", "basis": ("2021-9",)}


def registered_in(category: str, clock: Clock) -> Account:
    account = Account.register(
        name="Dr Lin on Health",
        avatar="avatar://1",
        introduction="Evidence first.",
        subject=subject(),
        details={"nature": "individual", "content_category": category},
        verdicts={f: ACCEPT for f in ("name", "avatar", "introduction")},
        act=clock.act(Role.PLATFORM),
    )
    account.collect_events()
    return account


def qualified(account: Account, clock: Clock, field: str = "health", **expiry: Any) -> None:
    account.submit_qualification(field, f"credential://{field}", act=clock.act(OP))
    expires = clock.now + expiry["days"] if "days" in expiry else None
    account.verify_qualification(field, "", expires, act=clock.act(R, basis=("2021-9",)))
    account.collect_events()


def active_in_health(clock: Clock, **expiry: Any) -> Account:
    account = registered_in("health", clock)
    qualified(account, clock, **expiry)
    account.verify_identity(act=clock.act(R))
    account.collect_events()
    return account


def test_an_account_registered_in_health_cannot_go_active_until_its_qualification_is_verified() -> (
    None
):
    """R5, 2021 Art 9: identity verified is not enough in a regulated field; the refusal
    names the rule and article and records nothing; the verified mark opens service."""
    clock = Clock()
    account = registered_in("health", clock)
    with pytest.raises(RuleViolation) as refused:
        account.verify_identity(act=clock.act(R))
    assert (refused.value.rule, refused.value.field, refused.value.article) == (
        "qualification-required",
        "content_category",
        "2021-9",
    )
    assert account.collect_events() == [] and account.status == "pending"
    qualified(account, clock)
    assert when(account, clock, lambda a, c: a.verify_identity(act=c.act(R))) == [
        "IdentityVerified"
    ]
    assert account.status == "active"


def test_a_rejected_or_other_fields_qualification_does_not_open_service() -> None:
    """R5, 2021 Art 9: only the mark of the account's own field counts."""
    clock = Clock()
    account = registered_in("Medical Care", clock)
    qualified(account, clock, field="economy")
    account.submit_qualification("health", "credential://h", act=clock.act(OP))
    account.reject_qualification("health", act=clock.act(R))
    with pytest.raises(RuleViolation, match="qualification-required"):
        account.verify_identity(act=clock.act(R))


def test_a_mark_past_its_expiry_does_not_open_service() -> None:
    """R5, 2021 Art 9 ¶3: an expired mark is no mark, even before a sweep records it."""
    clock = Clock()
    account = registered_in("health", clock)
    qualified(account, clock, days=timedelta(days=10))
    clock.now += timedelta(days=11)
    with pytest.raises(RuleViolation, match="qualification-required"):
        account.verify_identity(act=clock.act(R))


def test_an_account_outside_the_regulated_fields_goes_active_as_before() -> None:
    """R1, R5: a lifestyle account needs no qualification."""
    clock = Clock()
    account = registered_in("lifestyle", clock)
    assert when(account, clock, lambda a, c: a.verify_identity(act=c.act(R))) == [
        "IdentityVerified"
    ]


@pytest.mark.parametrize(
    ("category", "field"),
    [
        ("health", "health"),
        ("Medical Care", "health"),
        ("medical-care", "health"),
        ("ＭＥＤＩＣＡＬ", "health"),
        ("医疗健康", "health"),
        ("Finance", "economy"),
        ("law", "justice"),
        ("teaching", "education"),
        ("lifestyle", None),
        ("", None),
    ],
)
def test_content_categories_map_to_regulated_fields_by_rule_data(
    category: str, field: str | None
) -> None:
    """R5, 2021 Art 9: the mapping is configuration (`qualified_categories`), folded."""
    assert DEFAULT_RULES.regulated_field(category) == field


def test_a_mapping_to_an_unknown_field_is_refused_when_the_rules_are_made() -> None:
    """R5, 2021 Art 9: the fields are the article's four."""
    with pytest.raises(InvalidInput) as refused:
        LedgerRules(qualified_categories=(("astrology", "occult"),))
    assert refused.value.rule == "qualification-field"
    custom = LedgerRules(qualified_categories=(("astrology", "economy"),))
    assert custom.regulated_field("Astrology") == "economy"
    assert custom.regulated_field("health") is None


def test_withdrawing_the_own_fields_mark_suspends_until_a_new_verification() -> None:
    """R5, 2021 Art 9 ¶3: the mark goes, the account leaves service with the withdrawal as
    its basis, and a new verification of the field returns it to service."""
    clock = Clock()
    account = active_in_health(clock)
    withdraw = lambda a, c: a.withdraw_qualification("health", act=c.act(R, **WITHDRAWAL))  # noqa: E731
    assert when(account, clock, withdraw) == ["QualificationWithdrawn"]
    assert account.status == "suspended" and account.qualification_hold == "health"
    assert account.qualifications["health"]["status"] == "withdrawn"
    with pytest.raises(RuleViolation, match="qualification-required"):
        account.reinstate(act=clock.act(M))
    assert account.collect_events() == []
    qualified(account, clock)
    assert account.status == "active" and account.qualification_hold is None


def test_withdrawing_another_fields_mark_leaves_the_account_in_service() -> None:
    """R5, 2021 Art 9 ¶3: a lifestyle account with an economy mark only loses the mark."""
    clock = Clock()
    account = registered_in("lifestyle", clock)
    account.verify_identity(act=clock.act(R))
    qualified(account, clock, field="economy")
    account.withdraw_qualification("economy", act=clock.act(R, **WITHDRAWAL))
    assert account.status == "active" and account.qualification_hold is None


@pytest.mark.parametrize("missing", ["reason", "basis"])
def test_a_withdrawal_needs_a_reason_and_a_basis(missing: str) -> None:
    """R5, R13, 2021 Art 9 ¶3: a withdrawal says why and on what basis."""
    clock = Clock()
    account = active_in_health(clock)
    grounds = {**WITHDRAWAL, missing: "" if missing == "reason" else ()}
    with pytest.raises(RuleViolation) as refused:
        account.withdraw_qualification("health", act=clock.act(R, **grounds))
    assert (refused.value.rule, refused.value.field) == ("withdrawal-grounds", missing)
    assert account.collect_events() == [] and account.status == "active"


def test_only_a_verified_mark_can_be_withdrawn_and_only_by_review() -> None:
    """R5, 2021 Art 9 ¶3: nothing to withdraw is refused; a moderator may not withdraw."""
    clock = Clock()
    account = active_in_health(clock)
    with pytest.raises(RuleViolation, match="qualification-verified"):
        account.withdraw_qualification("economy", act=clock.act(R, **WITHDRAWAL))
    with pytest.raises(RuleViolation, match="role"):
        account.withdraw_qualification("health", act=clock.act(M, **WITHDRAWAL, violation=()))


@pytest.mark.parametrize("days", [0, -1, 3654])
def test_an_expiry_is_after_the_verification_and_within_the_longest_term(days: int) -> None:
    """R5, 2021 Art 9 ¶3: `expires` is bounded by `max_qualification_term`."""
    clock = Clock()
    account = registered_in("health", clock)
    account.submit_qualification("health", "credential://h", act=clock.act(OP))
    act = clock.act(R)
    with pytest.raises(RuleViolation) as refused:
        account.verify_qualification("health", "", act.occurred_at + timedelta(days=days), act=act)
    assert (refused.value.rule, refused.value.field, refused.value.article) == (
        "expiry",
        "expires",
        "2021-9",
    )


def test_the_sweep_finds_a_mark_past_its_expiry_and_records_it_expired() -> None:
    """R5, 2021 Art 9 ¶3: due at the expiry, recorded under the system actor; the account
    registered in that field is suspended; a second look finds nothing due."""
    clock = Clock()
    account = active_in_health(clock, days=timedelta(days=30))
    expires = account.qualifications["health"]["expires"]
    assert due(account, expires - timedelta(seconds=1), DEFAULT_RULES) == []
    [found] = due(account, expires + timedelta(days=1), DEFAULT_RULES)
    assert found.rule == "qualification-expired" and found.at == expires
    found.record(account, found.act(account))
    [event] = account.collect_events()
    assert type(event).__name__ == "QualificationExpired"
    assert event.act.actor_role is S and event.act.occurred_at == expires  # type: ignore[attr-defined]
    assert account.status == "suspended" and account.qualifications["health"]["status"] == "expired"
    assert due(account, expires + timedelta(days=1), DEFAULT_RULES) == []


def test_a_suspensions_term_does_not_return_an_account_whose_mark_lapsed() -> None:
    """R5, R12, 2021 Art 9 ¶3: a timed suspension ends, but the lapsed mark keeps the
    account out of service; once verified again the suspension's end is recorded."""
    clock = Clock()
    account = active_in_health(clock)
    account.suspend(clock.now + timedelta(days=5), act=clock.act(M, **GROUNDS))
    account.withdraw_qualification("health", act=clock.act(R, **WITHDRAWAL))
    later = clock.now + timedelta(days=10)
    assert due(account, later, DEFAULT_RULES) == []
    qualified(account, clock)
    assert account.status == "suspended"  # it was not the lapse that suspended it
    assert [d.rule for d in due(account, later, DEFAULT_RULES)] == ["suspension-expired"]


def test_an_explicit_expiry_is_refused_before_it_has_passed() -> None:
    """R5, 2021 Art 9 ¶3: `expire_qualification` records only what is due."""
    clock = Clock()
    account = active_in_health(clock, days=timedelta(days=30))
    with pytest.raises(RuleViolation, match="qualification-not-expired"):
        account.expire_qualification("health", act=clock.act(S))


def test_a_snapshot_from_before_qualification_holds_loads_with_none() -> None:
    """R16, R18: a version-4 snapshot's state is upcast with no hold."""
    state: dict[str, Any] = {"last_occurred_at": Clock().now, "status_since": Clock().now}
    Account.upcast_v4_v5(state)
    assert state["qualification_hold"] is None
