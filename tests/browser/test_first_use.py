"""The account's menu: every entry can be seen and clicked, on a laptop and on a phone; a form
sent with mistakes leads to them."""

import pytest

from ..factories import UserFactory
from .conftest import log_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The element at the middle of each menu link is the link itself (nothing lies on top of it).
LINKS_AT_THEIR_POINT = """() => [...document.querySelectorAll('nav.sidebar a')].map(link => {
  link.scrollIntoView({block: 'center'});
  const box = link.getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return [link.textContent.trim(), box.width > 0 && hit !== null && hit.closest('a') === link];
})"""


@pytest.mark.parametrize("width", [1280, 375])
def test_every_account_menu_entry_is_visible_and_clickable(browser, live_server, width):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 800}
    )
    page = context.new_page()
    log_in_as(page, live_server, UserFactory())
    for language in ["en", "de"]:
        page.goto(f"/{language}/accounts/profile/")
        entries = page.evaluate(LINKS_AT_THEIR_POINT)
        assert len(entries) >= 6
        assert [name for name, reachable in entries if not reachable] == [], (language, width)
    # A click on the public-sector role entry opens that page (not the language select).
    page.goto("/en/accounts/profile/")
    page.locator("nav.sidebar").get_by_role("link", name="Public-sector role").click()
    page.wait_for_url("**/en/accounts/public-sector-role/**")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


def test_a_form_with_mistakes_focuses_its_summary_and_links_to_the_fields(
    page, live_server, assert_accessible
):
    log_in_as(page, live_server, UserFactory())
    for language in ["en", "et"]:
        page.goto(f"/{language}/organisations/new/")
        page.locator("main form button[type=submit]").click()
        page.wait_for_selector("[data-error-summary]")
        assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
        assert_accessible(page)
        first = page.locator("[data-error-summary] a").first
        target = first.get_attribute("href").lstrip("#")
        first.click()
        assert page.evaluate("document.activeElement.id") == target


def test_switching_the_language_keeps_what_was_typed(
    page, live_server, innovator, organisation, reference_data
):
    log_in_as(page, live_server, innovator)
    page.goto("/en/initiatives/new/")
    page.fill("input[name=title_en]", "Repair café on the canal")
    page.fill("textarea[name=summary_en]", "Neighbours repair bikes together.")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Eesti").click()
    page.wait_for_url("**/et/initiatives/new/")
    assert page.locator("html").get_attribute("lang") == "et"
    assert page.input_value("input[name=title_en]") == "Repair café on the canal"
    assert page.input_value("textarea[name=summary_en]") == "Neighbours repair bikes together."
    assert page.locator("[data-kept-notice]").is_visible()

    # After a failed save, too: what was sent comes back in the other language.
    page.fill("input[name=title_en]", "")
    page.locator("form.initiative-form button[type=submit]").first.click()
    page.wait_for_selector("[data-error-summary]")
    summary_value = page.input_value("textarea[name=summary_en]")
    assert summary_value == "Neighbours repair bikes together."
    page.get_by_role("navigation", name="Keel").get_by_role("link", name="Deutsch").click()
    page.wait_for_url("**/de/initiatives/new/")
    assert page.input_value("textarea[name=summary_en]") == summary_value

    # A page without typing switches as before, with nothing carried over.
    page.goto("/de/initiatives/")
    page.get_by_role("navigation", name="Sprache").get_by_role("link", name="English").click()
    page.wait_for_url("**/en/initiatives/")
    assert page.locator("[data-kept-notice]").count() == 0


def test_choosing_the_writing_language_brings_its_fields_first(
    page, live_server, innovator, organisation, reference_data
):
    log_in_as(page, live_server, innovator)
    page.goto("/de/initiatives/new/")
    first = "details.language-fields >> nth=0"
    assert page.locator(first).get_attribute("data-language") == "de"
    page.select_option("select[name=original_language]", "et")
    assert page.locator(first).get_attribute("data-language") == "et"
    assert page.locator(first).evaluate("d => d.open")
    page.fill("input[name=title_et]", "Kogukonnaköök")  # visible without unfolding


def test_the_region_picker_narrows_to_the_country_and_finds_by_name(
    page, live_server, innovator, organisation, reference_data, assert_accessible
):
    log_in_as(page, live_server, innovator)
    page.goto("/et/initiatives/new/")
    page.select_option("select[name=country]", "EE")
    shown = page.locator("details.region-picker__country:not([hidden])")
    assert [shown.nth(i).get_attribute("data-country") for i in range(shown.count())] == ["EE"]
    assert page.locator("input[name=regions][value=EE001]").is_visible()  # Põhja-Eesti
    assert not page.locator("input[name=regions][value=DE300]").is_visible()

    # Typing narrows by name, accents or not; several regions are ticked without Ctrl.
    page.fill("[data-region-search]", "pohja")
    assert page.locator("li[data-region-name]:not([hidden]) input").count() >= 1
    page.locator("input[name=regions][value=EE001]").check()
    page.fill("[data-region-search]", "louna")  # Lõuna-Eesti
    page.locator("input[name=regions][value=EE008]").check()
    page.fill("[data-region-search]", "")
    assert page.locator("input[name=regions]:checked").count() == 2
    assert_accessible(page)

    # Another country hides Estonia's regions, except the ones ticked.
    page.select_option("select[name=country]", "DE")
    assert page.locator("input[name=regions][value=DE300]").is_visible()
    assert page.locator("input[name=regions][value=EE001]").is_visible()
    assert not page.locator("input[name=regions][value=EE004]").is_visible()
