"""Credit (R11): false information lowers the tier once per case, an appeal gives back
what a case took, account information counts (2022 Art 18), repeated false information
may blacklist, and the tier gates holding several accounts (R7)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.application import appeals
from accountledger.application.commands import ChangeCreditTier, Restrict, Suspend, Warn
from accountledger.application.ledger import Ledger, Recorded
from accountledger.domain.act import Role
from accountledger.domain.appeals import Appeal
from accountledger.domain.errors import RuleViolation
from accountledger.domain.rules import LedgerRules
from tests.application.conftest import ledger_on
from tests.application.helpers import Desk

FALSE_INFO = {"reason": "fabricated a rumour", "basis": ("2021-19",), "violation": ("2021-18-6",)}
OTHER = {"reason": "cyber-violence", "basis": ("2021-19",), "violation": ("2021-18-5",)}
IMPERSONATION = {
    "reason": "named itself after the county government",
    "basis": ("2022-17",),
    "violation": ("2022-8-2",),
}


def test_false_information_lowers_the_credit_tier_in_the_same_save(ledger: Ledger) -> None:
    """R11: producing false information lowers the rating, recorded by the system."""
    desk = Desk(ledger)
    account = desk.active("Rumour Desk")
    recorded = desk.do(Warn(account_id=account), Role.MODERATOR, **FALSE_INFO)
    assert recorded.events == ("Warned", "CreditTierChanged")
    assert ledger.account(account).credit_tier == "C"
    lowered = ledger.history(account)[-1]
    assert lowered.act.actor_role is Role.SYSTEM and lowered.act.basis == ("2021-13",)


def test_other_violations_leave_the_tier_alone(ledger: Ledger) -> None:
    """R11 concerns false information only."""
    desk = Desk(ledger)
    account = desk.active("Loud Desk")
    assert desk.do(Warn(account_id=account), Role.MODERATOR, **OTHER).events == ("Warned",)
    assert ledger.account(account).credit_tier == "B"


def test_repeated_false_information_blacklists_when_configured() -> None:
    """R11: repeated false information may blacklist the operator."""
    rules = LedgerRules(blacklist_after_false_information=2)
    ledger = open_ledger(Settings(store="memory:", rules=rules))
    desk = Desk(ledger)
    account = desk.active("Serial Rumours")
    desk.do(Warn(account_id=account), Role.MODERATOR, **FALSE_INFO)
    recorded = desk.do(Warn(account_id=account), Role.MODERATOR, **FALSE_INFO)
    assert recorded.events == ("Warned", "CreditTierChanged", "Blacklisted")
    with pytest.raises(RuleViolation, match="blacklisted"):
        desk.register("Fresh Start", serial=1)
    ledger.close()


def test_a_low_tier_subject_cannot_hold_several_accounts(ledger: Ledger) -> None:
    """R7, R11: extra checks on credit for a subject applying for several accounts
    (2021 Art 10; hierarchical management by credit, 2021 Art 7)."""
    desk = Desk(ledger)
    account = desk.active("First Desk", serial=3)
    desk.do(ChangeCreditTier(account_id=account, tier="D"), Role.SYSTEM)
    with pytest.raises(RuleViolation) as refused:
        desk.register("Second Desk", serial=3)
    assert refused.value.rule == "credit-tier" and refused.value.article == "2021-10"
    desk.do(ChangeCreditTier(account_id=account, tier="B"), Role.SYSTEM)
    assert ledger.account(desk.register("Second Desk", serial=3)).status == "pending"


# ------------------------------------------------------------ credit follows cases


@pytest.fixture(params=["sqlite", "postgres"])
def blacklisting(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Ledger]:
    """A ledger that blacklists after false information in two cases, on each store."""
    rules = LedgerRules(blacklist_after_false_information=2)
    with ledger_on(request.param, tmp_path, rules) as app:
        yield app


def in_case(case: str, grounds: dict[str, Any] = FALSE_INFO) -> dict[str, Any]:
    return {**grounds, "case_id": case}


def record_of(recorded: Recorded) -> str:
    (record,) = recorded.records
    return record


def overturn(desk: Desk, record: str, outcome: str = "overturned") -> Recorded:
    """An operator appeals `record`, an independent reviewer overturns (or varies) it."""
    ledger = desk.ledger
    appeal = appeals.file(ledger, record, "it was satire", desk.act(Role.OPERATOR))
    appeals.assign(ledger, appeal.id, "ar-2", desk.act(Role.APPEAL_REVIEWER))
    act = desk.act(Role.APPEAL_REVIEWER, "ar-2", reason="the post was labelled satire")
    until = desk.now + timedelta(days=1) if outcome == "varied" else None
    _, reversal = appeals.decide(ledger, appeal.id, outcome, until, act)
    assert reversal is not None
    return reversal


def credit_events(ledger: Ledger, account: UUID) -> list[Any]:
    return [e for e in ledger.history(account) if type(e).__name__ == "CreditTierChanged"]


def test_two_measures_in_one_case_lower_the_tier_once(ledger: Ledger) -> None:
    """R11, 2021 Art 13: a warning and a suspension for the same false information (one
    case) lower the tier once; the stored lowering names the case."""
    desk = Desk(ledger)
    account = desk.active("One Case Desk")
    desk.do(Warn(account_id=account), Role.MODERATOR, **in_case("c-1"))
    recorded = desk.do(Suspend(account_id=account), Role.MODERATOR, **in_case("c-1"))
    assert recorded.events == ("Suspended",)
    assert ledger.account(account).credit_tier == "C"
    (lowered,) = credit_events(ledger, account)
    assert (lowered.case, lowered.steps, lowered.act.case_id) == ("c-1", 1, "c-1")


def test_two_cases_lower_the_tier_twice(ledger: Ledger) -> None:
    """R11: two cases of false information, two lowerings."""
    desk = Desk(ledger)
    account = desk.active("Two Case Desk")
    desk.do(Warn(account_id=account), Role.MODERATOR, **in_case("c-1"))
    desk.do(Warn(account_id=account), Role.MODERATOR, **in_case("c-2"))
    assert ledger.account(account).credit_tier == "D"
    assert [e.case for e in credit_events(ledger, account)] == ["c-1", "c-2"]


def test_overturning_the_only_measure_of_a_case_restores_the_tier(ledger: Ledger) -> None:
    """R11, R15: the appeal's decision gives back the tier in the same save, by a new
    event citing the appeal; the lowering stays in history (R16)."""
    desk = Desk(ledger)
    account = desk.active("Overturned Desk")
    record = record_of(desk.do(Warn(account_id=account), Role.MODERATOR, **in_case("c-1")))
    reversal = overturn(desk, record)
    assert reversal.events == ("MeasureReversed", "CreditTierChanged")
    assert ledger.account(account).credit_tier == "B"
    lowered, given_back = credit_events(ledger, account)
    assert lowered.tier == "C"
    assert (given_back.case, given_back.steps, given_back.tier) == ("c-1", -1, "B")
    assert given_back.act.case_id == str(Appeal.create_id(record))
    assert ledger.account(account).credit_cases == {}


def test_overturning_one_of_two_measures_of_a_case_keeps_the_tier(ledger: Ledger) -> None:
    """R11: the case's other measure still stands, so nothing is given back."""
    desk = Desk(ledger)
    account = desk.active("Half Overturned")
    record = record_of(desk.do(Warn(account_id=account), Role.MODERATOR, **in_case("c-1")))
    desk.do(Suspend(account_id=account), Role.MODERATOR, **in_case("c-1"))
    assert overturn(desk, record).events == ("MeasureReversed",)
    assert ledger.account(account).credit_tier == "C"


