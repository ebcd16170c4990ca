"""The account's menu: every entry can be seen and clicked, on a laptop and on a phone."""

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
