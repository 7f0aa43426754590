"""The console's statistics page, printable report and downloads (issue 17): the same
figures as `GET /stats`, charts drawn on the server, for the authority and compliance."""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests.adapters import test_console
from tests.adapters.test_console import Console, grounds
from tests.adapters.test_http import Api

# The console's scene: a service at a fixed clock, a signed-in browser, an account.
app_and_client, api, console = test_console.app_and_client, test_console.api, test_console.console
account = test_console.account


@pytest.fixture
def warned(api: Api, account: str) -> str:
    done = api.post(f"/accounts/{account}/warn", grounds("12", "2021-18-2"), "moderator")
    assert done.status_code == 200, done.json()
    return account


def _bars(html: str, chart: str) -> dict[str, str]:
    drawn = re.search(rf'<svg class="chart" data-chart="{chart}".*?</svg>', html, re.S)
    assert drawn is not None, chart
    return dict(re.findall(r'class="bar" data-key="([^"]*)" data-value="([^"]*)"', drawn[0]))


def test_the_page_shows_the_figures_the_api_gives_with_charts(
    api: Api, console: Console, warned: str
) -> None:
    """Issue 17, R13 (2021 Art 19): the page's charts and figures are `GET /stats`'s."""
    console.sign_in("regulator")
    shown = console.get("/console/stats", period="2026-Q1")
    assert shown.status_code == 200
    html = shown.text
    figures = api.get("/stats?period=2026-Q1", "regulator").json()
    assert _bars(html, "by_kind") == {k: str(v) for k, v in figures["measures"]["by_kind"].items()}
    assert _bars(html, "by_violation") == {
        k: str(v) for k, v in figures["measures"]["by_violation"].items()
    }
    total = re.search(r'data-figure="measures.total">(\d+)<', html)
    assert total is not None and int(total[1]) == figures["measures"]["total"]
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org", "")


def test_the_default_is_the_current_quarter(console: Console, warned: str) -> None:
    console.sign_in("compliance")
    html = console.get("/console/stats").text
    assert 'data-period="2026-Q1"' in html


def test_the_printable_report_has_no_navigation(console: Console, warned: str) -> None:
    console.sign_in("auditor")
    report = console.get("/console/stats/report", period="2026-03")
    assert report.status_code == 200
    assert "<nav" not in report.text and "@media print" in report.text
    assert _bars(report.text, "by_kind")


def test_the_downloads_are_the_apis_figures(api: Api, console: Console, warned: str) -> None:
    console.sign_in("regulator")
    got = console.get("/console/stats/download", period="2026-Q1", format="json")
    assert got.json() == api.get("/stats?period=2026-Q1", "regulator").json()
    rows = list(csv.DictReader(io.StringIO(console.get("/console/stats/download").text)))
    assert ("by_kind", "warning", "2") in {(r["figure"], r["key"], r["value"]) for r in rows}


def test_a_bad_period_is_a_422_page_naming_the_field(console: Console) -> None:
    console.sign_in("regulator")
    page = console.get("/console/stats", period="2026-Q9")
    assert page.status_code == 422 and "period:" in page.text and "(rule: period)" in page.text


@pytest.mark.parametrize("role", ["moderator", "platform", "reviewer"])
def test_other_roles_see_nothing(console: Console, warned: str, role: str) -> None:
    console.sign_in(role)
    for path in ("/console/stats", "/console/stats/report", "/console/stats/download"):
        refused = console.get(path)
        assert refused.status_code == 403 and "data-chart" not in refused.text


def test_the_charts_and_the_report_speak_chinese(console: Console, warned: str) -> None:
    """Issue 17 point 1: a bar is labelled by the regulations' term (警示, 2021 Art 19)
    while its key stays the id; the report's time of preparation is the platform's wall
    clock with its zone, written in Chinese."""
    console.sign_in("regulator")
    html = console.get("/console/stats/report", period="2026-Q1", lang="zh_Hans").text
    assert _bars(html, "by_kind")["warning"] == "2"
    assert "<title>警示: 2</title>" in html and ">警示</text>" in html
    assert re.search(r"编制时间：2026年3月\d+日 \d\d:\d\d:\d\d（Asia/Shanghai）；编制人", html)
    assert '<html lang="zh-Hans">' in html
    english = console.get("/console/stats/report", period="2026-Q1", lang="en").text
    assert "<title>warning: 2</title>" in english
    assert re.search(r"Prepared 2026-03-\d\d \d\d:\d\d:\d\d \+08:00 \(Asia/Shanghai\) by", english)


def test_a_bad_period_is_explained_in_chinese_and_in_english(console: Console) -> None:
    """Issue 17 point 1: a refusal is said in the page's language (its rule kept)."""
    console.sign_in("regulator")
    chinese = console.get("/console/stats", period="2026-Q9", lang="zh_Hans").text
    assert "不是有效的统计期间" in chinese and "period" in chinese
    english = console.get("/console/stats", period="2026-Q9", lang="en").text
    assert "不是有效的统计期间" not in english and "(rule: period)" in english
