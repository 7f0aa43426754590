"""Erasure and least exposure without I/O: holdings read off a history, the retention
rule, who may erase and who may see personal information (R16, R17)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from accountledger.domain.account import Account, SubjectRef
from accountledger.domain.act import Act, Role
from accountledger.domain.authority import PERSONAL_INFORMATION_ROLES, authorise_disclosure
from accountledger.domain.erasure import Holding, SubjectErasure, check_erasable, holding
from accountledger.domain.errors import RuleViolation
from accountledger.domain.rules import DEFAULT_RULES, LedgerRules
from tests.domain.given import ACCEPT, GROUNDS, START, Clock

ALICE, BOB = "s-alice", "s-bob"
ERASURE: dict[str, Any] = {"reason": "the subject asked", "basis": ("2022-16", "2021-6")}


def _recorded(*steps: Any) -> list[Any]:
    """Every event of an account registered by s-alice, then taken through `steps`."""
    clock = Clock()
    account = Account.register(
        name="Ann's Garden",
        avatar="",
        introduction="",
        subject=SubjectRef(kind="id_card", ref=ALICE, sealed="v1:sealed"),
        details={"nature": "individual"},
        verdicts={f: ACCEPT for f in ("name", "avatar", "introduction")},
        act=clock.act(Role.PLATFORM),
    )
    for step in steps:
        step(account, clock)
    return list(account.collect_events())


def verify(a: Account, c: Clock) -> None:
    a.verify_identity(act=c.act(Role.REVIEWER))


def warn(a: Account, c: Clock) -> None:
    a.warn(act=c.act(Role.MODERATOR, **GROUNDS))


def close(a: Account, c: Clock) -> None:
    a.close(act=c.act(Role.MODERATOR, **GROUNDS))


def later(days: int) -> Any:
    def step(_a: Account, c: Clock) -> None:
        c.now += timedelta(days=days)

    return step


def transfer_to_bob(a: Account, c: Clock) -> None:
    a.apply_transfer(SubjectRef("id_card", BOB, "v1:bob"), act=c.act(Role.PLATFORM))
    a.verify_transferee(act=c.act(Role.REVIEWER))
    a.approve_transfer(act=c.act(Role.REVIEWER))


def act(days: float = 0, role: Role = Role.COMPLIANCE, **grounds: Any) -> Act:
    fields = ERASURE | grounds
    return Act("c-1", role, START + timedelta(days=days), **fields)


def test_a_live_account_is_held_without_an_end() -> None:
    """R16: verified and warned, still live: no end, the warning is its last measure."""
    events = _recorded(verify, warn)
    held = holding(ALICE, "a-1", events)
    assert held == Holding("a-1", None, events[-1].act.occurred_at)
    assert holding(BOB, "a-1", events) is None


def test_a_closed_account_ended_when_it_was_closed() -> None:
    """R16: the closure is both the end and the last measure."""
    events = _recorded(verify, warn, later(10), close)
    held = holding(ALICE, "a-1", events)
    assert held is not None
    assert held.ended_at == held.last_measure_at == events[-1].act.occurred_at


def test_a_transfer_ends_the_previous_holders_holding_and_starts_the_next() -> None:
    """R9, R16: the account stays live under the transferee; alice's holding ended then."""
    events = _recorded(verify, warn, transfer_to_bob, warn)
    approved = next(e for e in events if type(e).__name__ == "TransferApproved")
    mine = holding(ALICE, "a-1", events)
    theirs = holding(BOB, "a-1", events)
    assert mine is not None and theirs is not None
    assert mine.ended_at == approved.act.occurred_at
    assert mine.last_measure_at == events[2].act.occurred_at  # bob's warning is not hers
    assert theirs.ended_at is None and theirs.last_measure_at == events[-1].act.occurred_at


def test_erasure_is_refused_while_the_subject_holds_a_live_account() -> None:
    """R16, R17: real-name authentication needs the identity of a live account (2021-8)."""
    with pytest.raises(RuleViolation) as refused:
        check_erasable([Holding("a-1", None, None)], START + timedelta(days=999), DEFAULT_RULES)
    assert (refused.value.rule, refused.value.field) == ("live-account", "subject")
    assert refused.value.article == "2021-8" and "a-1" in refused.value.message


