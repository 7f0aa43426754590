"""The console's screenshots in docs/console/: `make screenshots`
(`.venv/bin/python -m tests.browser.screenshots`).

Seeds the browser tests' store (`scene.py`) in a temporary directory, serves it, signs
in as the regulator for the account, the register and the statistics of 2026-Q1 and as
the appeal reviewer for the appeal, and writes full-page PNGs 1280 px wide, plus the
account page on an earlier date
on a phone (375 px): each in Chinese (`NAME-zh.png`, the console's default) and in
English (`NAME-en.png`, chosen with `?lang=en`).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.browser.scene import Scene, browser_missing, chromium, seed, serve

OUT = Path(__file__).resolve().parents[2] / "docs" / "console"
WIDE = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
LANGUAGES = (("zh_Hans", "zh"), ("en", "en"))


def shoot(out: Path = OUT) -> list[Path]:
    from playwright.sync_api import Browser, Page

    def signed_in(
        browser: Browser, url: str, key: str, viewport: dict[str, int], lang: str
    ) -> Page:
        context = browser.new_context(base_url=url, viewport=viewport)  # type: ignore[arg-type]
        page = context.new_page()
        page.goto(f"/console/sign-in?lang={lang}")  # the choice is kept in a cookie
        page.locator("#key").fill(key)
        page.locator("main button[type=submit]").click()
        page.wait_for_url("**/console/search**")
        return page

    def picture(page: Page, path: str, name: str) -> Path:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        target = out / name
        page.screenshot(path=str(target), full_page=True)
        return target

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as directory:
        scene: Scene = seed(Path(directory))
        with serve(scene.settings) as url, chromium() as browser:
            for lang, suffix in LANGUAGES:
                regulator = signed_in(browser, url, scene.regulator_key, WIDE, lang)
                account = f"/console/accounts/{scene.account}"
                written.append(picture(regulator, account, f"account-{suffix}.png"))
                written.append(picture(regulator, "/console/disposals", f"register-{suffix}.png"))
                reviewer = signed_in(browser, url, scene.reviewer_key, WIDE, lang)
                appeal = f"/console/appeals/{scene.appeal}"
                written.append(picture(reviewer, appeal, f"appeal-{suffix}.png"))
                phone = signed_in(browser, url, scene.regulator_key, PHONE, lang)
                path = f"/console/accounts/{scene.account}?as_of=2026-02-20"
                written.append(picture(phone, path, f"account-phone-{suffix}.png"))
                stats = "/console/stats?period=2026-Q1"
                written.append(picture(regulator, stats, f"statistics-{suffix}.png"))
    return written


def main() -> int:
    missing = browser_missing()
    if missing:
        print(f"screenshots: {missing}", file=sys.stderr)
        return 1
    for path in shoot():
        print(path.relative_to(OUT.parents[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
