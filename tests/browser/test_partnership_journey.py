"""Issue journey (partnerships): a Dutch municipality's member publishes a partner profile that
offers a pilot site (after one try with a field left out), the Dutch coordinator publishes it,
an innovator whose initiative seeks a pilot site sees the municipality first among its
suggestions with the reasons and expresses interest, the municipality accepts, both see each
other's contact person, and the coordinator moves the introduction to "agreed". On the way: the
partner list with a facet and a search, and the public profile without contact details. axe on
every page; Dutch pages for the Dutch people, English for the innovator."""

import re

import pytest
from django.utils import translation

from ncc_portal.models import Theme
from partnerships.models import Introduction, PartnerProfile, ProfileStatus, Stage

from ..factories import (
    CoordinatorFactory,
    InitiativeFactory,
    MembershipFactory,
    NationalCentreFactory,
    OrganisationFactory,
    PartnerProfileFactory,
    UserFactory,
)
from .conftest import log_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUMMARY = "Gemeente Arnhem stelt wijken en voorzieningen open als proeftuin voor sociale innovatie."
PILOT_TEXT = "Een wijkcentrum in Arnhem-Zuid, een jaar lang."
INTEREST = "We would like to pilot our neighbourhood kitchen in one of your districts."


def as_person(browser, live_server, user, locale):
    context = browser.new_context(base_url=live_server.url, locale=locale)
    page = context.new_page()
    page.set_default_timeout(15_000)
    if user is not None:
        log_in_as(page, live_server, user)
    return page


def submit(page, action):
    page.locator(f"main form[action$='{action}'] button[type=submit]").click()


