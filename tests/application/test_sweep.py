"""Time-driven rules, recorded by an idempotent sweep under the system actor (R6, R8, R12)."""

from __future__ import annotations

from datetime import timedelta

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.application.commands import OrderRectification, RecordActivity, Restrict, Suspend
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Role
from accountledger.domain.rules import LedgerRules
from tests.application.helpers import GROUNDS, Desk

SIX_MONTHS = LedgerRules().inactivity_period


def events(ledger: Ledger, account: object) -> list[tuple[str, str, str]]:
    return [
        (type(e).__name__, e.act.actor_role.value, e.act.occurred_at.isoformat())
        for e in ledger.history(account)  # type: ignore[arg-type]
    ]


def test_account_unused_six_months_after_registration_is_suspended(ledger: Ledger) -> None:
    """R8: not logged in or used within six months after registration."""
    desk = Desk(ledger)
    account = desk.active("Quiet Corner")
    registered = ledger.account(account).registered_at
    assert ledger.sweep([account], registered + SIX_MONTHS - timedelta(seconds=1)) == []
    (swept,) = ledger.sweep([account], registered + SIX_MONTHS + timedelta(days=3))
    assert swept.events == ("Suspended",)
    last = ledger.history(account)[-1]
    assert last.act.actor_role is Role.SYSTEM and last.act.basis == ("2021-10",)
    assert last.act.occurred_at == registered + SIX_MONTHS  # dated when it fell due


def test_sweep_twice_for_the_same_time_records_nothing_the_second_time(ledger: Ledger) -> None:
    """R8: the sweep is idempotent for a given time."""
    desk = Desk(ledger)
    account = desk.active("Twice Swept")
    when = ledger.account(account).registered_at + SIX_MONTHS
    assert len(ledger.sweep([account], when)) == 1
    before = events(ledger, account)
    assert ledger.sweep([account], when) == []
    assert events(ledger, account) == before


def test_an_account_that_was_used_is_not_inactive(ledger: Ledger) -> None:
    """R8 applies only to accounts never logged in or used."""
    desk = Desk(ledger)
    account = desk.active("Busy Bee")
    desk.do(RecordActivity(account_id=account, kind="login"), Role.OPERATOR)
    assert ledger.sweep([account], desk.now + SIX_MONTHS * 2) == []


def test_service_agreement_may_close_inactive_accounts_instead() -> None:
    """R8: suspend or terminate per the configured service agreement."""
    ledger = open_ledger(Settings(store="memory:", rules=LedgerRules(inactivity_measure="close")))
    desk = Desk(ledger)
    account = desk.active("Long Gone")
    (swept,) = ledger.sweep([account], desk.now + SIX_MONTHS)
    assert swept.events == ("Closed",) and ledger.account(account).status == "closed"
    ledger.close()


def test_timed_restriction_and_suspension_end_by_themselves(ledger: Ledger) -> None:
    """R12: timed measures end at their stored expiry, recorded by the system."""
    desk = Desk(ledger)
    account = desk.active("Timed Out")
    desk.do(RecordActivity(account_id=account, kind="login"), Role.OPERATOR)
    restricted_until = desk.now + timedelta(days=3)
    desk.do(
        Restrict(account_id=account, functions=("comment",), until=restricted_until),
        Role.MODERATOR,
        **GROUNDS,
    )
    suspended_until = desk.now + timedelta(days=7)
    desk.do(Suspend(account_id=account, until=suspended_until), Role.MODERATOR, **GROUNDS)
    (swept,) = ledger.sweep([account], desk.now + timedelta(days=10))
    assert swept.events == ("RestrictionLifted", "Reinstated")
    after = ledger.account(account)
    assert after.status == "active" and after.restrictions == {}
    dates = [e.act.occurred_at for e in ledger.history(account)[-2:]]
    assert dates == [restricted_until, suspended_until]


def test_missed_rectification_deadline_terminates_service(ledger: Ledger) -> None:
    """R6: refusal to correct within the time limit terminates services."""
    desk = Desk(ledger)
    account = desk.active("Wrong Name Co")
    desk.do(RecordActivity(account_id=account, kind="login"), Role.OPERATOR)
    deadline = desk.now + timedelta(days=15)
    desk.do(
        OrderRectification(account_id=account, deadline=deadline, fields=("name",)),
        Role.REVIEWER,
        reason="name inconsistent with identity",
        basis=("2022-15",),
    )
    assert ledger.sweep([account], deadline - timedelta(minutes=1)) == []
    (swept,) = ledger.sweep([account], deadline + timedelta(days=1))
    assert swept.events == ("RectificationDeadlineMissed",)
    assert ledger.account(account).status == "closed"
