"""The console in a real browser in both languages (issue 17): Chinese without a choice,
English after the header's switch, the choice kept across pages; measures, statuses,
article citations and the lifecycle diagram by the regulations' Chinese terms (R18).

The English pages are the subject of test_console.py (its browser contexts choose English
with the `lang` cookie); here a context starts with no choice.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.scene import Scene, browser_missing

pytest.importorskip("playwright.sync_api", reason=browser_missing() or "no playwright")

from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.skipif(browser_missing() is not None, reason=browser_missing() or "")

TITLE_2021 = "《互联网用户公众账号信息服务管理规定》"


@pytest.fixture
def fresh(browser: Browser, server: str) -> Page:
    """A browser that has never chosen a language."""
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    return context.new_page()


def sign_in(page: Page, key: str) -> None:
    page.goto("/console/sign-in")
    page.locator("#key").fill(key)
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/console/search"))


def test_chinese_by_default_and_english_on_the_switch(fresh: Page, scene: Scene) -> None:
    """R18: the sign-in page and the pages after it in Chinese; the header's link turns the
    console to English and later pages stay English; the link back returns to Chinese."""
    page = fresh
    page.goto("/console/sign-in")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.get_by_label("API 密钥")).to_be_visible()
    sign_in(page, scene.regulator_key)
    for link in ("查询", "处置记录簿", "申诉"):
        expect(page.get_by_role("link", name=link, exact=True)).to_be_visible()

    page.locator("#language-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Find an account")
    page.goto("/console/disposals")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Disposal register")

    page.locator("#language-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.locator("h1")).to_have_text("处置记录簿")


def test_the_account_page_in_chinese(fresh: Page, scene: Scene) -> None:
    """R13, R18: the status and the measures by the regulations' terms, the articles cited
    as practitioners cite them, the diagram's boxes in Chinese, dates in Asia/Shanghai."""
    page = fresh
    sign_in(page, scene.regulator_key)
    page.goto(f"/console/accounts/{scene.account}")
    expect(page.locator("#status")).to_have_text("暂停使用")
    measures = page.locator("#disposals td.measure")
    expect(measures).to_contain_text(["警示", "暂停使用"])
    expect(page.locator("#disposals abbr.article").first).to_contain_text(TITLE_2021)
    expect(page.locator("#disposals")).to_contain_text(f"{TITLE_2021}第十九条")
    current = page.locator('svg.lifecycle g.state.current[data-state="suspended"] text')
    expect(current).to_have_text("暂停使用")
    expect(page.locator('svg.lifecycle g.state[data-state="blacklisted"] text')).to_have_text(
        "列入黑名单"
    )
    # Suspended at 15:00 UTC on 12 March: 23:00 on the platform's clock.
    expect(page.locator("#disposals")).to_contain_text("2026年3月12日 23:00:00")


def test_a_refusal_in_chinese(fresh: Page, scene: Scene) -> None:
    """R13: a bad filter is refused in Chinese, naming the field and the rule."""
    page = fresh
    sign_in(page, scene.regulator_key)
    page.goto("/console/disposals")
    page.locator("#f-from").fill("yesterday")
    page.locator("#filters button[type=submit]").click()
    alert = page.locator('p#error[role="alert"]')
    expect(alert).to_contain_text("from：")
    expect(alert).to_contain_text("（规则：iso-8601）")
    expect(page.locator("#f-from")).to_have_attribute("aria-invalid", "true")
