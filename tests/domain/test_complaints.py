"""Complaints and reports from the public, without I/O: intake, screening, links,
feedback and the machine that orders them (R15)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from accountledger.domain.account import SubjectRef
from accountledger.domain.act import Role
from accountledger.domain.complaints import (
    CATEGORIES,
    COMPLAINT_FEEDBACK_WITHIN,
    COMPLAINT_TRANSITIONS,
    Complaint,
)
from accountledger.domain.errors import RuleViolation, TransitionRefused
from tests.domain.given import Clock

ACCOUNT = "5b0c4e2a-8d1f-4c5e-9a7b-3f2d1e0c9b8a"
OTHER = "0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d"
R, M, P, C = Role.REVIEWER, Role.MODERATOR, Role.PLATFORM, Role.COMPLIANCE


def received(clock: Clock, account: str = ACCOUNT, **fields: Any) -> Complaint:
    values: dict[str, Any] = {
        "category": "2021-18-6",
        "content": "the account spreads a fabricated story",
        "reporter": None,
    }
    values.update(fields)
    return Complaint.file(account_id=account, act=clock.act(P), **values)


def given(*steps: str) -> tuple[Complaint, Clock]:
    """A complaint received, then screened ("accept"/"reject") and linked, events saved."""
    clock = Clock()
    complaint = received(clock)
    for step in steps:
        if step == "accept":
            complaint.screen(True, act=clock.act(R))
        elif step == "reject":
            complaint.screen(False, "unfounded", act=clock.act(R))
        elif step == "link":
            complaint.link(
                f"{ACCOUNT}/5", account_id=ACCOUNT, decided_at=clock.now, act=clock.act(M)
            )
        elif step == "answer":
            complaint.answer("we looked into it", act=clock.act(C))
    complaint.collect_events()
    return complaint, clock


def events(complaint: Complaint) -> list[str]:
    return [type(e).__name__ for e in complaint.collect_events()]


def test_received_complaint_is_due_for_feedback_within_the_published_limit() -> None:
    """R15: feedback is due a configurable time after receipt, seven days by default."""
    clock = Clock()
    complaint = received(clock)
    assert complaint.status == "received" and complaint.received_at == clock.now
    assert complaint.deadline == clock.now + COMPLAINT_FEEDBACK_WITHIN == clock.now + timedelta(7)
    shorter = received(clock, feedback_within=timedelta(days=2))
    assert shorter.deadline == clock.now + timedelta(days=2)


def test_reporter_is_kept_only_as_a_keyed_hash_and_a_sealed_ciphertext() -> None:
    """R15, R17: the complaint holds the reporter's ref and ciphertext, nothing in clear."""
    reporter = SubjectRef(kind="mobile", ref="s-reporter", sealed="v1:ciphertext")
    complaint = received(Clock(), reporter=reporter)
    (filed,) = complaint.collect_events()
    about_reporter = {k: v for k, v in vars(filed).items() if "reporter" in k}
    assert about_reporter == {"reporter_ref": "s-reporter", "reporter_sealed": "v1:ciphertext"}
    anonymous = received(Clock(), content="no name given")
    assert (anonymous.reporter_ref, anonymous.reporter_sealed) == (None, None)


@pytest.mark.parametrize(
    "category", ["2021-19", "2021-18", "2021-18-11", "2022-8", "2022-8-9", "2017-13", "rumour"]
)
def test_category_must_be_an_item_of_2021_article_18_or_2022_article_8(category: str) -> None:
    """R14, R15: a report names the prohibited act it alleges, from the article catalogue
    (2021 Art 18, 2022 Art 8)."""
    with pytest.raises(RuleViolation) as refused:
        received(Clock(), category=category)
    assert refused.value.rule == "complaint-category" and refused.value.field == "category"
    assert "2022-8-1 .. 2022-8-8" in refused.value.message
    items = (*(f"2021-18-{i}" for i in range(1, 11)), *(f"2022-8-{i}" for i in range(1, 9)))
    assert items == CATEGORIES


@pytest.mark.parametrize("category", ["2022-8-1", "2022-8-7", "2022-8-8"])
def test_a_report_may_allege_prohibited_account_information_of_2022_article_8(
    category: str,
) -> None:
    """R14, R15 (2022 Art 8, 2022 Art 19): a report that an account's name is
    self-inflating (2022-8-7) or otherwise prohibited account information is received."""
    filed = received(Clock(), category=category)
    assert filed.category == category and filed.status == "received"


