"""Issue journeys (first use): an Estonian innovator, a Dutch public-sector user and a German
coordinator, each end to end in their own language, with axe on every page."""

import re

import pytest
from django.core import mail

from initiatives.models import Initiative
from ncc_portal.models import PublicSectorRequest, Role, User

from ..factories import (
    TEST_PASSWORD,
    CoordinatorFactory,
    InitiativeFactory,
    NationalCentreFactory,
    OrganisationFactory,
)
from .conftest import link_in, log_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_up(page, live_server, email, language):
    page.goto(f"/{language}/accounts/signup/")
    page.fill("input[name=email]", email)
    page.fill("input[name=password1]", TEST_PASSWORD)
    page.fill("input[name=password2]", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/{language}/accounts/confirm-email/")
    page.goto(link_in(mail.outbox[-1].body).replace("http://testserver", live_server.url))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/{language}/")


def as_coordinator(browser, live_server, coordinator):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in_as(page, live_server, coordinator)
    return page


def test_an_estonian_innovator_registers_an_initiative_that_gets_published(
    browser, page, live_server, assert_accessible, reference_data
):
    coordinator = CoordinatorFactory(
        email="kadri@ncc-ee.example", centre=NationalCentreFactory(country="EE"), language="et"
    )
    sign_up(page, live_server, "mari@kogukond.example", "et")
    assert page.locator("html").get_attribute("lang") == "et"
    assert_accessible(page)

    # The home page offers the next steps; registering an initiative asks for an organisation
    # first and comes back to the form afterwards.
    page.goto("/et/initiatives/new/")
    page.wait_for_url("**/et/organisations/new/?next=*")
    assert_accessible(page)
    page.fill("input[name=name]", "Kogukonnaköök MTÜ")
    page.select_option("select[name=kind]", "third_sector")
    page.select_option("select[name=country]", "EE")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/et/initiatives/new/")
    assert_accessible(page)

    # Estonian chosen as the writing language: its block comes first and open.
    page.select_option("select[name=original_language]", "et")
    first_block = page.locator("details.language-fields").first
    assert first_block.locator("summary").get_attribute("lang") == "et"
    assert first_block.evaluate("d => d.open")
    page.fill("input[name=title_et]", "Kogukonnaköök Kalamajas")
    page.select_option("select[name=country]", "EE")
    # The region picker shows the Estonian regions only and finds one by name.
    page.fill("[data-region-search]", "Põhja")
    page.locator("input[name=regions][value=EE001]").check()
    assert not page.locator("input[name=regions][value=DE300]").is_visible()
    page.locator("input[name=themes]").first.check()
    page.select_option("select[name=stage]", "pilot")
    # A mistake: no summary. The error summary names it; nothing typed is lost.
    page.locator("form.initiative-form button[type=submit]").first.click()
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert summary.evaluate("element => element === document.activeElement")
    assert page.locator("input[name=title_et]").input_value() == "Kogukonnaköök Kalamajas"
    assert_accessible(page)

    # Switching to English and back keeps what was typed.
    page.get_by_role("navigation", name=re.compile("Keel|Language")).get_by_role(
        "link", name="English"
    ).click()
    page.wait_for_url("**/en/initiatives/new/")
    assert page.locator("input[name=title_et]").input_value() == "Kogukonnaköök Kalamajas"
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Eesti").click()
    page.wait_for_url("**/et/initiatives/new/")
    assert page.locator("input[name=title_et]").input_value() == "Kogukonnaköök Kalamajas"

    page.fill("textarea[name=summary_et]", "Naabrid valmistavad koos sooja toitu eakatele.")
    page.locator("form.initiative-form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/et/initiatives/kogukonnakook-kalamajas/$"))
    assert_accessible(page)
    page.locator("form[action$='/submit/'] button").click()
    page.wait_for_url("**/et/initiatives/kogukonnakook-kalamajas/")
    assert Initiative.objects.get().status == "submitted"
    # The history line uses Estonian dates: day before month, 24-hour clock.
    history = page.locator("main").inner_text()
    assert re.search(r"\d{1,2}\.\d{1,2}\.\d{4}", history)
    assert " e.l." not in history and " p.l." not in history

    # The Estonian coordinator publishes it; the innovator hears of it in Estonian.
    reviewer = as_coordinator(browser, live_server, coordinator)
    reviewer.goto("/et/initiatives/review/")
    assert_accessible(reviewer)
    reviewer.get_by_role("link", name="Kogukonnaköök Kalamajas").click()
    assert_accessible(reviewer)
    reviewer.check("input[name=decision][value=publish]")
    reviewer.locator("main form button[type=submit]").click()
    reviewer.wait_for_url("**/et/initiatives/review/")
    reviewer.context.close()
    assert Initiative.objects.get().status == "published"
    published_mail = mail.outbox[-1]
    assert published_mail.to == ["mari@kogukond.example"]
    assert "/et/initiatives/kogukonnakook-kalamajas/" in published_mail.body

    page.goto("/et/initiatives/?q=kogukonnaköök")
    assert_accessible(page)
    assert page.get_by_role("link", name="Kogukonnaköök Kalamajas").is_visible()


