"""Several disposal records reported under one reference (R13; 2021 Art 19, 2022 Art 17):
`report-disposal RECORD [RECORD ...] --reference REF` and `POST /disposals/report`. Each
record is still reported once, and a batch is all or nothing."""

from __future__ import annotations

from typing import Any

import pytest

from accountledger.adapters.bootstrap import Settings
from tests.adapters.cli_runner import Run, as_json, cli_recording_each_step_at_its_time
from tests.adapters.test_http import GROUNDS, Api
from tests.adapters.test_registers_cli import GROUNDS as CLI_GROUNDS
from tests.adapters.test_registers_cli import ID_NUMBER

COMPLIANCE = ["--actor", "c-1:compliance", "--json"]


@pytest.fixture
def run(store: Settings, monkeypatch: pytest.MonkeyPatch) -> Run:
    return cli_recording_each_step_at_its_time(store, monkeypatch)


def three_records(run: Any) -> list[str]:
    registered = run(
        "register",
        *("--name", "Blue Kite Studio", "--identity-kind", "id_card"),
        *("--identity-number", ID_NUMBER, "--nature", "individual"),
        *("--registration-place", "Hangzhou", "--operating-place", "Hangzhou"),
        *("--content-category", "design", "--actor", "svc:platform", "--at", "2026-02-01"),
        "--json",
    )
    ident = str(as_json(registered)["account_id"])
    run("verify-identity", ident, "--actor", "r-1:reviewer", "--at", "2026-02-02")
    grounds = [*CLI_GROUNDS, "--violation", "2021-18-2"]
    run("warn", ident, *grounds, "--at", "2026-02-03")
    run("warn", ident, *grounds, "--at", "2026-02-04")
    run("suspend", ident, *grounds, "--at", "2026-02-05")
    return [f"{ident}/{version}" for version in (3, 4, 5)]


def reported(run: Any) -> dict[str, str | None]:
    records = as_json(run("disposals", "--json"))["records"]
    return {r["record_id"]: r["reported_reference"] for r in records}


def test_cli_reports_several_records_under_one_reference(run: Any) -> None:
    """R13 (2021 Art 19): two records, one reference, each reported; the third not."""
    first, second, third = three_records(run)
    done = as_json(run("report-disposal", first, second, "--reference", "CAC-7", *COMPLIANCE))
    assert done["records"] == [first, second] and done["reference"] == "CAC-7"
    assert done["record_id"] == first  # the single-record keys stay as they were
    assert reported(run) == {first: "CAC-7", second: "CAC-7", third: None}


def test_cli_batch_with_a_record_already_reported_writes_nothing(run: Any) -> None:
    """R13 (2021 Art 19): a record is reported once; the batch that names a reported
    record again is refused as a whole, so its other record stays unreported."""
    first, second, third = three_records(run)
    run("report-disposal", first, "--reference", "CAC-7", *COMPLIANCE)
    refused = as_json(
        run("report-disposal", third, first, "--reference", "CAC-8", *COMPLIANCE, code=3)
    )
    assert (refused["rule"], refused["field"], refused["article"]) == (
        "reported-once",
        "record",
        "2021-19",
    )
    twice = as_json(
        run("report-disposal", third, third, "--reference", "CAC-8", *COMPLIANCE, code=3)
    )
    assert twice["rule"] == "reported-once"
    assert reported(run) == {first: "CAC-7", second: None, third: None}


def test_http_reports_a_batch_all_or_nothing(api: Api) -> None:
    """R13 (2021 Art 19, 2022 Art 17): `POST /disposals/report` with a list of records."""
    account = api.active_account()
    records = [
        api.post(f"/accounts/{account}/warn", GROUNDS, "moderator").json()["records"][0]
        for _ in range(3)
    ]
    body = {"records": records[:2], "reference": "CAC-9"}
    assert api.post("/disposals/report", body, "moderator").status_code == 403
    done = api.post("/disposals/report", body, "compliance")
    assert done.status_code == 200, done.json()
    assert [r["record_id"] for r in done.json()["reports"]] == records[:2]
    assert done.json()["count"] == 2
    again = api.post("/disposals/report", {**body, "records": records[1:]}, "compliance")
    assert again.status_code == 422 and again.json()["rule"] == "reported-once"
    listed = api.get(f"/disposals?account={account}", "regulator").json()["records"]
    assert [r["reported_reference"] for r in listed] == ["CAC-9", "CAC-9", None]
    empty = api.post("/disposals/report", {"records": [], "reference": "X"}, "compliance")
    assert empty.status_code == 422
