"""`accountledger complaint ...` and `complaints --overdue`: a report from intake to
feedback, the overdue list at the clock's now, the reporter never printed (R15, R17)."""

from __future__ import annotations

from typing import Any

import pytest

from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.inputs import id_card_check
from tests.adapters.cli_runner import NOW, Run, as_json, cli_recording_each_step_at_its_time

BODY = "11010119850101234"
ID_NUMBER = BODY + id_card_check(BODY)
REPORTER_NUMBER, REPORTER_CONTACT = "13912345678", "reporter@example.org"
PLATFORM = ["--actor", "svc:platform"]


@pytest.fixture
def run(store: Settings, monkeypatch: pytest.MonkeyPatch) -> Run:
    return cli_recording_each_step_at_its_time(store, monkeypatch)


@pytest.fixture
def account(run: Any) -> str:
    registered = run(
        "register",
        *("--name", "Flood Rumours", "--identity-kind", "id_card"),
        *("--identity-number", ID_NUMBER, "--nature", "individual"),
        *("--registration-place", "Hangzhou", "--operating-place", "Hangzhou"),
        *("--content-category", "news", *PLATFORM, "--at", "2026-02-01"),
        "--json",
    )
    ident = str(as_json(registered)["account_id"])
    run("verify-identity", ident, "--actor", "r-1:reviewer", "--at", "2026-02-02")
    return ident


def file(run: Any, account: str, at: str, *reporter: str) -> dict[str, Any]:
    filed = run(
        *("complaint", "file", account, "--category", "2021-18-6"),
        *("--content", "a fabricated flood story", *reporter, *PLATFORM, "--at", at, "--json"),
    )
    return as_json(filed)


def test_report_goes_from_intake_to_feedback_with_its_trail(run: Any, account: str) -> None:
    """R15, R17: file, accept, link the warning, answer; the trail shows each, no reporter."""
    reporter = ("--reporter-kind", "mobile", "--reporter-number", REPORTER_NUMBER)
    filed = file(run, account, "2026-02-03", *reporter, "--reporter-contact", REPORTER_CONTACT)
    complaint = filed["complaint_id"]
    assert (filed["event"], filed["status"]) == ("Received", "received")
    # A bare date is midnight in the platform's zone (Asia/Shanghai by default).
    assert filed["feedback_deadline"] == "2026-02-10T00:00:00+08:00"
    reviewer = ["--actor", "r-1:reviewer", "--at", "2026-02-04", "--json"]
    screened = as_json(run("complaint", "screen", complaint, "--accept", *reviewer))
    assert screened["status"] == "accepted"
    grounds = ["--reason", "rumour", "--basis", "2021-19", "--violation", "2021-18-6"]
    run("warn", account, *grounds, "--actor", "m-1:moderator", "--at", "2026-02-05")
    record = f"{account}/3"
    moderator = ["--actor", "m-1:moderator", "--at", "2026-02-05T10:00", "--json"]
    linked = as_json(run("complaint", "link", complaint, "--record", record, *moderator))
    assert (linked["status"], linked["linked_records"]) == ("linked", [record])
    compliance = ["--actor", "c-1:compliance", "--at", "2026-02-06", "--json"]
    feedback = ["--feedback", "the account was warned"]
    answered = as_json(run("complaint", "answer", complaint, *feedback, *compliance))
    assert answered["answered_at"] == "2026-02-06T00:00:00+08:00"
    shown = run("complaint", "show", complaint, "--json")
    events = [line["event"] for line in as_json(shown)["trail"]]
    assert events == ["Received", "Accepted", "Warned", "Linked", "Answered"]
    assert as_json(shown)["complaint"]["reporter"] == "sealed"
    printed = "".join(r.stdout for r in (shown, run("complaint", "show", complaint)))
    assert REPORTER_NUMBER not in printed and REPORTER_CONTACT not in printed


def test_overdue_lists_unanswered_complaints_past_the_limit_at_the_clock(
    run: Any, account: str
) -> None:
    """R15: at the injected now, a complaint received 20 February is due, one on 25 February not."""
    answered = file(run, account, "2026-02-10")["complaint_id"]
    reviewer = ["--actor", "r-1:reviewer", "--at", "2026-02-11"]
    run("complaint", "screen", answered, "--reject", "--reason", "unfounded", *reviewer)
    run("complaint", "answer", answered, "--feedback", "nothing found", *reviewer)
    late = file(run, account, "2026-02-20")["complaint_id"]
    file(run, account, "2026-02-25")
    overdue = as_json(run("complaints", "--overdue", "--json"))
    assert [row["complaint_id"] for row in overdue["complaints"]] == [late]
    assert overdue["overdue_at"] == NOW.isoformat()
    listed = as_json(run("complaints", "--account", account, "--json"))
    assert listed["count"] == 3 and "overdue at" in run("complaints", "--overdue").stdout


def test_malicious_report_is_rejected_with_its_reason(run: Any, account: str) -> None:
    """R15: --reject takes the rejection reason from --reason."""
    complaint = file(run, account, "2026-02-03")["complaint_id"]
    reviewer = ["--actor", "r-1:reviewer", "--json"]
    rejected = run("complaint", "screen", complaint, "--reject", "--reason", "malicious", *reviewer)
    assert as_json(rejected)["rejection_reason"] == "malicious"


def test_a_complaint_about_a_self_inflating_name_files_under_2022_article_8(
    run: Any, account: str
) -> None:
    """R14, R15 (2022 Art 8 item (7), 2022 Art 19): `--category 2022-8-7` is received."""
    filed = run(
        *("complaint", "file", account, "--category", "2022-8-7", "--content", "'No. 1 in China'"),
        *(*PLATFORM, "--at", "2026-02-03", "--json"),
    )
    assert (as_json(filed)["status"], as_json(filed)["category"]) == ("received", "2022-8-7")


def test_refusals_name_their_rule_and_exit_code(run: Any, account: str) -> None:
    """R15: an unknown category, a missing screening choice, a partial reporter, a role."""
    complaint = file(run, account, "2026-02-03")["complaint_id"]
    wrong = ("complaint", "file", account, "--content", "x", *PLATFORM, "--json")
    category = as_json(run(*wrong, "--category", "2022-8-9", code=3))
    assert category["rule"] == "complaint-category"
    undecided = run("complaint", "screen", complaint, "--actor", "r-1:reviewer", code=2)
    assert "--accept or --reject" in undecided.stderr
    partial = run(*wrong, "--category", "2021-18-6", "--reporter-kind", "mobile", code=2)
    assert "reporter" in as_json(partial)["error"]
    role = run("complaint", "screen", complaint, "--accept", *PLATFORM, "--json", code=3)
    assert as_json(role)["rule"] == "role"
