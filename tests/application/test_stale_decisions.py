"""A decision is made on what its maker saw (issue 12 point 10; R12, R16): with the
version it was made on, a stale decision is refused and nothing is written; without a
business time of its own, an act is dated when it is decided, under the write lock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from accountledger.application.commands import Close, Reinstate, Suspend, Warn
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Role
from accountledger.domain.errors import RuleViolation, StaleDecision
from tests.application.helpers import GROUNDS, Desk


def test_a_decision_on_the_current_version_is_recorded(ledger: Ledger) -> None:
    """R12: the moderator saw version N; the account is still at N."""
    desk = Desk(ledger)
    account = desk.active("Seen Right")
    seen = ledger.account(account).version
    act = desk.act(Role.MODERATOR, **GROUNDS)
    recorded = ledger.handle(Warn(account_id=account), act, expected_version=seen)
    assert recorded.version == seen + 1


def test_a_stale_decision_is_refused_and_writes_nothing(ledger: Ledger) -> None:
    """R12, R16: one moderator closes while another, who saw the account before that
    suspension, reinstates: the reinstatement made on the old version is refused."""
    desk = Desk(ledger)
    account = desk.active("Seen Wrong")
    desk.do(Suspend(account_id=account), Role.MODERATOR, **GROUNDS)
    seen = ledger.account(account).version
    desk.do(Close(account_id=account), Role.MODERATOR, **GROUNDS)
    with pytest.raises(StaleDecision) as refused:
        ledger.handle(
            Reinstate(account_id=account),
            desk.act(Role.MODERATOR, reason="served"),
            expected_version=seen,
        )
    assert refused.value.rule == "expected-version"
    assert ledger.account(account).status == "closed"
    assert ledger.account(account).version == seen + 1


def test_an_act_without_its_own_time_is_dated_when_decided(ledger: Ledger) -> None:
    """R13: an edge stamped the act before another writer recorded a later event; with
    `stamped` the ledger dates it by the recording clock when deciding, instead of
    refusing it for `business-time-order` (dated before the status the racer changed)."""
    desk = Desk(ledger)
    account = desk.active("Raced")
    early = desk.act(Role.MODERATOR, **GROUNDS)
    desk.do(Suspend(account_id=account), Role.MODERATOR, **GROUNDS)  # a later change lands first
    with pytest.raises(RuleViolation, match="business-time-order"):
        ledger.handle(Warn(account_id=account), early)
    desk.now += timedelta(minutes=1)
    recorded = ledger.handle(Warn(account_id=account), early, stamped=True)
    assert ledger.history(account)[-1].act.occurred_at == desk.now
    assert recorded.events == ("Warned",)