def test_a_varied_restriction_gives_its_case_tier_back(ledger: Ledger) -> None:
    """R11, R15: a measure varied on appeal restores what its case took."""
    desk = Desk(ledger)
    account = desk.active("Varied Desk")
    restrict = Restrict(account_id=account, functions=("comment",))
    record = record_of(desk.do(restrict, Role.MODERATOR, **in_case("c-4")))
    assert overturn(desk, record, "varied").events == ("MeasureReversed", "CreditTierChanged")
    assert ledger.account(account).credit_tier == "B"


def test_a_2022_art_8_violation_lowers_the_tier(ledger: Ledger) -> None:
    """R11, 2022 Arts 8 and 18: account information impersonating a government organ
    lowers the tier by `account_information_steps`, citing 2022 Art 18."""
    desk = Desk(ledger)
    account = desk.active("County Bureau Fan")
    recorded = desk.do(Warn(account_id=account), Role.MODERATOR, **in_case("c-8", IMPERSONATION))
    assert recorded.events == ("Warned", "CreditTierChanged")
    (lowered,) = credit_events(ledger, account)
    assert lowered.tier == "C" and lowered.act.basis == ("2022-18",)


def test_blacklisting_counts_cases_not_measures(blacklisting: Ledger) -> None:
    """R11: two measures in one case are one case of false information; a second case
    reaches `blacklist_after_false_information` and blacklists."""
    desk = Desk(blacklisting)
    account = desk.active("Serial Case Desk")
    desk.do(Warn(account_id=account), Role.MODERATOR, **in_case("c-1"))
    again = desk.do(Warn(account_id=account), Role.MODERATOR, **in_case("c-1"))
    assert again.events == ("Warned",) and again.status == "active"
    second = desk.do(Warn(account_id=account), Role.MODERATOR, **in_case("c-2"))
    assert second.events == ("Warned", "CreditTierChanged", "Blacklisted")
