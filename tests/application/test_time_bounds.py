"""Business time is what the decision-maker says, within bounds of the recording clock
(issue 12 point 4; R13, R16): no later than `future_skew` ahead, no earlier than
`earliest_business_time`; nothing is written when it is refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from accountledger.application import appeals, reports
from accountledger.application.commands import Warn
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Act, Role
from accountledger.domain.dates import parse_moment
from accountledger.domain.errors import RuleViolation
from accountledger.domain.measures import record_id
from accountledger.domain.rules import DEFAULT_RULES
from tests.application.helpers import GROUNDS, Desk

CLOCK = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def _desk(ledger: Ledger) -> Desk:
    """A desk whose acts run from 2026-03-01, on a ledger whose clock stays at CLOCK."""
    desk = Desk(ledger)
    ledger.clock = lambda: CLOCK
    return desk


def _act(role: Role, at: datetime, **grounds: object) -> Act:
    return Act(actor_id=f"{role.value}-1", actor_role=role, occurred_at=at, **grounds)  # type: ignore[arg-type]


def test_a_business_time_in_the_future_beyond_the_skew_is_refused(ledger: Ledger) -> None:
    """R13: an operator key cannot date an event in 2035 and so block every later measure;
    five minutes ahead of the recording clock is allowed, six are not."""
    account = _desk(ledger).active("Clock Tower")
    version = ledger.account(account).version
    within = CLOCK + timedelta(minutes=5)
    ledger.handle(Warn(account_id=account), _act(Role.MODERATOR, within, **GROUNDS))
    with pytest.raises(RuleViolation) as refused:
        ledger.handle(
            Warn(account_id=account),
            _act(Role.MODERATOR, datetime(2035, 1, 1, tzinfo=UTC), **GROUNDS),
        )
    assert (refused.value.rule, refused.value.field) == ("future-time", "occurred_at")
    assert ledger.account(account).version == version + 1


def test_a_business_time_before_the_earliest_is_refused(ledger: Ledger) -> None:
    """R16: a time before any platform kept records is refused by rule `time-range`."""
    account = _desk(ledger).active("Old Pottery")
    with pytest.raises(RuleViolation, match="time-range"):
        ledger.handle(
            Warn(account_id=account),
            _act(Role.MODERATOR, datetime(1999, 12, 31, tzinfo=UTC), **GROUNDS),
        )


def test_appeals_and_reports_are_bounded_by_the_same_clock(ledger: Ledger) -> None:
    """R13, R15: the use cases on records refuse a future time like the account commands."""
    desk = _desk(ledger)
    account = desk.active("Record Keeper")
    warned = desk.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS)
    record = record_id(account, warned.version)
    future = CLOCK + timedelta(days=30)
    with pytest.raises(RuleViolation, match="future-time"):
        appeals.file(ledger, record, "wrong", _act(Role.OPERATOR, future))
    with pytest.raises(RuleViolation, match="future-time"):
        reports.report_disposal(ledger, record, "CAC-1", "online", _act(Role.COMPLIANCE, future))


@pytest.mark.parametrize("text", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"])
def test_extreme_times_are_refused_at_the_edge(text: str) -> None:
    """R16 (2021 Art 19): times whose conversion to UTC overflows never reach the record:
    refused by rule `time-range`, naming the field and the article."""
    with pytest.raises(RuleViolation) as refused:
        parse_moment(text, DEFAULT_RULES.zone, field="at")
    assert (refused.value.rule, refused.value.field, refused.value.article) == (
        "time-range",
        "at",
        "2021-19",
    )
