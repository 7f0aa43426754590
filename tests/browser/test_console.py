"""The web console in a real browser: sign-in, an account on an earlier date, the
disposal register with its filters, pages and downloads, an appeal decided, and the same
pages on a phone (R13, R15, R17, R18).

Chromium is Debian's (`/usr/bin/chromium`, or `ACCOUNTLEDGER_CHROMIUM`), driven by
Playwright; without either, every test here skips with the reason. One seeded store and
one server serve the module (`scene.py`).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from accountledger.adapters.bootstrap import keystore_url
from accountledger.adapters.http.keys import KeyStore
from accountledger.domain.articles import article
from tests.browser.scene import Scene, browser_missing

pytest.importorskip("playwright.sync_api", reason=browser_missing() or "no playwright")

from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.skipif(browser_missing() is not None, reason=browser_missing() or "")

PHONE = {"width": 375, "height": 740}


def sign_in(page: Page, key: str) -> None:
    page.goto("/console/sign-in")
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/console/search"))


def account_url(account: str, as_of: str | None = None) -> str:
    return f"/console/accounts/{account}" + (f"?as_of={as_of}" if as_of else "")


def logged(scene: Scene, actor: str, account: str) -> list[dict[str, object]]:
    """The access-log rows of `actor` about `account` (the log is in the key store)."""
    keys = KeyStore(keystore_url(scene.settings))
    try:
        return [
            row
            for row in keys.accesses()
            if row["actor_id"] == actor and row["account_id"] == account
        ]
    finally:
        keys.close()


def status_of(page: Page) -> str:
    return page.locator("#status").inner_text().strip().lower()


def test_sign_in_names_the_caller_and_search_finds_accounts(page: Page, scene: Scene) -> None:
    """A wrong key is refused with an alert; a regulator's key signs in as its actor and
    role, and search finds the account by name (R17, R18)."""
    page.goto("/console/sign-in")
    page.get_by_label("API key").fill("alk_not-a-key")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator('p#error[role="alert"]')).to_be_visible()

    sign_in(page, scene.regulator_key)
    expect(page.locator("#who")).to_have_text("cac-1 (regulator)")
    for link in ("Search", "Disposal register", "Appeals"):
        expect(page.get_by_role("link", name=link, exact=True)).to_be_visible()

    page.locator("#q").fill("no such account anywhere")
    page.locator("#q").press("Enter")
    expect(page.locator("#no-results")).to_be_visible()
    expect(page.locator("#results tr.result")).to_have_count(0)

    page.locator("#q").fill("Jade")
    page.locator("#q").press("Enter")
    results = page.locator("#results tr.result")
    expect(results).to_have_count(1)
    results.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(rf"/console/accounts/{scene.account}$"))
    expect(page.locator("h1")).to_have_text(scene.account_name)


def test_an_account_on_an_earlier_date(page: Page, scene: Scene) -> None:
    """R18: the account now (suspended), then as it stood on 2026-02-20 (warned, still
    active), with a banner saying so and the history up to that date; each measure shows
    its article, with the article's text (R13). The regulator sees the identity, and the
    key store's access log records each showing (R17, R18)."""
    sign_in(page, scene.regulator_key)
    before = len(logged(scene, "cac-1", scene.account))
    page.goto(account_url(scene.account))
    expect(page.locator("h1")).to_have_text(scene.account_name)
    assert status_of(page) == "suspended"
    expect(page.locator("#as-of-banner")).to_have_count(0)
    timeline = page.locator("#timeline li.event")
    expect(timeline.and_(page.locator('[data-event="Suspended"]'))).to_have_count(1)
    warned = page.locator('#timeline li.event[data-event="Warned"]')
    basis = warned.locator("abbr.article").first
    expect(basis).to_contain_text("2021-19")
    assert article("2021-19").summary in (basis.get_attribute("title") or "")
    expect(page.locator("#identity")).to_be_visible()
    expect(page.locator(f'#disposals tr.record[data-record="{scene.reported}"]')).to_be_visible()

    page.locator("#as_of").fill("2026-02-20")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"as_of=2026-02-20"))
    expect(page.locator("#as-of-banner")).to_be_visible()
    expect(page.locator("#as-of-banner")).to_contain_text("2026-02-20")
    assert status_of(page) == "active"
    expect(page.locator('#timeline li.event[data-event="Warned"]')).to_have_count(1)
    expect(page.locator('#timeline li.event[data-event="Suspended"]')).to_have_count(0)
    assert len(logged(scene, "cac-1", scene.account)) >= before + 2  # one per showing

    versions = [
        int(v or 0)
        for v in page.locator("#timeline li.event").evaluate_all(
            "items => items.map(i => i.dataset.version)"
        )
    ]
    assert sorted(versions) == list(range(1, len(versions) + 1)), versions


