"""Late entry of a decision with its true time (issue 12 point 5; R12, R13, R16, R18).

A decision may be entered after later events with its real decision time, within
`late_entry_window` (default 72 hours) of the recording clock and never before the
account's last change of status; the inquiry as of any time shows it from its decision
time, and the register keeps both times.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from accountledger.application.commands import RecordActivity, Suspend, Warn
from accountledger.application.ledger import Ledger
from accountledger.application.views import state
from accountledger.domain.act import Act, Role
from accountledger.domain.errors import RuleViolation
from tests.application.helpers import GROUNDS, Desk


def _moderator(desk: Desk, at_hours_ago: float) -> Act:
    at = desk.now - timedelta(hours=at_hours_ago)
    return Act(actor_id="moderator-1", actor_role=Role.MODERATOR, occurred_at=at, **GROUNDS)


def test_a_warning_decided_before_a_routine_login_is_entered_with_its_true_time(
    ledger: Ledger,
) -> None:
    """R13, R16: a login recorded for day 2 does not stop a warning decided on day 1 from
    being entered with day 1 as its time."""
    desk = Desk(ledger)
    account = desk.active("Late Warning")
    desk.now += timedelta(days=1)
    decided = _moderator(desk, 0)  # the warning is decided (day 1) ...
    desk.now += timedelta(days=1)
    desk.do(RecordActivity(account_id=account), Role.OPERATOR)  # ... a login on day 2
    recorded = ledger.handle(Warn(account_id=account), decided)
    assert recorded.events == ("Warned",)
    (*_, warned) = ledger.history(account)
    assert warned.act.occurred_at == decided.occurred_at
    assert ledger.account(account).last_occurred_at > decided.occurred_at


def test_the_inquiry_as_of_any_time_shows_a_late_entry_from_its_decision_time(
    ledger: Ledger,
) -> None:
    """R18: as of a time between the decision and the later login the warning is there;
    as of a time before the decision it is not."""
    desk = Desk(ledger)
    account = desk.active("Seen Late")
    desk.now += timedelta(days=1)
    decided = _moderator(desk, 0)
    desk.now += timedelta(days=1)
    desk.do(RecordActivity(account_id=account), Role.OPERATOR)
    ledger.handle(Warn(account_id=account), decided)
    between = decided.occurred_at + timedelta(hours=1)
    before = decided.occurred_at - timedelta(hours=1)
    assert state(ledger, account, between)["warnings"] == 1
    assert state(ledger, account, between)["last_activity_at"] is None
    assert state(ledger, account, before)["warnings"] == 0
    assert state(ledger, account)["warnings"] == 1


def test_a_late_entry_is_never_dated_before_the_last_change_of_status(ledger: Ledger) -> None:
    """R12, R16: a warning dated before the account's suspension is refused
    `business-time-order`, and nothing is written."""
    desk = Desk(ledger)
    account = desk.active("Changed Since")
    decided = _moderator(desk, 0)
    desk.do(Suspend(account_id=account), Role.MODERATOR, **GROUNDS)
    version = ledger.account(account).version
    with pytest.raises(RuleViolation) as refused:
        ledger.handle(Warn(account_id=account), decided)
    assert refused.value.rule == "business-time-order"
    assert ledger.account(account).version == version


@pytest.mark.parametrize(
    ("window_hours", "late_hours", "accepted"),
    [(72, 71, True), (72, 73, False), (24, 25, False), (24, 23, True)],
)
def test_a_late_entry_is_accepted_only_within_the_configured_window(
    ledger: Ledger, window_hours: int, late_hours: int, accepted: bool
) -> None:
    """R16: `late_entry_window` (default 72 hours) bounds how long after its decision a
    decision may be entered behind later events; beyond it, `late-entry`, nothing written."""
    ledger.rules = replace(ledger.rules, late_entry_window=timedelta(hours=window_hours))
    desk = Desk(ledger)
    account = desk.active("Window")
    desk.now += timedelta(days=5)
    decided = _moderator(desk, late_hours)
    desk.do(RecordActivity(account_id=account), Role.OPERATOR)
    version = ledger.account(account).version
    if accepted:
        ledger.handle(Warn(account_id=account), decided)
        assert ledger.account(account).warnings == 1
        return
    with pytest.raises(RuleViolation) as refused:
        ledger.handle(Warn(account_id=account), decided)
    assert refused.value.rule == "late-entry"
    assert ledger.account(account).version == version
