"""Issue journey: a Dutch initiative from sign-up to publication, found in two languages."""

import io
import re

import pytest
from django.core import mail
from PIL import Image

from initiatives.models import Initiative

from ..factories import TEST_PASSWORD, CoordinatorFactory, NationalCentreFactory
from .conftest import link_in, log_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (20, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_dutch_initiative_from_sign_up_to_publication(
    browser, page, live_server, assert_accessible, reference_data, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    coordinator = CoordinatorFactory(
        email="koen@ncc-nl.example", centre=NationalCentreFactory(country="NL"), language="nl"
    )

    # The innovator signs up in Dutch and verifies the address.
    page.goto("/nl/accounts/signup/")
    page.fill("input[name=email]", "fatima@buurtwerk.example")
    page.fill("input[name=password1]", TEST_PASSWORD)
    page.fill("input[name=password2]", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/nl/accounts/confirm-email/")
    page.goto(link_in(mail.outbox[0].body).replace("http://testserver", live_server.url))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/nl/")

    # An initiative needs an organisation.
    page.goto("/nl/initiatives/new/")
    page.wait_for_url("**/nl/organisations/new/?next=*")
    assert_accessible(page)
    page.fill("input[name=name]", "Buurtwerk Utrecht")
    page.select_option("select[name=kind]", "third_sector")
    page.select_option("select[name=country]", "NL")
    page.locator("main form button[type=submit]").click()
    # Back to the initiative form that asked for the organisation.
    page.wait_for_url("**/nl/initiatives/new/")
    assert_accessible(page)
    page.select_option("select[name=original_language]", "nl")
    page.locator("details.language-fields:has(summary[lang=nl])").evaluate("d => d.open = true")
    page.fill("input[name=title_nl]", "Repaircafé Kanaleneiland")
    page.fill("textarea[name=summary_nl]", "Buurtbewoners repareren samen fietsen en lampen.")
    page.fill("textarea[name=description_nl]", "Elke zaterdag in het buurthuis.")
    page.select_option("select[name=country]", "NL")
    page.fill("[data-region-search]", "utrecht")
    page.locator("input[name=regions][value=NL350]").check()
    page.locator("input[name=themes]").first.check()
    page.select_option("select[name=stage]", "pilot")
    page.set_input_files(
        "input[name=image]", {"name": "logo.png", "mimeType": "image/png", "buffer": png_bytes()}
    )
    page.fill("input[name=image_alt]", "Logo: een blauwe moersleutel")
    page.locator("form.initiative-form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/nl/initiatives/repaircafe-kanaleneiland/$"))
    assert_accessible(page)
    initiative = Initiative.objects.get()
    assert initiative.status == "draft" and initiative.image.name

    page.locator("form[action$='/submit/'] button").click()
    page.wait_for_url("**/nl/initiatives/repaircafe-kanaleneiland/")
    assert Initiative.objects.get().status == "submitted"

    # The Dutch coordinator asks for a change.
    reviewer = browser.new_context(base_url=live_server.url)
    coordinator_page = reviewer.new_page()
    log_in_as(coordinator_page, live_server, coordinator)
    coordinator_page.goto("/nl/initiatives/review/")
    assert_accessible(coordinator_page)
    coordinator_page.get_by_role("link", name="Repaircafé Kanaleneiland").click()
    assert_accessible(coordinator_page)
    coordinator_page.check("input[name=decision][value=request_changes]")
    coordinator_page.fill("textarea[name=comment]", "Noem ook de openingstijden.")
    coordinator_page.locator("main form button[type=submit]").click()
    coordinator_page.wait_for_url("**/nl/initiatives/review/")
    assert Initiative.objects.get().status == "changes_requested"
    assert "Noem ook de openingstijden." in mail.outbox[-1].body

    # The innovator fixes it and resubmits.
    page.goto("/nl/initiatives/mine/")
    assert_accessible(page)
    page.goto("/nl/initiatives/repaircafe-kanaleneiland/edit/")
    assert_accessible(page)
    page.fill("textarea[name=description_nl]", "Elke zaterdag van 10 tot 14 uur in het buurthuis.")
    page.locator("button[name=submit_after_saving]").click()
    page.wait_for_url("**/nl/initiatives/repaircafe-kanaleneiland/")
    assert Initiative.objects.get().status == "submitted"

    # The coordinator publishes.
    coordinator_page.goto("/nl/initiatives/repaircafe-kanaleneiland/review/")
    coordinator_page.check("input[name=decision][value=publish]")
    coordinator_page.locator("main form button[type=submit]").click()
    coordinator_page.wait_for_url("**/nl/initiatives/review/")
    assert_accessible(coordinator_page)
    reviewer.close()
    assert Initiative.objects.get().status == "published"

    # Everyone finds it: in Dutch, and from the Estonian interface through the fallback.
    page.context.clear_cookies()
    page.goto("/nl/initiatives/?q=fietsen")
    assert_accessible(page)
    assert page.get_by_role("link", name="Repaircafé Kanaleneiland").is_visible()
    page.goto("/et/initiatives/?q=fietsen")
    assert_accessible(page)
    page.get_by_role("link", name="Repaircafé Kanaleneiland").click()
    page.wait_for_url("**/et/initiatives/repaircafe-kanaleneiland/")
    assert page.locator("img.initiative-image").get_attribute("alt") == (
        "Logo: een blauwe moersleutel"
    )
    assert_accessible(page)
