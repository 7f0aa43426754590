"""One seeded store and one server per module, one Chromium per session, a fresh
browser context (cookies, downloads) per test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests.browser.scene import Scene, browser_missing, chromium, seed, serve

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Scene:
    return seed(tmp_path_factory.mktemp("console"))


@pytest.fixture(scope="module")
def server(scene: Scene) -> Iterator[str]:
    """The base URL of `accountledger serve` on the scene's store."""
    with serve(scene.settings) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    missing = browser_missing()
    if missing:
        pytest.skip(missing)
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    context = browser.new_context(
        base_url=server, viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    context.set_default_timeout(10_000)
    # These tests read English; the default, Chinese, is test_console_languages.py's.
    context.add_cookies([{"name": "lang", "value": "en", "url": f"{server}/console"}])
    try:
        yield context.new_page()
    finally:
        context.close()
