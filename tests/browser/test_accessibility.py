"""axe-core (WCAG 2.1 A and AA) on every page of the foundation, in every language."""

import pytest

from ..site_pages import site_world
from .conftest import log_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["de", "en", "et", "nl", "fr"]


@pytest.fixture
def world(reference_data):
    return site_world()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_passes_axe(page, live_server, assert_accessible, world, language, settings):
    settings.PUBLIC_REPORTS_WAITING_MAX = 0
    for path in world["anonymous_pages"]:
        page.goto(f"/{language}{path}")
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page)

    # Forms showing errors must be accessible too.
    page.goto(f"/{language}/accounts/signup/")
    page.fill("input[name=email]", "someone@example.org")
    page.fill("input[name=password1]", "short")
    page.fill("input[name=password2]", "different")
    page.locator("main form button[type=submit]").click()
    # (Waits for the answer to the submission: count() alone would read the page before it.)
    page.locator("[aria-invalid=true]").first.wait_for(state="attached")
    assert_accessible(page)

    log_in_as(page, live_server, world["member"])
    for path in world["member_pages"]:
        page.goto(f"/{language}{path}")
        assert_accessible(page)
    page.goto(f"/{language}/organisations/new/")
    page.locator("main form button[type=submit]").click()
    page.locator("[aria-invalid=true]").first.wait_for(state="attached")
    assert_accessible(page)
    page.goto(f"/{language}/initiatives/new/")
    page.locator("form.initiative-form button[type=submit]").first.click()
    page.locator("[aria-invalid=true]").first.wait_for(state="attached")
    assert_accessible(page)

    page.context.clear_cookies()
    log_in_as(page, live_server, world["coordinator"])
    for path in world["coordinator_pages"]:
        page.goto(f"/{language}{path}")
        assert_accessible(page)


def test_pages_work_on_a_small_screen(browser, live_server, world, assert_accessible):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto("/en/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
    for path in [
        "/en/organisations/",
        "/en/initiatives/",
        "/en/library/",
        "/en/ecosystem/",
        # German words are long: the footer's links and the facts must wrap, not overflow.
        "/de/",
        "/de/training/",
        f"/de/training/{world['training_offer'].slug}/",
        f"/de/training/sessions/{world['training_session'].pk}/",
    ]:
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
        assert_accessible(page)
    context.close()
