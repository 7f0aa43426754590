"""`GET /stats`: a period's statistics over HTTP, for the authority and management only
(issue 17; R13-R15, 2021 Art 19 and 20; R18 the regulator's read is logged)."""

from __future__ import annotations

import csv
import io

import pytest

from accountledger.application.scope import Scope
from tests.adapters.test_http import GROUNDS, Api


@pytest.fixture
def warned(api: Api) -> str:
    account = api.active_account()
    done = api.post(f"/accounts/{account}/warn", GROUNDS, "moderator")
    assert done.status_code == 200, done.json()
    return account


@pytest.mark.parametrize("role", ["regulator", "auditor", "compliance"])
def test_the_authority_and_compliance_read_the_current_quarter(
    api: Api, warned: str, role: str
) -> None:
    """Issue 17: JSON by default, the quarter of the recording clock (1 March 2026)."""
    found = api.get("/stats", role)
    assert found.status_code == 200, found.json()
    body = found.json()
    assert body["period"]["label"] == "2026-Q1"
    assert body["measures"]["by_kind"] == {"warning": 1}
    assert body["measures"]["by_violation"] == {"2021-18-6": 1}
    assert body["accounts"]["by_status"] == {"active": 1}
    assert body["reports"] == {
        "reportable": 1,
        "reported": 0,
        "reported_in_time": 0,
        "share_in_time": 0.0,
        "report_within_hours": 72.0,
    }


def test_csv_has_the_same_figures(api: Api, warned: str) -> None:
    answer = api.client.get(
        "/stats", params={"period": "2026-03", "format": "csv"}, headers=api.key("regulator")
    )
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert {(r["figure"], r["key"], r["value"]) for r in rows} >= {("by_kind", "warning", "1")}


@pytest.mark.parametrize("role", ["operator", "platform", "moderator", "reviewer"])
def test_other_roles_see_nothing(api: Api, warned: str, role: str) -> None:
    """Issue 17: an operator (or any role beyond the authority and compliance) is 403."""
    refused = api.get("/stats", role)
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert "measures" not in refused.json()


def test_a_scoped_key_sees_nothing(api: Api, warned: str) -> None:
    """Statistics count the whole record: a key bound to a subject is refused (scope)."""
    _, secret = api.keys.create("compliance", "c-9", scope=Scope(subject="s-" + "0" * 64))
    refused = api.client.get("/stats", headers={"Authorization": f"Bearer {secret}"})
    assert refused.status_code == 403 and refused.json()["rule"] == "scope"


def test_no_key_is_401(api: Api) -> None:
    assert api.client.get("/stats").status_code == 401


@pytest.mark.parametrize(
    "bad", ["2026-Q5", "2026-W60", "yesterday", "1999-01", "9" * 60, "9" * 100]
)
def test_a_bad_period_is_a_422_problem_naming_it(api: Api, bad: str) -> None:
    """Issue 17: hostile input is problem+json naming the field `period`; nothing written."""
    answer = api.client.get("/stats", params={"period": bad}, headers=api.key("regulator"))
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert "period" in answer.json()["field"]
    assert not [entry for entry in api.keys.accesses() if entry["path"] == "/stats"]


def test_the_regulators_read_is_logged(api: Api, warned: str) -> None:
    """R18: the access log says who read the statistics, and when."""
    api.get("/stats?period=2026-Q1", "regulator")
    log = api.keys.accesses()
    assert any(entry["path"] == "/stats" for entry in log)