def test_the_lifecycle_diagram_marks_the_current_state(page: Page, scene: Scene) -> None:
    """R18: the state machine drawn inline, the account's state marked, now and then."""
    sign_in(page, scene.regulator_key)
    page.goto(account_url(scene.account))
    current = page.locator("#lifecycle svg g.state.current")
    expect(current).to_have_count(1)
    expect(current).to_have_attribute("data-state", "suspended")
    states = page.locator("#lifecycle svg g.state").evaluate_all(
        "gs => gs.map(g => g.dataset.state)"
    )
    assert {"pending", "active", "suspended", "closed"} <= set(states), states

    page.goto(account_url(scene.account, "2026-02-20"))
    expect(current).to_have_count(1)
    expect(current).to_have_attribute("data-state", "active")


def rows_of(download_path: Path, kind: str) -> list[dict[str, str]]:
    text = download_path.read_text(encoding="utf-8-sig")
    if kind == "csv":
        return list(csv.DictReader(io.StringIO(text)))
    data = json.loads(text)
    return list(data["records"] if isinstance(data, dict) else data)


def test_the_register_filters_pages_and_downloads(page: Page, scene: Scene) -> None:
    """R13: the disposal register, filtered by measure, 25 to a page, and the filtered
    register (every page of it) downloaded as CSV and as JSON."""
    sign_in(page, scene.regulator_key)
    page.get_by_role("link", name="Disposal register", exact=True).click()
    expect(page).to_have_url(re.compile(r"/console/disposals"))
    expect(page.locator("#count")).to_have_text(f"{scene.records} records")
    expect(page.locator("#register tr.record")).to_have_count(25)
    expect(page.locator("#page")).to_have_text("Page 1 of 2")

    measure = page.locator('#filters [name="measure"]')
    if measure.evaluate("e => e.tagName") == "SELECT":
        measure.select_option("warning")
    else:
        measure.fill("warning")
    page.locator("#filters").get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"measure=warning"))
    expect(page.locator("#count")).to_have_text(f"{scene.warnings} records")
    expect(page.locator("#page")).to_have_text("Page 1 of 2")

    pages = page.get_by_role("navigation", name="pages")
    pages.get_by_role("link", name="Next").click()
    expect(page.locator("#page")).to_have_text("Page 2 of 2")
    expect(page.locator("#register tr.record")).to_have_count(scene.warnings - 25)
    expect(pages.get_by_role("link", name="Previous")).to_be_visible()
    expect(pages.get_by_role("link", name="Next")).to_have_count(0)

    for kind in ("csv", "json"):
        with page.expect_download() as started:
            page.locator(f"#download-{kind}").click()
        download = started.value
        assert download.suggested_filename.endswith(f".{kind}"), download.suggested_filename
        rows = rows_of(Path(download.path()), kind)
        assert len(rows) == scene.warnings, (kind, len(rows))
        assert {row["measure"] for row in rows} == {"warning"}
        reported = [row for row in rows if row["record_id"] == scene.reported]
        assert reported and reported[0]["reported_reference"] == "CAC-2026-0142"


