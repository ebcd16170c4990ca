"""Issue journey (scouting for up-scaling): the Estonian coordinator scouts an Estonian
initiative that is open for replication, sees what its transferability passport is missing, asks
its owners to complete it, assesses it and hands it over to the Netherlands; the Dutch
coordinator finds the card, adds a Dutch adopter, and builds the up-scaling dossier in Dutch;
axe on every page, in Estonian and Dutch."""

import re
import subprocess

import pytest
from django.core import mail
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from initiatives.models import Initiative
from ncc_portal.choices import Country
from ncc_portal.models import Report
from partnerships.models import ScoutingCard, ScoutingStage
from partnerships.scouting import passport

from ..factories import (
    CoordinatorFactory,
    InitiativeFactory,
    MembershipFactory,
    NationalCentreFactory,
    OrganisationFactory,
    UserFactory,
)
from .conftest import link_in, log_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def as_person(browser, live_server, user, locale):
    context = browser.new_context(base_url=live_server.url, locale=locale)
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in_as(page, live_server, user)
    return page


def in_language(language, text):
    with translation.override(language):
        return str(gettext(text))


def submit(page, action):
    page.locator(f"main form[action$='{action}'] button[type=submit]").click()


def test_an_initiative_is_scouted_handed_over_adopted_and_gets_a_dutch_dossier(
    browser, live_server, assert_accessible, reference_data, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    kadri = CoordinatorFactory(
        name="Kadri Koordinaator",
        email="kadri@ncc-ee.example",
        centre=NationalCentreFactory(country="EE"),
        language="et",
    )
    sanne = CoordinatorFactory(
        name="Sanne de Vries",
        email="sanne@ncc-nl.example",
        centre=NationalCentreFactory(country="NL"),
        language="nl",
    )
    owners = OrganisationFactory(name="Küla Kool MTÜ", slug="kula-kool", country="EE")
    for name, email, language in [
        ("Mari Maasikas", "mari@kulakool.example", "et"),
        ("John Smith", "john@kulakool.example", "en"),
    ]:
        MembershipFactory(
            organisation=owners, user=UserFactory(name=name, email=email, language=language)
        )
    initiative = InitiativeFactory(
        organisation=owners,
        slug="kula-kool",
        title_en="Village school",
        title_et="Külakool",
        summary_et="Väikese küla kool, mida kogukond ise peab.",
        original_language="et",
        country="EE",
        regions=["EE001"],
        open_for_replication=True,
        replication_conditions_et="Üks ruum ja kaks õpetajat.",
        replication_cost="10k_50k",
    )
    adopter = OrganisationFactory(name="Buurtschool Utrecht", slug="buurtschool", country="NL")
    missing_et = [in_language("et", str(label)) for label in passport.missing(initiative)]
    assert missing_et  # materials, their languages and licence, evidence

    # Kadri opens the board, in Estonian, and scouts the initiative.
    estonian = as_person(browser, live_server, kadri, "et-EE")
    estonian.goto("/et/scouting/")
    assert estonian.locator("html").get_attribute("lang") == "et"
    assert_accessible(estonian)
    candidates = estonian.locator("#candidates-heading ~ table")
    assert "Külakool" in candidates.inner_text()
    candidates.locator("form[action$='/scouting/new/'] button[type=submit]").click()
    estonian.wait_for_url(re.compile(r".*/et/scouting/\d+/$"))
    card = ScoutingCard.objects.get()
    assert card.initiative_id == initiative.pk and card.stage == ScoutingStage.SCOUTED
    assert_accessible(estonian)

    # The passport shows what the owners filled in and what is missing.
    passport_section = estonian.locator("section[aria-labelledby=passport-heading]")
    assert "Üks ruum ja kaks õpetajat." in passport_section.inner_text()
    missing_list = passport_section.locator("h3 + ul").inner_text()
    for label in missing_et:
        assert label in missing_list

    # She asks the owners to complete it: each member is emailed in their own language.
    estonian.fill("textarea[name=passport-note]", "Palun lisage materjalid ja mõju tõendid.")
    submit(estonian, "/passport-request/")
    estonian.wait_for_url(f"**/et/scouting/{card.pk}/")
    card.refresh_from_db()
    assert card.passport_requested_at is not None
    assert_accessible(estonian)
    for email, language in [("mari@kulakool.example", "et"), ("john@kulakool.example", "en")]:
        [message] = [m for m in mail.outbox if m.to == [email]]
        assert "Palun lisage materjalid ja mõju tõendid." in message.body
        assert f"/initiatives/{initiative.slug}/edit/" in message.body
        for label in passport.missing(initiative):
            assert in_language(language, str(label)) in message.body

    # She assesses it and hands it over to the Dutch centre with a note.
    estonian.select_option("select[name=move-stage]", ScoutingStage.ASSESSED)
    submit(estonian, "/move/")
    estonian.wait_for_url(f"**/et/scouting/{card.pk}/")
    card.refresh_from_db()
    assert card.stage == ScoutingStage.ASSESSED
    assert_accessible(estonian)
    estonian.select_option("select[name=handover-country]", "NL")
    estonian.fill(
        "textarea[name=handover-note]", "A good fit for Dutch villages; the owners speak English."
    )
    submit(estonian, "/hand-over/")
    estonian.wait_for_url(f"**/et/scouting/{card.pk}/")
    card.refresh_from_db()
    assert "NL" in card.countries
    assert_accessible(estonian)

    # Sanne receives the hand-over email, with the note and the card's address.
    [handed_over] = [m for m in mail.outbox if m.to == [sanne.email]]
    assert "A good fit for Dutch villages" in handed_over.body
    assert link_in(handed_over.body).endswith(f"/scouting/{card.pk}/")

    # She opens the card from the board, in Dutch.
    dutch = as_person(browser, live_server, sanne, "nl-NL")
    dutch.goto("/nl/scouting/")
    assert dutch.locator("html").get_attribute("lang") == "nl"
    assert_accessible(dutch)
    dutch.locator(
        f"section[aria-labelledby=stage-{ScoutingStage.ASSESSED}-heading] "
        f"a[href$='/scouting/{card.pk}/']"
    ).click()
    dutch.wait_for_url(f"**/nl/scouting/{card.pk}/")
    assert "A good fit for Dutch villages" in dutch.content()
    assert_accessible(dutch)

    # She adds a Dutch adopter with a note and moves the card to "adopter found".
    dutch.select_option("select[name=adopter-organisation]", str(adopter.pk))
    dutch.fill("textarea[name=adopter-note]", "Start in september in Utrecht-Oost.")
    submit(dutch, "/adopters/")
    dutch.wait_for_url(f"**/nl/scouting/{card.pk}/")
    adopters = dutch.locator("section[aria-labelledby=adopters-heading]").inner_text()
    assert "Buurtschool Utrecht" in adopters and "Start in september in Utrecht-Oost." in adopters
    assert_accessible(dutch)
    # Dropping it needs a reason: the error is shown with the form, and nothing changes.
    dutch.select_option("select[name=move-stage]", ScoutingStage.DROPPED)
    submit(dutch, "/move/")
    dutch.wait_for_url(f"**/nl/scouting/{card.pk}/move/")
    assert dutch.locator(".error-summary, [role=alert]").count() >= 1
    card.refresh_from_db()
    assert card.stage == ScoutingStage.ASSESSED
    assert_accessible(dutch)
    dutch.select_option("select[name=move-stage]", ScoutingStage.ADOPTER_FOUND)
    submit(dutch, "/move/")
    dutch.wait_for_url(f"**/nl/scouting/{card.pk}/")
    card.refresh_from_db()
    assert card.stage == ScoutingStage.ADOPTER_FOUND
    assert_accessible(dutch)

    # She builds the up-scaling dossier, in Dutch (the page's language is the default).
    assert dutch.locator("select[name=dossier-language]").input_value() == "nl"
    submit(dutch, "/dossier/")
    dutch.wait_for_url(re.compile(r".*/nl/reports/\d+/$"))
    report = Report.objects.get()
    assert (report.kind, report.language, report.params) == (
        "upscaling-dossier",
        "nl",
        {"card": card.pk},
    )
    download_link = dutch.locator("main a[href$='/download/']")
    for _attempt in range(30):
        if download_link.count():
            break
        dutch.wait_for_timeout(1_000)
        dutch.reload()
    report.refresh_from_db()
    assert report.status == "done", report.error
    assert_accessible(dutch)
    with dutch.expect_download() as download_info:
        download_link.click()
    pdf = tmp_path / "dossier.pdf"
    download_info.value.save_as(pdf)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert download_info.value.suggested_filename.endswith("-nl.pdf")

    # The dossier is in Dutch: headings, country names and dates, with the owners' facts.
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    text = " ".join(text.split())
    with translation.override("nl"):
        expected = [
            str(Country("EE").label),
            str(Country("NL").label),
            gettext("The initiative"),
            formats.date_format(timezone.localtime(card.created_at), "DATE_FORMAT"),
        ]
    assert "Estland" in expected and "Nederland" in expected
    for words in expected:
        assert words in text, words
    for words in ["Estonia", "Netherlands"]:
        assert words not in text, words
    assert "Buurtschool Utrecht" in text
    assert "Üks ruum ja kaks õpetajat." in text
    assert Initiative.objects.get(pk=initiative.pk).title_et in text

    dutch.goto("/nl/reports/")
    assert_accessible(dutch)
    for other in (estonian, dutch):
        other.context.close()
