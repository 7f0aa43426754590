"""Credit (R11): false information lowers the tier, repeated may blacklist, and the tier
gates holding several accounts (R7)."""

from __future__ import annotations

import pytest

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.application.commands import ChangeCreditTier, Warn
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Role
from accountledger.domain.errors import RuleViolation
from accountledger.domain.rules import LedgerRules
from tests.application.helpers import Desk

FALSE_INFO = {"reason": "fabricated a rumour", "basis": ("2021-19",), "violation": ("2021-18-6",)}
OTHER = {"reason": "cyber-violence", "basis": ("2021-19",), "violation": ("2021-18-5",)}


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
    """R7, R11: extra checks on credit for a subject applying for several accounts."""
    desk = Desk(ledger)
    account = desk.active("First Desk", serial=3)
    desk.do(ChangeCreditTier(account_id=account, tier="D"), Role.SYSTEM)
    with pytest.raises(RuleViolation) as refused:
        desk.register("Second Desk", serial=3)
    assert refused.value.rule == "credit-tier" and refused.value.article == "2021-10"
    desk.do(ChangeCreditTier(account_id=account, tier="B"), Role.SYSTEM)
    assert ledger.account(desk.register("Second Desk", serial=3)).status == "pending"
