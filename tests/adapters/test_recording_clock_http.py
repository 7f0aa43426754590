"""Over HTTP and the CLI, `"at"`/`--at` cannot choose the time of an appeal, a complaint
or a report: the recording clock dates them (issue 12 point 6; R13, R15). A time the
caller gave is refused with 422 problem+json (CLI: exit 3) naming the rule, the field
and the article, and nothing is written."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.inputs import id_card_check
from tests.adapters.cli_runner import as_json, cli_at_now
from tests.adapters.test_http import GROUNDS, NOW, Api

BODY = "11010119850101234"
ID_NUMBER = BODY + id_card_check(BODY)


def warned(api: Api) -> str:
    account = api.active_account()
    return str(api.post(f"/accounts/{account}/warn", GROUNDS, "moderator").json()["records"][0])


def register(api: Api, record: str) -> dict[str, Any]:
    (row,) = api.get(f"/disposals?account={record.split('/')[0]}", "regulator").json()["records"]
    return dict(row)


def test_an_appeal_filed_ten_months_late_with_at_inside_the_window_is_refused_as_late(
    api: Api,
) -> None:
    """R15 (2021 Art 20): `"at"` set inside the window does not reopen it: 422 by rule
    `appeal-window`, and no appeal exists."""
    record = warned(api)
    api.clock[0] = NOW + timedelta(days=300)
    body = {"grounds": "accurate", "at": (NOW + timedelta(days=1)).isoformat()}
    refused = api.post(f"/disposals/{record}/appeal", body, "platform")
    assert refused.status_code == 422, refused.json()
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert (refused.json()["rule"], refused.json()["article"]) == ("appeal-window", "2021-20")
    assert api.get("/appeals", "auditor").json()["count"] == 0


def test_an_appeal_dated_before_its_measure_is_refused_over_http(api: Api) -> None:
    """R15 (2021 Art 20): 422 by rule `recording-clock` naming the field; no appeal."""
    record = warned(api)
    api.clock[0] = NOW + timedelta(hours=1)
    body = {"grounds": "accurate", "at": (NOW - timedelta(days=1)).isoformat()}
    refused = api.post(f"/disposals/{record}/appeal", body, "platform")
    assert refused.status_code == 422, refused.json()
    assert (refused.json()["rule"], refused.json()["field"]) == ("recording-clock", "occurred_at")
    assert api.get("/appeals", "auditor").json()["count"] == 0


def test_an_appeal_whose_at_is_the_recording_clock_is_filed(api: Api) -> None:
    """R15: a caller that passes "now" still files; feedback is due from the clock."""
    record = warned(api)
    api.clock[0] = NOW + timedelta(days=2)
    body = {"grounds": "accurate", "at": api.clock[0].isoformat()}
    filed = api.post(f"/disposals/{record}/appeal", body, "platform")
    assert filed.status_code == 201, filed.json()
    due = api.clock[0] + timedelta(days=15)
    assert filed.json()["feedback_deadline"] == due.isoformat()


def test_a_report_dated_before_its_measure_is_not_shown_as_reported(api: Api) -> None:
    """R13 (2021 Art 19): 422 by rule `recording-clock`; the register shows it unreported."""
    record = warned(api)
    api.clock[0] = NOW + timedelta(days=1)
    body = {"reference": "CAC-1", "at": (NOW - timedelta(days=1)).isoformat()}
    refused = api.post(f"/disposals/{record}/report", body, "compliance")
    assert refused.status_code == 422, refused.json()
    assert (refused.json()["rule"], refused.json()["article"]) == ("recording-clock", "2021-19")
    row = register(api, record)
    assert (row["reported_at"], row["report_status"]) == (None, "unreported")


def test_a_report_dated_in_2030_is_not_shown_as_reported(api: Api) -> None:
    """R13 (2021 Art 19): 422 by rule `future-time`; the register shows it unreported."""
    record = warned(api)
    body = {"reference": "CAC-1", "at": "2030-01-01T00:00:00+00:00"}
    refused = api.post(f"/disposals/{record}/report", body, "compliance")
    assert refused.status_code == 422, refused.json()
    assert refused.json()["rule"] == "future-time"
    assert register(api, record)["reported_at"] is None


def test_a_report_is_shown_reported_at_the_recording_clock(api: Api) -> None:
    """R13: the report's time in the register is the recording clock's."""
    record = warned(api)
    api.clock[0] = NOW + timedelta(hours=5)
    reported = api.post(f"/disposals/{record}/report", {"reference": "CAC-1"}, "compliance")
    assert reported.status_code == 200, reported.json()
    row = register(api, record)
    assert row["report_status"] == "reported"
    assert row["reported_at"] == api.clock[0].isoformat()


def test_a_complaint_dated_by_the_caller_is_refused_over_http(api: Api) -> None:
    """R15 (2021 Art 20, 2022 Art 19): receipt starts the feedback deadline; 422, none filed."""
    account = api.active_account()
    body = {
        "category": "2021-18-6",
        "content": "misleading titles",
        "at": (NOW - timedelta(days=20)).isoformat(),
    }
    refused = api.post(f"/accounts/{account}/complaints", body, "platform")
    assert refused.status_code == 422, refused.json()
    assert refused.json()["rule"] == "recording-clock"
    assert api.get(f"/complaints?account={account}", "auditor").json()["count"] == 0


def test_appeal_file_with_a_chosen_at_is_refused_as_late_by_the_cli(
    store: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R15 (2021 Art 20): `appeal file --at` inside the window, ten months on: exit 3."""
    run = cli_at_now(store, monkeypatch)
    registered = run(
        *("register", "--name", "Late Garden", "--identity-kind", "id_card"),
        *("--identity-number", ID_NUMBER),
        *("--nature", "individual", "--registration-place", "Hangzhou"),
        *("--operating-place", "Hangzhou", "--content-category", "news"),
        *("--actor", "svc:platform", "--at", "2025-04-01", "--json"),
    )
    account = str(as_json(registered)["account_id"])
    run("verify-identity", account, "--actor", "r-1:reviewer", "--at", "2025-04-02")
    warn = ["--reason", "rumour", "--basis", "2021-19", "--violation", "2021-18-6"]
    warn += ["--actor", "m-1:moderator"]
    run("warn", account, *warn, "--at", "2025-05-01")
    late = run(
        *("appeal", "file", f"{account}/3", "--grounds", "accurate"),
        *("--actor", "op-1:operator", "--at", "2025-05-02", "--json"),
        code=3,
    )
    assert (as_json(late)["rule"], as_json(late)["article"]) == ("appeal-window", "2021-20")
    assert as_json(run("appeals", "--json"))["count"] == 0
