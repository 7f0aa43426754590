"""`accountledger disposals`: the register as a table, CSV or JSON, with filters (R13, R14, R18)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.inputs import id_card_check
from accountledger.projections.queries import RECORD_COLUMNS
from tests.adapters.cli_runner import Run, as_json, cli_recording_each_step_at_its_time

BODY = "11010119850101234"
ID_NUMBER = BODY + id_card_check(BODY)
GROUNDS = ["--reason", "rumour", "--basis", "2021-19", "--actor", "m-1:moderator"]


@pytest.fixture
def run(store: Settings, monkeypatch: pytest.MonkeyPatch) -> Run:
    return cli_recording_each_step_at_its_time(store, monkeypatch)


@pytest.fixture
def account(run: Any) -> str:
    """Warned on 3 February (reported the next day), suspended on 10 February."""
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
    violations = ["--violation", "2021-18-6", "--violation", "2021-18-2"]
    run("warn", ident, *GROUNDS, *violations, "--at", "2026-02-03")
    reporter = ["--actor", "c-1:compliance", "--at", "2026-02-04"]
    run("report-disposal", f"{ident}/3", "--reference", "CAC-2026-1", *reporter)
    run("suspend", ident, *GROUNDS, "--violation", "2021-18-6", "--at", "2026-02-10")
    return ident


def test_csv_has_a_header_and_one_row_per_measure(run: Any, account: str) -> None:
    """R13, R18: an export a regulator can check, list columns joined with ';'
    (records kept, 2021 Art 19, 2022 Art 17)."""
    rows = list(csv.reader(io.StringIO(run("disposals", "--format", "csv").stdout)))
    assert rows[0] == list(RECORD_COLUMNS)
    records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert [r["measure"] for r in records] == ["warning", "suspension"]
    assert records[0]["violation"] == "2021-18-6;2021-18-2"
    assert [r["report_status"] for r in records] == ["reported", "overdue"]


def test_json_is_one_object_with_the_records_and_their_count(run: Any, account: str) -> None:
    """R13: `--json` and `--format json` print the same single object."""
    listed = as_json(run("disposals", "--json"))
    assert listed["count"] == 2 and len(listed["records"]) == 2
    assert listed["records"][0]["reported_reference"] == "CAC-2026-1"
    assert as_json(run("disposals", "--format", "json")) == listed


def test_overdue_lists_only_unreported_records_past_the_limit(run: Any, account: str) -> None:
    """R13: at the clock's now, the unreported suspension is past 72 hours."""
    overdue = as_json(run("disposals", "--overdue", "--json"))["records"]
    everything = as_json(run("disposals", "--json"))["records"]
    suspension = next(r["record_id"] for r in everything if r["measure"] == "suspension")
    assert suspension.startswith(account)
    assert [r["record_id"] for r in overdue] == [suspension]


def test_filters_by_subject_time_measure_and_violation(run: Any, account: str) -> None:
    """R14, R18: --subject KIND:NUMBER, --to a whole day, --measure, --violation."""

    def listed(*filters: str) -> list[str]:
        records = as_json(run("disposals", *filters, "--json"))["records"]
        return [str(r["measure"]) for r in records]

    assert listed("--subject", f"id_card:{ID_NUMBER}", "--to", "2026-02-03") == ["warning"]
    assert listed("--from", "2026-02-04", "--account", account) == ["suspension"]
    assert listed("--measure", "suspension", "--violation", "2021-18-2") == []
    assert listed("--violation", "2021-18-2") == ["warning"]


def test_text_is_a_table_titled_with_the_count(run: Any, account: str) -> None:
    """R18: people read a table."""
    assert "Disposal register: 2 record(s)" in run("disposals").stdout


def test_unknown_measure_is_refused_naming_the_field(run: Any, account: str) -> None:
    """R13: a filter that cannot match is refused, not answered with nothing."""
    refused = as_json(run("disposals", "--measure", "scolding", "--json", code=2))
    assert refused["error"].startswith("measure:") and "scolding" in refused["error"]


def test_article_that_is_not_a_violation_class_is_refused(run: Any, account: str) -> None:
    """R14: --violation takes an item of 2021 Art 18 or 2022 Art 8."""
    refused = as_json(run("disposals", "--violation", "2021-19", "--json", code=2))
    assert refused["error"].startswith("violation:")
