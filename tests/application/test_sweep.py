"""Time-driven rules, recorded by an idempotent sweep under the system actor (R6, R8, R12)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.application.commands import OrderRectification, RecordActivity, Restrict, Suspend
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Role
from accountledger.domain.deadlines import inactivity_due
from accountledger.domain.rules import LedgerRules
from tests.application.helpers import GROUNDS, Desk

# Longer than any six calendar months (at most 184 days).
SIX_MONTHS = timedelta(days=185)


def due(ledger: Ledger, account: UUID) -> datetime:
    """When the account falls inactive under the ledger's rules (R8)."""
    return inactivity_due(ledger.account(account), ledger.rules)


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
    falls_due = due(ledger, account)
    # Registered 2026-03-01T10:00Z (18:00 in Shanghai): due 2026-09-01 18:00 in Shanghai.
    assert falls_due == datetime(2026, 9, 1, 10, 0, tzinfo=UTC)
    assert ledger.sweep([account], falls_due - timedelta(seconds=1)) == []
    (swept,) = ledger.sweep([account], registered + SIX_MONTHS)
    assert swept.events == ("Suspended",)
    last = ledger.history(account)[-1]
    assert last.act.actor_role is Role.SYSTEM and last.act.basis == ("2021-10",)
    assert last.act.occurred_at == falls_due  # dated when it fell due


def test_sweep_twice_for_the_same_time_records_nothing_the_second_time(ledger: Ledger) -> None:
    """R8: the sweep is idempotent for a given time."""
    desk = Desk(ledger)
    account = desk.active("Twice Swept")
    when = due(ledger, account)
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
    (swept,) = ledger.sweep([account], due(ledger, account))
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


def _registered_at(ledger: Ledger, moment: datetime) -> UUID:
    """An account registered at `moment` (then verified), never used since."""
    desk = Desk(ledger)
    desk.now = moment - timedelta(hours=1)  # each act moves the desk on an hour
    account = desk.active("Month End Garden")
    assert ledger.account(account).registered_at == moment
    return account


def test_inactivity_falls_due_six_calendar_months_later_in_the_platform_zone(
    store: Settings,
) -> None:
    """R8 (2021 Art 10 ¶2): six calendar months on the platform's wall clock, by default
    Asia/Shanghai: registered 2026-08-31T20:00Z (Sep 1 04:00 there), due Mar 1 04:00."""
    ledger = open_ledger(store)
    try:
        account = _registered_at(ledger, datetime(2026, 8, 31, 20, 0, tzinfo=UTC))
        falls_due = datetime(2027, 3, 1, 4, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
        assert ledger.sweep([account], falls_due - timedelta(seconds=1)) == []
        (swept,) = ledger.sweep([account], falls_due)
        assert swept.events == ("Suspended",)
        last = ledger.history(account)[-1]
        assert last.act.occurred_at == falls_due
        assert last.act.occurred_at.isoformat() == "2027-03-01T04:00:00+08:00"
    finally:
        ledger.close()


def test_inactivity_months_measure_and_zone_are_configuration(store: Settings) -> None:
    """R8: the service agreement's period (here 18 months), measure (close) and zone (UTC)
    are settings; Aug 31 + 18 months is Feb 29 in the leap year 2028."""
    rules = LedgerRules(inactivity_months=18, inactivity_measure="close", time_zone="UTC")
    ledger = open_ledger(replace(store, rules=rules))
    try:
        account = _registered_at(ledger, datetime(2026, 8, 31, 20, 0, tzinfo=UTC))
        falls_due = datetime(2028, 2, 29, 20, 0, tzinfo=UTC)
        assert ledger.sweep([account], falls_due - timedelta(seconds=1)) == []
        (swept,) = ledger.sweep([account], falls_due)
        assert swept.events == ("Closed",) and ledger.account(account).status == "closed"
        assert ledger.history(account)[-1].act.reason == (
            "not logged in or used within 18 months after registration"
        )
    finally:
        ledger.close()


def test_an_agreement_without_an_inactivity_measure_records_nothing(store: Settings) -> None:
    """R8: the law says "may"; `inactivity_measure = "nothing"` leaves the account be."""
    ledger = open_ledger(replace(store, rules=LedgerRules(inactivity_measure="nothing")))
    try:
        account = _registered_at(ledger, datetime(2026, 8, 31, 20, 0, tzinfo=UTC))
        assert ledger.sweep([account], datetime(2028, 1, 1, tzinfo=UTC)) == []
        assert ledger.account(account).status == "active"
    finally:
        ledger.close()
