"""Times that open or close a legal window are the recording clock's, never the caller's:
an appeal's filing (2021 Art 20), a complaint's receipt (2021 Art 20, 2022 Art 19) and a
report to the authority (2021 Art 19). A time the caller chose further than `future_skew`
from the recording clock is refused, and nothing is written (issue 12 point 6; R13, R15).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from accountledger.application import appeals, complaints, reports
from accountledger.application.commands import Warn
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Act, Role
from accountledger.domain.appeals import Appeal
from accountledger.domain.complaints import Complaint, OpenComplaints
from accountledger.domain.errors import RuleViolation
from accountledger.domain.reports import DisposalReport
from tests.application.helpers import GROUNDS, Desk


def warned(desk: Desk) -> tuple[str, datetime]:
    """An account warned now: its disposal record and when the measure was taken."""
    account = desk.active("Clockwork Garden")
    recorded = desk.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS)
    (record,) = recorded.records
    return record, desk.now


def dated(desk: Desk, role: Role, at: datetime) -> Act:
    """An act whose caller chose its time `at`, whatever the recording clock says."""
    return replace(desk.act(role), occurred_at=at)


def test_an_appeal_dated_inside_its_window_but_filed_ten_months_late_is_refused_as_late(
    ledger: Ledger,
) -> None:
    """R15 (2021 Art 20): the window closes by the recording clock, so an appeal filed ten
    months after the measure is late whatever time the caller wrote on it."""
    desk = Desk(ledger)
    record, taken = warned(desk)
    desk.now = taken + timedelta(days=300)
    with pytest.raises(RuleViolation) as refused:
        appeals.file(ledger, record, "late", dated(desk, Role.OPERATOR, taken + timedelta(days=1)))
    assert (refused.value.rule, refused.value.article) == ("appeal-window", "2021-20")
    assert ledger.find(Appeal.create_id(record), fresh=True) is None


def test_an_appeal_dated_before_its_measure_is_refused(ledger: Ledger) -> None:
    """R15 (2021 Art 20): a filing time the caller chose, before the measure, is refused by
    rule `recording-clock` naming the field; nothing is written."""
    desk = Desk(ledger)
    record, taken = warned(desk)
    before = dated(desk, Role.OPERATOR, taken - timedelta(days=1))
    with pytest.raises(RuleViolation) as refused:
        appeals.file(ledger, record, "too early", before)
    assert (refused.value.rule, refused.value.field) == ("recording-clock", "occurred_at")
    assert refused.value.article == "2021-20"
    assert ledger.find(Appeal.create_id(record), fresh=True) is None


def test_an_appeal_is_filed_at_the_recording_clock_within_the_skew(ledger: Ledger) -> None:
    """R15: a caller whose clock is a little slow (within `future_skew`) still files; the
    appeal is dated by the recording clock and its feedback is due from then."""
    desk = Desk(ledger)
    record, _ = warned(desk)
    act = desk.act(Role.OPERATOR)
    slow = replace(act, occurred_at=act.occurred_at - ledger.rules.future_skew)
    filed = appeals.file(ledger, record, "the post was accurate", slow)
    assert filed.filed_at == desk.now
    assert filed.deadline == desk.now + ledger.rules.appeal_feedback_within


def test_a_complaint_dated_by_the_caller_twenty_days_ago_is_refused(ledger: Ledger) -> None:
    """R15 (2021 Art 20, 2022 Art 19): receipt starts the feedback deadline, so a receipt
    time the caller chose is refused; no complaint, no open-complaints entry."""
    desk = Desk(ledger)
    account = desk.active("Rumour Mill")
    earlier = dated(desk, Role.PLATFORM, desk.now - timedelta(days=20))
    with pytest.raises(RuleViolation) as refused:
        complaints.file_complaint(ledger, account, "2021-18-6", "a flood story", None, earlier)
    assert (refused.value.rule, refused.value.field) == ("recording-clock", "occurred_at")
    key = Complaint.create_id(str(account), "a flood story", None, earlier)
    assert ledger.find(key, fresh=True) is None
    assert ledger.find(OpenComplaints.create_id(str(account)), fresh=True) is None


def test_a_complaint_is_received_at_the_recording_clock(ledger: Ledger) -> None:
    """R15: the feedback deadline runs from the recording clock's time of receipt."""
    desk = Desk(ledger)
    account = desk.active("Rumour Mill")
    act = desk.act(Role.PLATFORM)
    received = complaints.file_complaint(ledger, account, "2021-18-6", "a story", None, act)
    assert received.received_at == desk.now
    assert received.deadline == desk.now + ledger.rules.complaint_feedback_within


def test_a_report_dated_before_its_measure_is_refused(ledger: Ledger) -> None:
    """R13 (2021 Art 19): a report time the caller chose, before the measure, would show
    the record as reported in time; it is refused and the record stays unreported."""
    desk = Desk(ledger)
    record, taken = warned(desk)
    before = dated(desk, Role.COMPLIANCE, taken - timedelta(hours=2))
    with pytest.raises(RuleViolation) as refused:
        reports.report_disposal(ledger, record, "CAC-1", "online", before)
    assert (refused.value.rule, refused.value.article) == ("recording-clock", "2021-19")
    assert ledger.find(DisposalReport.create_id(record), fresh=True) is None


def test_a_report_dated_in_2030_is_refused(ledger: Ledger) -> None:
    """R13 (2021 Art 19): a report dated years ahead is refused; the record stays unreported."""
    desk = Desk(ledger)
    record, _ = warned(desk)
    future = dated(desk, Role.COMPLIANCE, datetime(2030, 1, 1, tzinfo=UTC))
    with pytest.raises(RuleViolation) as refused:
        reports.report_disposal(ledger, record, "CAC-1", "online", future)
    assert refused.value.rule == "future-time"
    assert ledger.find(DisposalReport.create_id(record), fresh=True) is None


def test_a_report_is_dated_by_the_recording_clock(ledger: Ledger) -> None:
    """R13: the report's time is when the ledger recorded it."""
    desk = Desk(ledger)
    record, _ = warned(desk)
    done = reports.report_disposal(ledger, record, "CAC-1", "online", desk.act(Role.COMPLIANCE))
    assert done.reported_at == desk.now
