"""Complaints through the ledger: intake about a real account, a sealed reporter, links
to real disposal records, feedback deadlines, the trail and the read model (R15, R17)."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.application import complaints
from accountledger.application.commands import Warn
from accountledger.application.identity import Identity
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Role
from accountledger.domain.complaints import Complaint
from accountledger.domain.errors import AccountNotFound, RuleViolation, TransitionRefused
from accountledger.projections import complaints as read_model
from accountledger.projections.batch import Batch
from accountledger.projections.projector import LedgerProjection
from accountledger.projections.view import ReadStore
from tests.application.helpers import GROUNDS, Desk

MOBILE, EMAIL = "13912345678", "reporter@example.org"
REPORTER = Identity("mobile", MOBILE, EMAIL)
STORY = "the account spreads a fabricated story about a flood"


def filed(desk: Desk, account: UUID, content: str = STORY, **kwargs: Any) -> Complaint:
    reporter = kwargs.pop("reporter", REPORTER)
    return complaints.file_complaint(
        desk.ledger, account, "2021-18-6", content, reporter, desk.act(Role.PLATFORM, **kwargs)
    )


def warned(desk: Desk, account: UUID) -> str:
    desk.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS)
    (*_, last) = (e for e in desk.ledger.history(account) if type(e).__name__ == "Warned")
    return f"{account}/{last.originator_version}"


def test_reporter_never_appears_in_clear_in_the_store(tmp_path: Path) -> None:
    """R15, R17: the reporter's number and contact are sealed; the complaint is recorded."""
    store = tmp_path / "ledger.db"
    ledger = open_ledger(Settings(store=f"sqlite:///{store}"))
    desk = Desk(ledger)
    complaint = filed(desk, desk.active("Flood Rumours"))
    ledger.close()
    dump = "\n".join(sqlite3.connect(store).iterdump())
    assert MOBILE not in dump and EMAIL not in dump
    assert str(complaint.id) in dump or complaint.id.hex in dump
    keys = "\n".join(sqlite3.connect(tmp_path / "ledger.keys.db").iterdump())
    assert MOBILE not in keys and EMAIL not in keys


def test_sealed_reporter_opens_with_the_reporters_key(ledger: Ledger) -> None:
    """R15, R17: feedback can reach the reporter: the ciphertext opens with their key."""
    desk = Desk(ledger)
    complaint = filed(desk, desk.active("Flood Rumours"))
    assert complaint.reporter_ref is not None and complaint.reporter_sealed is not None
    opened = ledger.vault.unseal(complaint.reporter_ref, complaint.reporter_sealed)
    assert opened == {"kind": "mobile", "number": MOBILE, "contact": EMAIL}
    assert complaints.describe_complaint(complaint)["reporter"] == "sealed"


def test_anonymous_report_is_received_without_a_reporter(ledger: Ledger) -> None:
    """R15: the public may report without giving a name."""
    desk = Desk(ledger)
    complaint = filed(desk, desk.active("Flood Rumours"), reporter=None)
    assert complaint.reporter_ref is None and complaint.reporter_sealed is None
    assert complaints.describe_complaint(complaint)["reporter"] == "anonymous"


def test_report_about_an_account_that_does_not_exist_is_refused(ledger: Ledger) -> None:
    """R15: a complaint is about a real account."""
    with pytest.raises(AccountNotFound):
        filed(Desk(ledger), uuid4())


def test_feedback_is_due_seven_days_after_receipt_by_default(ledger: Ledger) -> None:
    """R15: the published feedback limit starts when the report is received."""
    desk = Desk(ledger)
    complaint = filed(desk, desk.active("Flood Rumours"))
    assert complaints.feedback_within(ledger) == timedelta(days=7)
    assert complaint.deadline == complaint.received_at + timedelta(days=7)
    assert ledger.repository.get(complaint.id).deadline == complaint.deadline


def test_same_report_received_twice_is_refused(ledger: Ledger) -> None:
    """R15: a retried intake records one complaint, and says which."""
    desk = Desk(ledger)
    account = desk.active("Flood Rumours")
    first = filed(desk, account)
    desk.now -= timedelta(hours=1)  # the same submission, at the same business time
    with pytest.raises(RuleViolation) as refused:
        filed(desk, account)
    assert refused.value.rule == "received-once" and str(first.id) in refused.value.message


def test_link_requires_a_real_disposal_record(ledger: Ledger) -> None:
    """R15: only a disposal record of the reported account is linked, in canonical form."""
    desk = Desk(ledger)
    account = desk.active("Flood Rumours")
    complaint = filed(desk, account)
    complaints.screen(ledger, complaint.id, True, None, None, desk.act(Role.REVIEWER))
    with pytest.raises(RuleViolation) as refused:
        complaints.link(ledger, complaint.id, f"{account}/1", desk.act(Role.MODERATOR))
    assert refused.value.rule == "disposal-record"
    with pytest.raises(AccountNotFound):
        complaints.link(ledger, complaint.id, f"{uuid4()}/3", desk.act(Role.MODERATOR))
    assert complaints.complaint(ledger, complaint.id).version == 2  # nothing recorded
    record = warned(desk, account)
    shouted = f"{str(account).upper()}/{record.split('/')[1]}"
    linked = complaints.link(ledger, complaint.id, shouted, desk.act(Role.MODERATOR))
    assert linked.status == "linked" and linked.linked == [record]


def test_measure_on_another_account_is_not_linked(ledger: Ledger) -> None:
    """R15: a complaint leads to measures on the account it reports."""
    desk = Desk(ledger)
    account, other = desk.active("Flood Rumours"), desk.active("Other Voice", serial=2)
    complaint = filed(desk, account)
    complaints.screen(ledger, complaint.id, True, None, None, desk.act(Role.REVIEWER))
    with pytest.raises(RuleViolation) as refused:
        complaints.link(ledger, complaint.id, warned(desk, other), desk.act(Role.MODERATOR))
    assert refused.value.rule == "record-of-target"


