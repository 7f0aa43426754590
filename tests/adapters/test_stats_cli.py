"""`accountledger stats`: a period's figures as a table, CSV or JSON (issue 17; R13-R15)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from accountledger.adapters import cli_stats  # noqa: F401  (adds `stats`)
from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.exports import STATISTICS_COLUMNS
from tests.adapters import test_registers_cli
from tests.adapters.cli_runner import Run, as_json, cli_recording_each_step_at_its_time

# The register's scenario: warned on 3 February (reported the next day), suspended on 10th.
account = test_registers_cli.account


@pytest.fixture
def run(store: Settings, monkeypatch: pytest.MonkeyPatch) -> Run:
    return cli_recording_each_step_at_its_time(store, monkeypatch)


def test_json_defaults_to_the_current_quarter_of_the_clock(run: Any, account: str) -> None:
    """Issue 17, R13: without --period, the quarter the recording clock (1 March 2026) is
    in, in the platform's zone; one warning and one suspension, one reported in time."""
    found = as_json(run("stats", "--format", "json"))
    assert found["period"]["label"] == "2026-Q1"
    assert found["period"]["from"] == "2026-01-01T00:00:00+08:00"
    assert found["measures"]["by_kind"] == {"suspension": 1, "warning": 1}
    assert found["measures"]["by_violation"] == {"2021-18-2": 1, "2021-18-6": 2}
    assert found["reports"]["reportable"] == 2 and found["reports"]["reported_in_time"] == 1
    assert found["accounts"]["by_status"] == {"suspended": 1}
    assert as_json(run("stats", "--json")) == found


def test_csv_is_one_figure_a_row(run: Any, account: str) -> None:
    """Issue 17: `stats --period 2026-Q1 --format csv` as the issue names it."""
    text = run("stats", "--period", "2026-Q1", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(STATISTICS_COLUMNS)
    kinds = {r["key"]: r["value"] for r in rows if r["figure"] == "by_kind"}
    assert kinds == {"suspension": "1", "warning": "1"}
    assert {r["period"] for r in rows} == {"2026-Q1"}


def test_another_period_counts_only_its_days(run: Any, account: str) -> None:
    """Issue 17: the week of 2 February holds the warning; the suspension falls after."""
    found = as_json(run("stats", "--period", "2026-W06", "--json"))
    assert found["measures"]["by_kind"] == {"warning": 1}
    empty = as_json(run("stats", "--period", "2026-04", "--json"))
    assert empty["measures"]["total"] == 0 and empty["reports"]["share_in_time"] is None


def test_the_table_names_the_period(run: Any, account: str) -> None:
    shown = run("stats", "--period", "2026-02").stdout
    assert "Statistics 2026-02" in shown and "suspension" in shown


@pytest.mark.parametrize("bad", ["2026-Q5", "2026-13", "yesterday", "1999-Q1", "x" * 5000])
def test_a_bad_period_is_one_line_exit_2(run: Any, account: str, bad: str) -> None:
    """Issue 17: hostile input is one line naming the field and the rule, exit 2."""
    refused = run("stats", "--period", bad, "--json", code=2)
    line = json.loads(refused.stdout)
    assert line["field"] == "period" and line["rule"] in {"period", "period-range"}
    assert "Traceback" not in refused.output
    # (CliRunner's terminal is 80 columns wide: the line wraps there, not in a shell.)
    text = " ".join(run("stats", "--period", bad, code=2).output.split())
    assert text.startswith("error: period:") and text.endswith(")")
