"""Browser tests: Playwright (Python) driving Debian's Chromium against pytest-django's live server.

No browser is ever downloaded: Chromium comes from Debian (``apt-get install chromium``). When it
is missing the browser tests FAIL (never skip), naming the package.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


# Assertions wait up to 15 s (Playwright's default is 5 s): a busy CI machine renders slowly; a
# wrong page still fails, only later.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="module")
def chromium_browser(django_db_setup):
    """One Chromium per test module (the test database exists before it starts).

    Playwright's sync API keeps an asyncio loop running in this thread while it lives, which
    trips Django's async-safety guard on the test's own (synchronous) ORM calls: the guard is
    lifted for exactly that time, and the loop is gone when the module's tests end.
    """
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Không có Chromium tại {CHROMIUM}: cài gói Debian 'chromium' "
            "(apt-get install chromium). Không dùng 'playwright install'.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    saved = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if saved is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = saved


@pytest.fixture(autouse=True)
def _browser_env(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from tests.test_messages import ensure_compiled

    ensure_compiled()  # English pages need the compiled catalogues
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture
def new_page(chromium_browser):
    contexts = []

    def make(viewport: dict):
        # A browser whose own language is English: the site must still start in Vietnamese.
        context = chromium_browser.new_context(viewport=viewport, locale="en-US")
        # Generous: the live server's first page (template compilation, a loaded CI machine)
        # can take several seconds; a wrong page still fails on the assertion that follows.
        context.set_default_timeout(20000)
        context.set_default_navigation_timeout(30000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def follow_menu(page, key: str) -> None:
    """Click the main-menu entry ``key`` (a ``data-menu-key``) as a user would: opening its
    module's dropdown first when the entry sits in one."""
    entry = page.locator(f'[data-menu-key="{key}"]').first
    if not entry.is_visible():
        page.locator(f'li.dropdown:has([data-menu-key="{key}"]) > a.dropdown-toggle').first.click()
    entry.click()
