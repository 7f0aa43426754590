"""The statistics page in a real browser (issue 17): the regulator picks a period, reads
the figures and the charts, and opens the printable report; the figures are those the
API gives for the same period (R13, R15; 2021 Art 19, 20; R18 the read is logged)."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest

from tests.browser.scene import Scene, browser_missing

pytest.importorskip("playwright.sync_api", reason=browser_missing() or "no playwright")

from playwright.sync_api import Browser, Page, expect

from tests.browser.test_console import sign_in
from tests.browser.test_console_languages import sign_in as sign_in_by_default

pytestmark = pytest.mark.skipif(browser_missing() is not None, reason=browser_missing() or "")


def api_stats(server: str, key: str, period: str) -> dict[str, object]:
    asked = urllib.request.Request(
        f"{server}/stats?period={period}", headers={"Authorization": f"Bearer {key}"}
    )
    with urllib.request.urlopen(asked, timeout=10) as answer:
        found: dict[str, object] = json.load(answer)
    return found


def bars(page: Page, chart: str) -> dict[str, int]:
    drawn = page.locator(f'svg[data-chart="{chart}"] g.bar')
    return {
        str(bar.get_attribute("data-key")): int(str(bar.get_attribute("data-value")))
        for bar in drawn.all()
    }


def test_the_regulator_reads_a_quarter_and_prints_its_report(
    page: Page, scene: Scene, server: str
) -> None:
    """Issue 17: the statistics page read in the browser, period chosen in its form."""
    sign_in(page, scene.regulator_key)
    page.get_by_role("link", name="Statistics").click()
    expect(page).to_have_url(re.compile(r"/console/stats"))
    page.get_by_label("Period").fill("2026-Q1")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#period-shown")).to_contain_text("2026-01-01")
    expected = api_stats(server, scene.regulator_key, "2026-Q1")
    measures = expected["measures"]
    assert isinstance(measures, dict)
    assert bars(page, "by_kind") == measures["by_kind"]
    assert bars(page, "by_violation") == measures["by_violation"]
    shown_total = page.locator('[data-figure="measures.total"]').inner_text()
    assert int(shown_total) == measures["total"] == scene.records
    assert bars(page, "by_kind")["warning"] == scene.warnings
    reports = expected["reports"]
    assert isinstance(reports, dict)
    reported = page.locator('[data-figure="reports.reported"]').inner_text()
    assert int(reported) == reports["reported"] > 0
    page.get_by_role("link", name="Printable report").click()
    expect(page).to_have_url(re.compile(r"/console/stats/report\?period=2026-Q1"))
    expect(page.locator("h1")).to_contain_text("2026-Q1")
    assert page.locator("nav").count() == 0
    assert bars(page, "by_kind") == measures["by_kind"]


def test_a_bad_period_is_named_on_the_page(page: Page, scene: Scene) -> None:
    sign_in(page, scene.compliance_key)
    page.goto("/console/stats?period=2026-Q7")
    expect(page.locator("#period-error")).to_contain_text("period:")
    expect(page.get_by_label("Period")).to_have_attribute("aria-invalid", "true")


def test_the_statistics_page_in_chinese_by_default(
    browser: Browser, server: str, scene: Scene
) -> None:
    """Issue 17: a browser that chose no language reads the statistics in Chinese: the
    page, the measures by their Chinese names, the figures those of the API."""
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in_by_default(page, scene.regulator_key)
    page.goto("/console/stats?period=2026-Q1")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.locator("h1")).to_contain_text("统计")
    expected = api_stats(server, scene.regulator_key, "2026-Q1")
    measures = expected["measures"]
    assert isinstance(measures, dict)
    assert bars(page, "by_kind") == measures["by_kind"]
    shown_total = page.locator('[data-figure="measures.total"]').inner_text()
    assert int(shown_total) == measures["total"] == scene.records
    expect(page.locator('svg[data-chart="by_kind"]')).to_contain_text("警示")
    context.close()