def test_complaint_without_content_is_refused() -> None:
    """R15: an empty report cannot be screened."""
    with pytest.raises(RuleViolation) as refused:
        received(Clock(), content="   ")
    assert refused.value.rule == "complaint-content"


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.REVIEWER, Role.MODERATOR])
def test_only_the_platform_service_takes_in_reports(role: Role) -> None:
    """R15: the public's reports reach the ledger through the platform's channel."""
    clock = Clock()
    with pytest.raises(RuleViolation) as refused:
        Complaint.file(
            account_id=ACCOUNT,
            category="2021-18-6",
            content="x",
            reporter=None,
            act=clock.act(role),
        )
    assert refused.value.rule == "role" and refused.value.field == "actor"


def test_same_submission_names_the_same_complaint() -> None:
    """R15: a retried intake of one report cannot record a second complaint."""
    first, second = Clock(), Clock()
    assert received(first).id == received(second).id
    assert received(Clock(), content="another story").id != received(Clock()).id


def test_accepted_complaint_records_who_screened_it() -> None:
    """R15: screening is a decision with an actor and a time."""
    complaint, clock = given()
    act = clock.act(M)
    complaint.screen(True, act=act)
    (accepted,) = complaint.collect_events()
    assert type(accepted).__name__ == "Accepted" and vars(accepted)["act"] == act
    assert complaint.status == "accepted"


def test_malicious_report_is_rejected_with_its_reason() -> None:
    """R15: a rejection says why: malicious, duplicate or unfounded."""
    complaint, clock = given()
    complaint.screen(False, "malicious", act=clock.act(R))
    assert events(complaint) == ["Rejected"]
    assert complaint.status == "rejected" and complaint.rejection_reason == "malicious"


@pytest.mark.parametrize("reason", [None, "", "rude", "Malicious"])
def test_rejection_reason_outside_the_three_is_refused(reason: str | None) -> None:
    """R15: the rejection reasons are a closed list."""
    complaint, clock = given()
    with pytest.raises(RuleViolation) as refused:
        complaint.screen(False, reason, act=clock.act(R))
    assert refused.value.rule == "rejection-reason" and complaint.status == "received"


def test_duplicate_needs_the_complaint_it_duplicates() -> None:
    """R15: a duplicate names its original; without one it is refused."""
    original, clock = given()
    copy = received(clock, content="same story again")
    with pytest.raises(RuleViolation) as refused:
        copy.screen(False, "duplicate", act=clock.act(R))
    assert refused.value.rule == "duplicate-of"
    copy.screen(False, "duplicate", act=clock.act(R), duplicate=original)
    assert copy.duplicate_of == str(original.id) and copy.rejection_reason == "duplicate"


def test_only_a_duplicate_names_an_original() -> None:
    """R15: an unfounded or accepted report names no original; an accepted one no reason."""
    original, clock = given()
    copy = received(clock, content="same story again")
    with pytest.raises(RuleViolation) as unfounded:
        copy.screen(False, "unfounded", act=clock.act(R), duplicate=original)
    with pytest.raises(RuleViolation) as accepted:
        copy.screen(True, act=clock.act(R), duplicate=original)
    with pytest.raises(RuleViolation) as with_reason:
        copy.screen(True, "malicious", act=clock.act(R))
    rules = (unfounded.value.rule, accepted.value.rule, with_reason.value.rule)
    assert rules == ("duplicate-of", "screening", "screening") and events(copy) == ["Received"]


def test_duplicate_of_a_later_or_other_accounts_complaint_is_refused() -> None:
    """R15: an original is an earlier complaint about the same account, never itself."""
    clock = Clock()
    first = received(clock)
    elsewhere = received(clock, account=OTHER)
    later = received(clock, content="a later report")
    for original in (elsewhere, later, first):
        with pytest.raises(RuleViolation) as refused:
            first.screen(False, "duplicate", act=clock.act(R), duplicate=original)
        assert refused.value.rule == "duplicate-of"


def test_duplicate_of_a_duplicate_is_refused() -> None:
    """R15: duplicates point at the original, so they never form a cycle."""
    clock = Clock()
    original = received(clock)
    copy = received(clock, content="copy")
    copy.screen(False, "duplicate", act=clock.act(R), duplicate=original)
    third = received(clock, content="copy of the copy")
    with pytest.raises(RuleViolation) as refused:
        third.screen(False, "duplicate", act=clock.act(R), duplicate=copy)
    assert refused.value.rule == "duplicate-of"


