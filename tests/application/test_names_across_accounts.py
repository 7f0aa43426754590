"""Names across accounts: unique while live, barred for ever after closure (R3, R4)."""

from __future__ import annotations

import pytest

from accountledger.application.commands import (
    Blacklist,
    ChangeName,
    Close,
    Deregister,
    RefuseRegistration,
    RequestTermination,
    VerifyIdentity,
)
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Role
from accountledger.domain.errors import RuleViolation
from tests.application.helpers import GROUNDS, Desk


def test_live_account_name_is_unique(ledger: Ledger) -> None:
    desk = Desk(ledger)
    desk.register("Ann's Garden", serial=1)
    with pytest.raises(RuleViolation) as refused:
        desk.register("ann’s   GARDEN", serial=2)
    assert refused.value.rule == "unique-name" and refused.value.field == "name"


def test_full_width_and_spaced_forms_are_the_same_name(ledger: Ledger) -> None:
    """R4: normalisation folds full-width forms, case, spaces and punctuation."""
    desk = Desk(ledger)
    desk.register("Tea Travel", serial=1)
    with pytest.raises(RuleViolation, match="held by another"):
        desk.register("ＴＥＡ　ｔｒａｖｅｌ！", serial=2)


def test_closed_account_name_cannot_be_registered_again(ledger: Ledger) -> None:
    """R4: a name of an account closed under law or agreement is never registered again."""
    desk = Desk(ledger)
    account = desk.active("山城徒步", serial=1)
    desk.do(Close(account_id=account), Role.MODERATOR, **GROUNDS)
    with pytest.raises(RuleViolation) as refused:
        desk.register("山城 徒步", serial=2)
    assert refused.value.rule in {"barred-name", "name-policy:barred-name"}
    assert refused.value.article == "2021-8"


def test_blacklisted_account_name_is_barred_too(ledger: Ledger) -> None:
    """R4: blacklisting bars the name as closure does."""
    desk = Desk(ledger)
    account = desk.active("Rumour Mill", serial=1)
    desk.do(Blacklist(account_id=account), Role.MODERATOR, **GROUNDS)
    with pytest.raises(RuleViolation):
        desk.register("Rumour Mill", serial=3)


def test_name_closely_associated_with_a_barred_name_goes_to_review(ledger: Ledger) -> None:
    """R4: a closely associated name needs review; a reviewer must verify it."""
    desk = Desk(ledger)
    account = desk.active("Harbor Sunsets", serial=1)
    desk.do(Close(account_id=account), Role.MODERATOR, **GROUNDS)
    lookalike = desk.register("Harbor Sunsets Official", serial=2)
    findings = ledger.account(lookalike).review
    assert any(f["rule"] == "associated-with-barred-name" for f in findings)
    with pytest.raises(RuleViolation) as refused:
        desk.do(VerifyIdentity(account_id=lookalike), Role.PLATFORM)
    assert refused.value.rule == "name-review"
    desk.do(VerifyIdentity(account_id=lookalike), Role.REVIEWER)
    assert ledger.account(lookalike).status == "active"


def test_refused_registration_frees_the_name(ledger: Ledger) -> None:
    desk = Desk(ledger)
    account = desk.register("Quiet Harbor", serial=1)
    desk.do(RefuseRegistration(account_id=account), Role.REVIEWER, reason="borrowed identity")
    assert ledger.account(desk.register("Quiet Harbor", serial=2)).status == "pending"


def test_own_termination_frees_the_name_but_a_measure_bars_it(ledger: Ledger) -> None:
    """R4 bars names closed under law or agreement; R10 own termination is neither."""
    desk = Desk(ledger)
    own = desk.active("Old Maps", serial=1)
    desk.do(RequestTermination(account_id=own), Role.OPERATOR)
    desk.register("Old Maps", serial=2)
    measured = desk.active("New Maps", serial=3)
    desk.do(Deregister(account_id=measured), Role.MODERATOR, **GROUNDS)
    with pytest.raises(RuleViolation):
        desk.register("New Maps", serial=4)


def test_rename_releases_the_old_name_and_claims_the_new(ledger: Ledger) -> None:
    """R3: a name change is reviewed and keeps names unique."""
    desk = Desk(ledger)
    first = desk.active("Daily Sketch", serial=1)
    desk.do(ChangeName(account_id=first, value="Weekly Sketch"), Role.OPERATOR)
    desk.register("Daily Sketch", serial=2)
    second = desk.active("Monthly Sketch", serial=3)
    with pytest.raises(RuleViolation, match="held by another"):
        desk.do(ChangeName(account_id=second, value="Weekly Sketch"), Role.OPERATOR)


def test_rejected_name_change_records_nothing(ledger: Ledger) -> None:
    """R3: a name the policy rejects never becomes an event."""
    desk = Desk(ledger)
    account = desk.active("Piano Corner", serial=1)
    version = ledger.account(account).version
    with pytest.raises(RuleViolation) as refused:
        desk.do(ChangeName(account_id=account, value="Piano News Daily"), Role.OPERATOR)
    assert refused.value.field == "name" and refused.value.article == "2022-8-4"
    assert ledger.account(account).version == version