def test_a_dutch_civil_servant_gets_the_public_sector_role_and_asks_the_centre(
    browser, page, live_server, assert_accessible, reference_data
):
    coordinator = CoordinatorFactory(
        email="koen@ncc-nl.example", centre=NationalCentreFactory(country="NL"), language="nl"
    )
    ministry = OrganisationFactory(
        name="Ministerie van Sociale Zaken", kind="ministry", country="NL"
    )
    sign_up(page, live_server, "sanne@minszw.example", "nl")
    assert_accessible(page)

    # She asks for the public-sector role from her account pages; a first try without her
    # position keeps what she wrote.
    page.goto("/nl/accounts/profile/")
    assert_accessible(page)
    page.locator("a[href$='/accounts/public-sector-role/']").first.click()
    page.wait_for_url("**/nl/accounts/public-sector-role/")
    assert_accessible(page)
    page.select_option("select[name=organisation]", str(ministry.pk))
    page.fill("textarea[name=statement]", "Ik werk aan het ESF+-programma sociale innovatie.")
    page.locator("main form button[type=submit]").click()
    page.locator(".error-summary").wait_for()
    assert "ESF+-programma" in page.locator("textarea[name=statement]").input_value()
    assert_accessible(page)
    page.fill("input[name=position]", "Beleidsmedewerker")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert PublicSectorRequest.objects.get().status == "pending"
    assert_accessible(page)

    # The Dutch coordinator approves; she hears of it in Dutch.
    reviewer = as_coordinator(browser, live_server, coordinator)
    reviewer.goto("/nl/role-requests/")
    assert_accessible(reviewer)
    reviewer.locator("table a").first.click()
    assert_accessible(reviewer)
    reviewer.locator("input[name=decision][value=approve]").check()
    reviewer.locator("main form button[type=submit]").click()
    reviewer.wait_for_url("**/nl/role-requests/")
    reviewer.context.close()
    assert User.objects.get(email="sanne@minszw.example").role == Role.PUBLIC_SECTOR
    assert mail.outbox[-1].to == ["sanne@minszw.example"]

    # Now she can ask the centre for advice.
    page.goto("/nl/advice/")
    assert_accessible(page)
    page.select_option("select[name=topic]", "evaluation")
    page.fill("input[name=subject]", "Impactmeting voor kleine projecten")
    page.fill("textarea[name=body]", "Welke lichte vormen van impactmeting raadt u aan?")
    page.locator("#ask-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/nl/advice/\d+/$"))
    assert page.locator("html").get_attribute("lang") == "nl"
    assert_accessible(page)


def test_a_german_coordinator_publishes_an_initiative_and_requests_a_report(
    browser, redis_worker, page, live_server, assert_accessible, reference_data, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    coordinator = CoordinatorFactory(
        email="jonas@ncc-de.example", centre=NationalCentreFactory(country="DE"), language="de"
    )
    InitiativeFactory(title_en="Neighbourhood help Leipzig", title_de="Nachbarschaftshilfe Leipzig")
    InitiativeFactory(
        title_en="Repair café Berlin",
        title_de="Reparatur-Café Berlin",
        slug="reparatur-cafe-berlin",
        status="submitted",
        published_at=None,
        confirmed_at=None,
    )
    log_in_as(page, live_server, coordinator)

    page.goto("/de/dashboard/")
    assert page.locator("html").get_attribute("lang") == "de"
    assert_accessible(page)

    page.goto("/de/initiatives/review/")
    assert_accessible(page)
    page.get_by_role("link", name="Reparatur-Café Berlin").click()
    assert_accessible(page)
    page.check("input[name=decision][value=publish]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/de/initiatives/review/")
    assert_accessible(page)
    assert Initiative.objects.get(slug="reparatur-cafe-berlin").status == "published"

    # A German registry overview, built by the worker, downloaded from the list.
    page.goto("/de/reports/new/")
    assert_accessible(page)
    page.select_option("select[name=kind]", "registry-overview")
    page.select_option("select[name=country]", "DE")
    page.select_option("select[name=language]", "de")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/de/reports/")
    download_link = page.locator("#report-table a[href$='/download/']")
    download_link.wait_for(timeout=60_000)
    assert_accessible(page)
    with page.expect_download() as download_info:
        download_link.click()
    assert download_info.value.suggested_filename.endswith("-de.pdf")

    # Switching language on a deep page keeps the page.
    page.goto("/de/initiatives/reparatur-cafe-berlin/")
    assert_accessible(page)
    page.get_by_role("navigation", name="Sprache").get_by_role("link", name="English").click()
    page.wait_for_url("**/en/initiatives/reparatur-cafe-berlin/")
    assert page.locator("html").get_attribute("lang") == "en"
