"""R13, R17: what a key may reach follows the subject's holdings across transfers
(2021 Arts 11, 20; 2022 Art 16), on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from accountledger.application.commands import ApplyTransfer, ApproveTransfer, VerifyTransferee
from accountledger.application.identity import Identity
from accountledger.application.ledger import Ledger
from accountledger.application.scope import Scope, require_bound
from accountledger.domain.act import Role
from accountledger.domain.errors import RuleViolation
from tests.application.helpers import Desk, id_card


def test_a_subject_scope_follows_the_account_across_a_transfer(ledger: Ledger) -> None:
    """R9, R13 (2021 Art 11): the seller's key reaches the account until the transfer is
    approved; then the buyer's key does and the seller's no longer."""
    desk = Desk(ledger)
    account = desk.active("Kite Runner Club", serial=1)
    seller = Scope(subject=ledger.account(account).subject_ref)
    buyer_identity = Identity("id_card", id_card(2))
    buyer = Scope(subject=ledger.vault.subject_ref(buyer_identity.kind, buyer_identity.number))
    assert seller.covers(account, ledger) and not buyer.covers(account, ledger)
    desk.do(ApplyTransfer(account_id=account, transferee=buyer_identity), Role.OPERATOR)
    desk.do(VerifyTransferee(account_id=account), Role.REVIEWER)
    desk.do(ApproveTransfer(account_id=account), Role.REVIEWER)
    assert buyer.covers(account, ledger)
    assert not seller.covers(account, ledger)
    with pytest.raises(RuleViolation) as refused:
        seller.check(account, ledger)
    assert refused.value.rule == "scope" and refused.value.article == "2021-11"


def test_named_accounts_reach_only_those_accounts(ledger: Ledger) -> None:
    """R13 (2022 Art 16): a key bound to accounts reaches nothing else, not even another
    account of the same subject, and registers nothing."""
    desk = Desk(ledger)
    first = desk.active("Kite Runner Club", serial=1)
    second = desk.register("Second Club", serial=1)
    scope = Scope(accounts=frozenset({str(first)}))
    assert scope.covers(first, ledger) and not scope.covers(second, ledger)
    assert not scope.covers_subject(ledger.account(first).subject_ref)
    rows = [{"account_id": str(first)}, {"account_id": str(second)}]
    assert scope.keep(rows, ledger) == [{"account_id": str(first)}]


def test_an_operator_key_must_be_bound_and_other_roles_may_be_unbounded() -> None:
    """R13 (2021 Art 20): an operator acts only for its own accounts."""
    with pytest.raises(RuleViolation) as refused:
        require_bound(Role.OPERATOR, Scope())
    assert refused.value.rule == "scope"
    require_bound(Role.OPERATOR, Scope(subject="s-abc"))
    require_bound(Role.PLATFORM, Scope())