@pytest.mark.parametrize(
    ("ended", "measured", "article"),
    [(100, None, "2017-16"), (300, 100, "2021-19")],
)
def test_erasure_is_refused_within_the_retention_period_naming_the_article(
    ended: int, measured: int | None, article: str
) -> None:
    """R16: an account that ended, or had a measure, less than six months ago keeps its records."""
    now = START + timedelta(days=365)
    last = None if measured is None else now - timedelta(days=measured)
    held = Holding("a-1", now - timedelta(days=ended), last)
    with pytest.raises(RuleViolation) as refused:
        check_erasable([held], now, DEFAULT_RULES)
    assert (refused.value.rule, refused.value.field) == ("record-retention", "subject")
    assert refused.value.article == article
    assert "6 calendar months" in refused.value.message


def test_the_retention_period_is_a_setting_with_six_months_by_default() -> None:
    """R16: 2017 Art 16's six months is the default; the platform may keep longer."""
    now = START + timedelta(days=365)
    held = [Holding("a-1", now - timedelta(days=185), now - timedelta(days=185))]
    check_erasable(held, now, DEFAULT_RULES)
    with pytest.raises(RuleViolation, match="kept 12 calendar months"):
        check_erasable(held, now, LedgerRules(record_retention_months=12))
    assert DEFAULT_RULES.record_retention_months == 6


def test_only_compliance_may_erase_and_only_with_reason_and_basis() -> None:
    """R17: the erasure is a decision with its grounds; compliance decides it."""
    erase = SubjectErasure.erase
    with pytest.raises(RuleViolation) as refused:
        erase(
            subject_ref=ALICE,
            fingerprint="f1",
            holdings=[],
            act=act(role=Role.MODERATOR),
            rules=DEFAULT_RULES,
        )
    assert refused.value.rule == "role"
    for missing in ("reason", "basis"):
        blank: dict[str, Any] = {missing: "" if missing == "reason" else ()}
        with pytest.raises(RuleViolation) as refused:
            erase(
                subject_ref=ALICE,
                fingerprint="f1",
                holdings=[],
                act=act(**blank),
                rules=DEFAULT_RULES,
            )
        assert (refused.value.rule, refused.value.field) == ("erasure-grounds", missing)
        assert refused.value.article == "2022-16"


def test_an_erasure_records_its_act_and_names_the_key_it_destroys() -> None:
    """R16, R17: who, when, on which articles; a repeat for the same key is refused."""
    held = [Holding("a-1", START - timedelta(days=400), None)]
    erasure = SubjectErasure.erase(
        subject_ref=ALICE, fingerprint="f1", holdings=held, act=act(), rules=DEFAULT_RULES
    )
    (recorded,) = erasure.collect_events()
    assert type(recorded).__name__ == "SubjectErased"
    assert recorded.act.basis == ("2022-16", "2021-6") and recorded.accounts == ["a-1"]
    assert erasure.covers("f1") and not erasure.covers("f2") and not erasure.covers(None)
    with pytest.raises(RuleViolation) as refused:
        erasure.erase_again(fingerprint="f1", holdings=held, act=act(1), rules=DEFAULT_RULES)
    assert (refused.value.rule, refused.value.article) == ("erased-once", "2022-16")
    erasure.erase_again(fingerprint="f2", holdings=held, act=act(1), rules=DEFAULT_RULES)
    assert [type(e).__name__ for e in erasure.collect_events()] == ["SubjectErasedAgain"]
    assert erasure.covers("f2") and erasure.last["erased_at"] == START + timedelta(days=1)


@pytest.mark.parametrize("role", list(Role))
def test_personal_information_is_shown_only_to_compliance_and_regulators(role: Role) -> None:
    """R17: least exposure, decided in one place (2022-16)."""
    if role in (Role.COMPLIANCE, Role.REGULATOR):
        authorise_disclosure(role)
        assert role in PERSONAL_INFORMATION_ROLES
        return
    with pytest.raises(RuleViolation) as refused:
        authorise_disclosure(role)
    assert (refused.value.rule, refused.value.field) == ("role", "actor")
    assert refused.value.article == "2022-16"
