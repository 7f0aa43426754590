"""Subjects across accounts: blacklist and the per-subject limit (R4, R7, R9)."""

from __future__ import annotations

import pytest

from accountledger.application.commands import (
    ApplyTransfer,
    ApproveTransfer,
    Blacklist,
    Close,
    RefuseRegistration,
    SubmitQualification,
    VerifyQualification,
    VerifyTransferee,
)
from accountledger.application.identity import Identity
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Role
from accountledger.domain.errors import RuleViolation
from tests.application.helpers import GROUNDS, Desk, id_card


def test_blacklisted_subject_cannot_register(ledger: Ledger) -> None:
    """R4: a blacklisted subject cannot register again."""
    desk = Desk(ledger)
    account = desk.active("Rumour Mill", serial=7)
    desk.do(Blacklist(account_id=account), Role.MODERATOR, **GROUNDS)
    with pytest.raises(RuleViolation) as refused:
        desk.register("Fresh Start", serial=7)
    assert refused.value.rule == "blacklisted-subject"
    assert refused.value.article == "2021-19"


def test_blacklisting_a_closed_account_bars_its_subject(ledger: Ledger) -> None:
    desk = Desk(ledger)
    account = desk.active("Gone Quiet", serial=8)
    desk.do(Close(account_id=account), Role.MODERATOR, **GROUNDS)
    desk.do(Blacklist(account_id=account), Role.MODERATOR, **GROUNDS)
    with pytest.raises(RuleViolation, match="blacklisted"):
        desk.register("Another Try", serial=8)


def test_subject_holds_at_most_the_configured_number_of_accounts(ledger: Ledger) -> None:
    """R7: the fixture's limit is two accounts per subject."""
    desk = Desk(ledger)
    desk.register("First Shop", serial=5)
    desk.register("Second Shop", serial=5)
    with pytest.raises(RuleViolation) as refused:
        desk.register("Third Shop", serial=5)
    assert refused.value.rule == "accounts-per-subject"
    assert refused.value.article == "2021-10"


def test_an_ended_account_no_longer_counts_towards_the_limit(ledger: Ledger) -> None:
    """R7 counts live accounts only."""
    desk = Desk(ledger)
    first = desk.register("First Stall", serial=6)
    desk.register("Second Stall", serial=6)
    desk.do(RefuseRegistration(account_id=first), Role.REVIEWER, reason="incomplete identity")
    assert ledger.account(desk.register("Third Stall", serial=6)).status == "pending"


def test_transferee_over_the_limit_is_refused_and_nothing_changes(ledger: Ledger) -> None:
    """R9 with R7: the transferee is checked like a new registrant."""
    desk = Desk(ledger)
    desk.register("Buyer One", serial=9)
    desk.register("Buyer Two", serial=9)
    account = desk.active("For Sale", serial=1)
    desk.do(
        ApplyTransfer(account_id=account, transferee=Identity("id_card", id_card(9))), Role.OPERATOR
    )
    version = ledger.account(account).version
    with pytest.raises(RuleViolation, match="limit"):
        desk.do(VerifyTransferee(account_id=account), Role.REVIEWER)
    assert ledger.account(account).version == version


def test_approved_transfer_moves_the_account_to_the_transferee(ledger: Ledger) -> None:
    """R9: approval changes the subject; the old subject's count drops."""
    desk = Desk(ledger)
    account = desk.active("Kite Runner Club", serial=1)
    desk.register("Second Club", serial=1)
    before = ledger.account(account).subject_ref
    desk.do(
        ApplyTransfer(account_id=account, transferee=Identity("id_card", id_card(2))), Role.OPERATOR
    )
    desk.do(VerifyTransferee(account_id=account), Role.REVIEWER)
    desk.do(ApproveTransfer(account_id=account), Role.REVIEWER)
    after = ledger.account(account)
    assert after.subject_ref != before and after.transfer is None
    desk.register("Third Club", serial=1)  # the old subject is back under its limit


def test_transferee_of_a_marked_account_must_show_the_qualification(ledger: Ledger) -> None:
    """R9 with R5: the transferee is checked for the qualification of the account's field."""
    desk = Desk(ledger)
    account = desk.active("Law Notes", serial=1)
    desk.do(
        SubmitQualification(account_id=account, field="justice", credential="credential://bar-1"),
        Role.OPERATOR,
    )
    desk.do(
        VerifyQualification(account_id=account, field="justice", mark="法律认证"), Role.REVIEWER
    )
    desk.do(
        ApplyTransfer(account_id=account, transferee=Identity("id_card", id_card(4))), Role.OPERATOR
    )
    with pytest.raises(RuleViolation) as refused:
        desk.do(VerifyTransferee(account_id=account), Role.REVIEWER)
    assert refused.value.rule == "transferee-qualification" and refused.value.article == "2021-9"
    desk.do(
        VerifyTransferee(account_id=account, credentials={"justice": "credential://bar-2"}),
        Role.REVIEWER,
    )
    desk.do(ApproveTransfer(account_id=account), Role.REVIEWER)
    assert ledger.account(account).qualifications["justice"]["credential"] == "credential://bar-2"


def test_blacklisted_transferee_is_refused(ledger: Ledger) -> None:
    """R9 with R4: a blacklisted subject cannot take over an account either."""
    desk = Desk(ledger)
    banned = desk.active("Banned Shop", serial=6)
    desk.do(Blacklist(account_id=banned), Role.MODERATOR, **GROUNDS)
    account = desk.active("Clean Shop", serial=1)
    desk.do(
        ApplyTransfer(account_id=account, transferee=Identity("id_card", id_card(6))), Role.OPERATOR
    )
    with pytest.raises(RuleViolation) as refused:
        desk.do(VerifyTransferee(account_id=account), Role.REVIEWER)
    assert refused.value.rule == "blacklisted-subject"
    assert ledger.account(account).transfer is not None  # nothing changed