def test_accepted_complaint_links_several_records_once_each() -> None:
    """R15: a report may lead to more than one measure; each is linked once."""
    complaint, clock = given("accept")
    for record in (f"{ACCOUNT}/5", f"{ACCOUNT}/6"):
        complaint.link(record, account_id=ACCOUNT, decided_at=clock.now, act=clock.act(M))
    assert events(complaint) == ["Linked", "Linked"]
    assert complaint.status == "linked" and complaint.linked == [f"{ACCOUNT}/5", f"{ACCOUNT}/6"]
    with pytest.raises(RuleViolation) as refused:
        complaint.link(f"{ACCOUNT}/5", account_id=ACCOUNT, decided_at=clock.now, act=clock.act(R))
    assert refused.value.rule == "linked-once"


def test_record_on_another_account_or_before_the_complaint_is_not_linked() -> None:
    """R15: a complaint leads to measures on the reported account, after it arrived."""
    complaint, clock = given("accept")
    with pytest.raises(RuleViolation) as other:
        complaint.link(f"{OTHER}/5", account_id=OTHER, decided_at=clock.now, act=clock.act(M))
    earlier = complaint.received_at - timedelta(days=1)
    with pytest.raises(RuleViolation) as before:
        complaint.link(f"{ACCOUNT}/2", account_id=ACCOUNT, decided_at=earlier, act=clock.act(M))
    assert (other.value.rule, before.value.rule) == ("record-of-target", "record-after-complaint")


@pytest.mark.parametrize(
    ("steps", "command"),
    [
        ((), "answer"),
        ((), "link"),
        (("reject",), "link"),
        (("accept",), "screen"),
        (("accept", "answer"), "answer"),
        (("accept", "link", "answer"), "link"),
        (("reject", "answer"), "screen"),
    ],
)
def test_machine_refuses_commands_out_of_order(steps: tuple[str, ...], command: str) -> None:
    """R15: feedback follows screening; nothing follows feedback; a rejection links nothing."""
    complaint, clock = given(*steps)
    attempts = {
        "answer": lambda: complaint.answer("done", act=clock.act(C)),
        "link": lambda: complaint.link(
            f"{ACCOUNT}/9", account_id=ACCOUNT, decided_at=clock.now, act=clock.act(M)
        ),
        "screen": lambda: complaint.screen(True, act=clock.act(R)),
    }
    with pytest.raises(TransitionRefused):
        attempts[command]()
    assert events(complaint) == []


def test_transitions_are_read_off_the_machine() -> None:
    """R15: screening leads to accepted or rejected; answered is final."""
    assert COMPLAINT_TRANSITIONS[("received", "screen")] == ("accepted", "rejected")
    assert not any(state == "answered" for state, _ in COMPLAINT_TRANSITIONS)


@pytest.mark.parametrize("steps", [("accept",), ("accept", "link"), ("reject",)])
def test_feedback_closes_the_complaint_with_its_text(steps: tuple[str, ...]) -> None:
    """R15: the reporter is told what came of the report, by a reviewer, moderator or compliance."""
    complaint, clock = given(*steps)
    complaint.answer("the account was warned", act=clock.act(C))
    assert events(complaint) == ["Answered"]
    assert complaint.status == "answered" and complaint.answered_at == clock.now
    assert complaint.feedback == "the account was warned"


def test_feedback_needs_text_and_a_handling_role() -> None:
    """R15: empty feedback, or feedback from the platform service, is refused."""
    complaint, clock = given("accept")
    with pytest.raises(RuleViolation) as empty:
        complaint.answer(" ", act=clock.act(R))
    with pytest.raises(RuleViolation) as platform:
        complaint.answer("done", act=clock.act(P))
    assert (empty.value.rule, platform.value.rule) == ("complaint-feedback", "role")


def test_replayed_events_give_the_same_complaint() -> None:
    """R15: the events alone say what the complaint is."""
    clock = Clock()
    complaint = received(clock)
    complaint.screen(True, act=clock.act(R))
    complaint.link(f"{ACCOUNT}/5", account_id=ACCOUNT, decided_at=clock.now, act=clock.act(M))
    complaint.answer("warned", act=clock.act(C))
    replayed: Any = None
    for domain_event in complaint.collect_events():
        replayed = domain_event.mutate(replayed)
    assert vars(replayed) == vars(complaint)