def test_the_reviewer_decides_an_appeal(page: Page, scene: Scene) -> None:
    """R15: the assigned reviewer overturns the advertising ban with reasons; a decision
    the rules refuse is shown as an alert and changes nothing; the appeal is then decided
    and the account's timeline shows the reversal. No identity for a reviewer (R17)."""
    sign_in(page, scene.reviewer_key)
    expect(page.locator("#who")).to_have_text("ar-1 (appeal_reviewer)")
    page.goto(f"/console/appeals/{scene.appeal}")
    expect(page.locator("#appeal-status")).to_contain_text("assigned")
    expect(page.locator('#trail li.event[data-event="Assigned"]')).to_have_count(1)
    form = page.locator("#decide-form")
    expect(form).to_be_visible()

    # Only a restriction or a suspension can be varied: an advertising ban cannot.
    form.locator('input[name="outcome"][value="varied"]').check()
    form.get_by_label("Reasons").fill("a shorter ban would do")
    form.locator("#until").fill("2026-12-31")
    form.get_by_role("button", name="Decide").click()
    expect(page.locator('p#refusal[role="alert"]')).to_contain_text("rule: variation")
    page.goto(f"/console/appeals/{scene.appeal}")
    expect(page.locator("#appeal-status")).to_contain_text("assigned")

    form.locator('input[name="outcome"][value="overturned"]').check()
    form.get_by_label("Reasons").fill("the sponsored posts were labelled as ads")
    form.get_by_role("button", name="Decide").click()
    expect(page).to_have_url(re.compile(rf"/console/appeals/{scene.appeal}$"))
    expect(page.locator("#appeal-status")).to_contain_text("decided")
    expect(page.locator("#decide-form")).to_have_count(0)
    expect(page.locator('#trail li.event[data-event="Decided"]')).to_have_count(1)

    page.goto(account_url(scene.appeal_account))
    reversed_ = page.locator('#timeline li.event[data-event="MeasureReversed"]')
    expect(reversed_).to_have_count(1)
    expect(reversed_).to_contain_text("ar-1")
    expect(page.locator("#identity")).to_have_count(0)


def test_a_regulator_reads_an_appeal_but_cannot_decide_it(
    browser: Browser, server: str, scene: Scene
) -> None:
    """R15: the decide form is the assigned reviewer's; a regulator only reads."""
    seen: dict[str, int] = {}
    for role, key in (("appeal_reviewer", scene.reviewer_key), ("regulator", scene.regulator_key)):
        context = browser.new_context(base_url=server)
        context.add_cookies([{"name": "lang", "value": "en", "url": f"{server}/console"}])
        try:
            page = context.new_page()
            sign_in(page, key)
            page.goto(f"/console/appeals/{scene.second_appeal}")
            expect(page.locator("#appeal-status")).to_contain_text("assigned")
            expect(page.locator('#trail li.event[data-event="Filed"]')).to_have_count(1)
            seen[role] = page.locator("#decide-form").count()
        finally:
            context.close()
    assert seen == {"appeal_reviewer": 1, "regulator": 0}


def fits_a_phone(page: Page, path: str) -> None:
    page.goto(path)
    expect(page.locator("#who")).to_be_visible()
    for link in ("Search", "Disposal register", "Appeals"):
        expect(page.get_by_role("link", name=link, exact=True)).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{path} is {width}px wide on a {PHONE['width']}px phone"


def test_the_pages_fit_a_phone(browser: Browser, server: str, scene: Scene) -> None:
    """At 375x740 no page scrolls sideways and the navigation stays in view."""
    pages = {
        scene.regulator_key: [
            "/console/search?q=a",
            account_url(scene.account),
            account_url(scene.account, "2026-02-20"),
            "/console/disposals",
        ],
        scene.reviewer_key: [f"/console/appeals/{scene.second_appeal}"],
    }
    for key, paths in pages.items():
        context = browser.new_context(base_url=server, viewport=PHONE)
        context.add_cookies([{"name": "lang", "value": "en", "url": f"{server}/console"}])
        try:
            page = context.new_page()
            sign_in(page, key)
            for path in paths:
                fits_a_phone(page, path)
        finally:
            context.close()