def test_duplicate_names_a_stored_earlier_complaint(ledger: Ledger) -> None:
    """R15: a duplicate is rejected naming its original, which must exist."""
    desk = Desk(ledger)
    account = desk.active("Flood Rumours")
    original, copy = filed(desk, account), filed(desk, account, "the flood story again")
    reviewer = desk.act(Role.REVIEWER)
    with pytest.raises(RuleViolation) as missing:
        complaints.screen(ledger, copy.id, False, "duplicate", uuid4(), reviewer)
    assert missing.value.rule == "complaint-exists"
    rejected = complaints.screen(ledger, copy.id, False, "duplicate", original.id, reviewer)
    assert (rejected.status, rejected.duplicate_of) == ("rejected", str(original.id))


def test_trail_shows_screening_the_measure_and_feedback_without_the_reporter(
    ledger: Ledger,
) -> None:
    """R15, R17: the trail tells what came of the report; it never shows who reported."""
    desk = Desk(ledger)
    account = desk.active("Flood Rumours")
    complaint = filed(desk, account)
    complaints.screen(ledger, complaint.id, True, None, None, desk.act(Role.MODERATOR))
    record = warned(desk, account)
    complaints.link(ledger, complaint.id, record, desk.act(Role.MODERATOR))
    complaints.answer(ledger, complaint.id, "the account was warned", desk.act(Role.COMPLIANCE))
    lines = [complaints.trail_record(e) for e in complaints.trail(ledger, complaint.id)]
    assert [line["event"] for line in lines] == [
        "Received",
        "Accepted",
        "Warned",
        "Linked",
        "Answered",
    ]
    assert lines[2]["record_id"] == record and lines[-1]["details"]["feedback"]
    assert not any(key.startswith("reporter") for line in lines for key in line["details"])
    assert complaint.reporter_ref is not None and complaint.reporter_ref not in str(lines)


def test_a_lost_race_is_decided_again_on_the_fresh_complaint(store: Settings) -> None:
    """R15: two reviewers screen at once; the loser re-reads, and its screening is refused."""
    first, second = (open_ledger(store) for _ in range(2))
    desk = Desk(first)
    second.clock = desk.clock
    complaint = filed(desk, desk.active("Flood Rumours"))
    seen: list[str] = []

    def decide(found: Complaint) -> None:
        seen.append(found.status)
        if len(seen) == 1:  # the other reviewer's decision lands first
            complaints.screen(first, complaint.id, True, None, None, desk.act(Role.REVIEWER))
        found.screen(False, "unfounded", act=desk.act(Role.REVIEWER, "reviewer-2"))

    with pytest.raises(TransitionRefused):
        complaints._on_complaint(second, complaint.id, desk.act(Role.REVIEWER), decide)
    # The lost race re-reads; the refusal is decided once more on the store (in case the
    # cache was stale, `Ledger.run_atomically`) and stands.
    assert seen == ["received", "accepted", "accepted"]
    assert complaints.complaint(second, complaint.id).status == "accepted"
    first.close()
    second.close()


# ------------------------------------------------------------ the read model


@pytest.fixture
def view() -> Any:
    store = ReadStore("sqlite://")
    yield store
    store.close()


def test_read_model_lists_unanswered_complaints_past_their_deadline(
    ledger: Ledger, view: ReadStore
) -> None:
    """R15: overdue means unanswered and past the feedback deadline, answered ones never."""
    desk = Desk(ledger)
    account = desk.active("Flood Rumours")
    late, answered = filed(desk, account), filed(desk, account, "another story")
    complaints.screen(ledger, answered.id, False, "unfounded", None, desk.act(Role.REVIEWER))
    complaints.answer(ledger, answered.id, "nothing was found", desk.act(Role.REVIEWER))
    projection = LedgerProjection(view, ledger)
    assert projection.catch_up() > 0 and projection.catch_up() == 0  # exactly once
    rows = {row["complaint_id"]: row for row in read_model.listed(view)}
    assert rows[str(answered.id)]["status"] == "answered"
    assert rows[str(answered.id)]["rejection_reason"] == "unfounded"
    assert rows[str(late.id)]["account_id"] == str(account)
    assert not any("reporter" in column.name for column in read_model.complaints.columns)
    assert read_model.overdue(view, late.deadline) == []
    overdue = read_model.overdue(view, late.deadline + timedelta(seconds=1))
    assert [row["complaint_id"] for row in overdue] == [str(late.id)]


def test_read_model_keeps_linked_records_and_ignores_events_applied_twice(
    ledger: Ledger, view: ReadStore
) -> None:
    """R15: a replayed event changes nothing; each link is listed once, in order."""
    desk = Desk(ledger)
    account = desk.active("Flood Rumours")
    complaint = filed(desk, account)
    complaints.screen(ledger, complaint.id, True, None, None, desk.act(Role.MODERATOR))
    first, second = warned(desk, account), warned(desk, account)
    for record in (first, second):
        complaints.link(ledger, complaint.id, record, desk.act(Role.MODERATOR))
    LedgerProjection(view, ledger).catch_up()
    events = list(ledger.repository.event_store.get(complaint.id))
    with view.transaction() as connection:
        batch = Batch(connection, (read_model.complaints,))
        for domain_event in events:
            read_model.apply_complaint(batch, domain_event)
        batch.flush()
    (row,) = read_model.listed(view, str(account))
    assert row["linked_records"] == [first, second]
    assert (row["status"], row["version"]) == ("linked", 4)