def test_a_municipality_offers_a_pilot_site_and_is_introduced_to_an_initiative(
    browser, live_server, assert_accessible, reference_data
):
    inclusion = Theme.objects.get(slug="social-inclusion-and-poverty")
    employment = Theme.objects.get(slug="employment-and-labour-market-inclusion")
    sanne = CoordinatorFactory(
        name="Sanne de Vries",
        email="sanne@ncc-nl.example",
        centre=NationalCentreFactory(country="NL"),
        language="nl",
    )
    arnhem = OrganisationFactory(
        name="Gemeente Arnhem", slug="gemeente-arnhem", kind="public_authority", country="NL"
    )
    pieter = UserFactory(name="Pieter Jansen", email="pieter@arnhem.example", language="nl")
    MembershipFactory(organisation=arnhem, user=pieter)
    kitchen_owners = OrganisationFactory(
        name="Buurtkeuken Arnhem", slug="buurtkeuken", country="NL"
    )
    ines = UserFactory(name="Ines Innovator", email="ines@buurtkeuken.example", language="en")
    MembershipFactory(organisation=kitchen_owners, user=ines)
    initiative = InitiativeFactory(
        organisation=kitchen_owners,
        title_en="Neighbourhood kitchen",
        country="NL",
        regions=["NL226"],
        themes=[inclusion],
        partner_needs=["pilot_site"],
        seeking_partners=True,
        contact_name="Ines Bakker",
        contact_email="contact@buurtkeuken.example",
        contact_consent=True,
    )
    # Other partners: one offers a pilot site too but shares nothing else, one offers only
    # what the initiative does not seek (it is not suggested).
    PartnerProfileFactory(
        organisation=OrganisationFactory(name="Stiftung Pilot", country="DE", kind="funder"),
        sector="funder",
        offers=["pilot_site"],
        themes=[employment],
        languages=["de"],
    )
    PartnerProfileFactory(
        organisation=OrganisationFactory(
            name="Fonds Gelderland", country="NL", kind="funder", slug="fonds-gelderland"
        ),
        sector="funder",
        offers=["funding"],
        regions=["NL22"],
        themes=[inclusion],
    )

    # 1. Pieter writes the municipality's profile, in Dutch; a first try without the contact
    # email shows the error summary and keeps what he typed.
    municipality = as_person(browser, live_server, pieter, "nl-NL")
    municipality.goto("/nl/partners/new/")
    assert municipality.locator("html").get_attribute("lang") == "nl"
    assert_accessible(municipality)
    municipality.select_option("select[name=organisation]", str(arnhem.pk))
    municipality.select_option("select[name=sector]", "public")
    # The writing language starts as the page's.
    assert municipality.locator("select[name=original_language]").input_value() == "nl"
    municipality.select_option("select[name=original_language]", "nl")
    municipality.fill("textarea[name=summary_nl]", SUMMARY)
    municipality.check("input[name=offer_pilot_site]")
    municipality.fill("input[name=offer_pilot_site_text]", PILOT_TEXT)
    municipality.check("input[name=countries][value=NL]")
    municipality.locator("details[data-country=NL] > summary").click()
    municipality.check("input[name=regions][value=NL22]")
    municipality.check(f"input[name=themes][value='{inclusion.pk}']")
    municipality.check("input[name=languages][value=nl]")
    municipality.check("input[name=languages][value=en]")
    municipality.fill("input[name=contact_name]", "Anna de Vries")
    municipality.locator("main form.initiative-form button[type=submit]").click()
    municipality.wait_for_url("**/nl/partners/new/")
    assert municipality.locator(".error-summary a[href='#id_contact_email']").count() == 1
    assert municipality.locator("input[name=contact_email]").get_attribute("aria-invalid") == "true"
    assert municipality.locator("textarea[name=summary_nl]").input_value() == SUMMARY
    assert municipality.locator("input[name=offer_pilot_site_text]").input_value() == PILOT_TEXT
    assert municipality.locator("input[name=offer_pilot_site]").is_checked()
    assert municipality.locator("input[name=regions][value=NL22]").is_checked()
    assert municipality.locator("input[name=contact_name]").input_value() == "Anna de Vries"
    assert not PartnerProfile.objects.filter(organisation=arnhem).exists()
    assert_accessible(municipality)
    municipality.fill("input[name=contact_email]", "anna@arnhem.example")
    municipality.locator("main form.initiative-form button[type=submit]").click()
    municipality.wait_for_url(re.compile(r".*/nl/partners/[\w-]+/$"))
    profile = PartnerProfile.objects.get(organisation=arnhem)
    assert profile.status == ProfileStatus.DRAFT
    assert (profile.sector, profile.original_language, profile.summary_nl) == (
        "public",
        "nl",
        SUMMARY,
    )
    assert [(item.direction, item.kind, item.text_nl) for item in profile.items.all()] == [
        ("offers", "pilot_site", PILOT_TEXT)
    ]
    assert list(profile.regions.values_list("code", flat=True)) == ["NL22"]
    assert list(profile.themes.all()) == [inclusion]
    assert (profile.countries, sorted(profile.languages)) == (["NL"], ["en", "nl"])
    assert (profile.contact_name, profile.contact_email) == ("Anna de Vries", "anna@arnhem.example")
    assert municipality.url.endswith(f"/nl/partners/{profile.slug}/")
    assert_accessible(municipality)
    submit(municipality, "/submit/")
    municipality.wait_for_url(f"**/nl/partners/{profile.slug}/")
    profile.refresh_from_db()
    assert profile.status == ProfileStatus.SUBMITTED
    assert_accessible(municipality)

    # 2. Sanne finds it in her review queue, opens it and publishes it.
    coordinating = as_person(browser, live_server, sanne, "nl-NL")
    coordinating.goto("/nl/partners/review/")
    assert_accessible(coordinating)
    coordinating.locator(f"main a[href$='/nl/partners/{profile.slug}/']").click()
    coordinating.wait_for_url(f"**/nl/partners/{profile.slug}/")
    assert SUMMARY in coordinating.content()
    assert_accessible(coordinating)
    coordinating.locator("button[name=decision][value=publish]").click()
    coordinating.wait_for_url(f"**/nl/partners/{profile.slug}/")
    profile.refresh_from_db()
    assert profile.status == ProfileStatus.PUBLISHED and profile.valid_until is not None
    assert_accessible(coordinating)

    # The partner list, with a facet and a search term, finds it; the funder is left out.
    visiting = as_person(browser, live_server, None, "nl-NL")
    visiting.goto("/nl/partners/")
    assert_accessible(visiting)
    visiting.goto("/nl/partners/?offer=pilot_site&q=proeftuin")
    results = visiting.locator(".registry__results")
    assert "Gemeente Arnhem" in results.inner_text()
    assert "Fonds Gelderland" not in results.inner_text()
    assert "Stiftung Pilot" not in results.inner_text()
    assert visiting.locator("select[name=offer]").input_value() == "pilot_site"
    assert_accessible(visiting)
    # The public profile shows what it offers and never its contact person.
    visiting.locator(f".registry__results a[href$='/nl/partners/{profile.slug}/']").click()
    visiting.wait_for_url(f"**/nl/partners/{profile.slug}/")
    assert PILOT_TEXT in visiting.content()
    for contact in ["anna@arnhem.example", "Anna de Vries"]:
        assert contact not in visiting.content()
    assert_accessible(visiting)

    # 3. Ines sees the municipality first among the partners suggested for her initiative,
    # with the reasons, and expresses interest with a message.
    innovating = as_person(browser, live_server, ines, "en-GB")
    innovating.goto("/en/matches/")
    assert_accessible(innovating)
    suggestions = innovating.locator(
        f"h3:has(a[href$='/initiatives/{initiative.slug}/']) + ol > li.suggestion"
    )
    first = suggestions.first
    assert "Gemeente Arnhem" in first.locator("a").first.inner_text()
    reasons = first.locator("p.meta").inner_text()
    assert "offers pilot site (you seek pilot site)" in reasons
    assert "1 shared theme" in reasons and "Gelderland" in reasons
    assert "Fonds Gelderland" not in " ".join(suggestions.all_inner_texts())
    first.locator("summary").click()
    first.locator("textarea[name=message]").fill(INTEREST)
    first.locator("button[type=submit]").click()
    innovating.wait_for_url(re.compile(r".*/en/matches/\d+/$"))
    introduction = Introduction.objects.get()
    assert (introduction.initiative_id, introduction.profile_id) == (initiative.pk, profile.pk)
    assert introduction.stage == Stage.PROPOSED
    assert "anna@arnhem.example" not in innovating.content()
    assert_accessible(innovating)

    # 4. Pieter sees who is interested (the organisation and the message, no person's contact
    # details) and accepts.
    municipality.goto("/nl/matches/")
    assert_accessible(municipality)
    municipality.locator(f"main a[href$='/nl/matches/{introduction.pk}/']").first.click()
    municipality.wait_for_url(f"**/nl/matches/{introduction.pk}/")
    page_text = municipality.content()
    assert "Buurtkeuken Arnhem" in page_text and INTEREST in page_text
    for contact in ["contact@buurtkeuken.example", "ines@buurtkeuken.example", "Ines Bakker"]:
        assert contact not in page_text
    assert_accessible(municipality)
    submit(municipality, "/accept/")
    municipality.wait_for_url(f"**/nl/matches/{introduction.pk}/")
    introduction.refresh_from_db()
    assert introduction.both_accepted and introduction.stage == Stage.INTRODUCED

    # 5. Both now see the other side's contact person.
    contacts = municipality.locator("section[aria-labelledby=contacts-heading]")
    assert "Ines Bakker" in contacts.inner_text()
    assert contacts.get_by_role("link", name="contact@buurtkeuken.example").count() == 1
    assert_accessible(municipality)
    innovating.reload()
    contacts = innovating.locator("section[aria-labelledby=contacts-heading]")
    assert "Anna de Vries" in contacts.inner_text()
    assert contacts.get_by_role("link", name="anna@arnhem.example").count() == 1
    assert_accessible(innovating)

    # 6. Sanne sees it in her country's pipeline and moves it to "agreed".
    coordinating.goto("/nl/matches/")
    assert_accessible(coordinating)
    coordinating.goto(f"/nl/matches/{introduction.pk}/")
    assert_accessible(coordinating)
    coordinating.select_option("select[name=stage]", Stage.AGREED)
    coordinating.fill("textarea[name=note]", "Afspraken over de proef in Arnhem-Zuid zijn rond.")
    submit(coordinating, "/stage/")
    coordinating.wait_for_url(f"**/nl/matches/{introduction.pk}/")
    introduction.refresh_from_db()
    assert introduction.stage == Stage.AGREED
    with translation.override("nl"):
        agreed = str(Stage.AGREED.label)
    assert coordinating.locator("p.status-banner .badge").inner_text() == agreed
    assert_accessible(coordinating)

    for person in (municipality, coordinating, visiting, innovating):
        person.context.close()
