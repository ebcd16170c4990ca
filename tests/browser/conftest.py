"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server."""

import os
import re
import shutil
from pathlib import Path

import pytest

from ..conftest import skip_or_fail

# The live server runs in a thread of this process; Playwright's sync API runs an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_CANDIDATES = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results"


def _chromium():
    for path in CHROMIUM_CANDIDATES:
        if Path(path).exists():
            return path
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    executable = _chromium()
    if not executable:
        skip_or_fail("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    if getattr(request.node, "rep_call", None) and request.node.rep_call.failed:
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{request.node.name}.png", full_page=True)
    context.close()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core's WCAG 2.1 A and AA rules on the current page; fail with the violations."""

    def check(page):
        results = axe.run(
            page,
            options={
                "runOnly": {"type": "tag", "values": WCAG_21_AA},
                "resultTypes": ["violations"],
            },
        )
        violations = results.response["violations"]
        assert not violations, f"{page.url}:\n" + results.generate_report()

    return check


def sign_in(page, email, password, language="en"):
    page.goto(f"/{language}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").click()


def link_in(body):
    return re.search(r"https?://\S+", body).group(0)


def log_in_as(page, live_server, user):
    """Start a signed-in session without the sign-in form (the journeys test the form itself)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
