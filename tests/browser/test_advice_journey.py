"""Issue journey (Ask the NCC): a ministry's staff member asks the Dutch centre with an
attachment; the coordinator finds it in the queue, adds an internal note and answers (in
Dutch); the person replies and then marks it answered; the coordinator turns it into an FAQ
entry, which the library lists. axe on every page, in English and in Dutch, and at 360 px."""

import re

import pytest
from django.core import mail

from training.models import AdviceAttachment, AdviceQuestion, QuestionStatus

from ..factories import CoordinatorFactory, NationalCentreFactory, UserFactory
from ..training.test_advice_services import PDF_BYTES
from .conftest import log_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "Intern: eerder vergelijkbare vraag van een provincie."


def as_person(browser, live_server, user):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in_as(page, live_server, user)
    return page


def fits_a_phone(page):
    page.set_viewport_size({"width": 360, "height": 740})
    overflow = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 800})
    assert overflow <= 360, f"{page.url} is {overflow}px wide at 360px"


def test_ask_answer_reply_close_and_publish_as_faq(
    browser, page, live_server, assert_accessible, reference_data, settings, tmp_path
):
    from playwright.sync_api import expect

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.CLAMD_ADDRESS = ""
    centre = NationalCentreFactory(country="NL", name_en="NCC Netherlands")
    coordinator = CoordinatorFactory(centre=centre, language="nl", name="Koen")
    person = UserFactory(name="Petra Beleid", role="public_sector", language="en")
    letter = tmp_path / "programme-letter.pdf"
    letter.write_bytes(PDF_BYTES)

    # The person asks, with an attachment.
    asker = as_person(browser, live_server, person)
    asker.goto("/en/advice/")
    assert_accessible(asker)
    fits_a_phone(asker)
    asker.select_option("select[name=centre]", str(centre.pk))
    asker.select_option("select[name=topic]", "evaluation")
    asker.fill("input[name=subject]", "Light impact measurement for small projects")
    asker.fill("textarea[name=body]", "Which light forms of impact measurement do you advise?")
    asker.select_option("select[name=language]", "nl")
    asker.set_input_files("input[name=files]", str(letter))
    asker.locator("#ask-form button[type=submit]").click()
    asker.wait_for_url(re.compile(r".*/en/advice/\d+/$"))
    question = AdviceQuestion.objects.get()
    assert AdviceAttachment.objects.get().original_name == "programme-letter.pdf"
    expect(asker.get_by_text("Waiting for the centre").first).to_be_visible()
    assert_accessible(asker)

    # The coordinator finds it in the queue (in Dutch), notes and answers.
    log_in_as(page, live_server, coordinator)
    page.goto("/nl/advice/queue/")
    assert_accessible(page)
    fits_a_phone(page)
    page.get_by_role("link", name="Light impact measurement for small projects").click()
    page.wait_for_url(f"**/nl/advice/{question.pk}/")
    assert_accessible(page)
    fits_a_phone(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="programme-letter.pdf").click()
    assert download.value.suggested_filename == "programme-letter.pdf"
    page.fill("textarea[name=note-body]", NOTE)
    page.locator("#note-form button[type=submit]").click()
    page.wait_for_url(f"**/nl/advice/{question.pk}/")
    expect(page.get_by_text(NOTE)).to_be_visible()
    page.fill("textarea[name=answer-body]", "Werk met een eenvoudige veranderingstheorie.")
    page.locator("#answer-form button[type=submit]").click()
    page.wait_for_url(f"**/nl/advice/{question.pk}/")
    assert_accessible(page)
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    [answer_email] = [m for m in mail.outbox if m.to == [person.email]]
    assert "veranderingstheorie" in answer_email.body
    assert NOTE not in answer_email.body

    # The person reads the answer (not the note), replies, then marks it answered.
    asker.reload()
    expect(asker.get_by_text("Werk met een eenvoudige veranderingstheorie.")).to_be_visible()
    assert NOTE not in asker.content()
    asker.fill("textarea[name=reply-body]", "Thank you. Is there a list of indicators?")
    asker.locator("#reply-form button[type=submit]").click()
    asker.wait_for_url(f"**/en/advice/{question.pk}/")
    assert_accessible(asker)
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN
    asker.locator("form[action$='/mark-answered/'] button").click()
    asker.wait_for_url(f"**/en/advice/{question.pk}/")
    assert_accessible(asker)
    question.refresh_from_db()
    assert question.status == QuestionStatus.CLOSED

    # The coordinator publishes it, anonymised, as an FAQ entry.
    page.goto(f"/nl/advice/{question.pk}/")
    page.locator(f"a[href='/nl/advice/{question.pk}/faq/']").click()
    page.wait_for_url(f"**/nl/advice/{question.pk}/faq/")
    assert_accessible(page)
    fits_a_phone(page)
    assert "veranderingstheorie" in page.locator("textarea[name=text]").input_value()
    page.fill("input[name=title]", "Lichte effectmeting voor kleine projecten")
    page.fill(
        "textarea[name=text]", "Vraag\n\nWelke lichte vormen?\n\nAntwoord\n\nBel 070 333 4444."
    )
    page.locator("#faq-form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Verwijder een telefoonnummer (070 333 4444)")
    assert (
        page.locator("input[name=title]").input_value()
        == "Lichte effectmeting voor kleine projecten"
    )
    assert_accessible(page)
    page.fill(
        "textarea[name=text]",
        "Vraag\n\nWelke lichte vormen?\n\nAntwoord\n\nWerk met een veranderingstheorie.",
    )
    page.locator("#faq-form button[type=submit]").click()
    page.wait_for_url("**/nl/library/**")
    assert_accessible(page)
    expect(
        page.get_by_role("heading", name="Lichte effectmeting voor kleine projecten")
    ).to_be_visible()
    question.refresh_from_db()
    assert question.faq_resource.type == "faq"

    # The library lists it under its type, for anyone.
    visitor = browser.new_context(base_url=live_server.url).new_page()
    visitor.goto("/en/library/?type=faq")
    expect(
        visitor.get_by_role("link", name="Lichte effectmeting voor kleine projecten")
    ).to_be_visible()
    assert_accessible(visitor)
    visitor.goto(f"/en/advice/{question.pk}/")
    assert "/accounts/login/" in visitor.url
