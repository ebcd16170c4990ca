"""Issue journey (training): an offer with two seats, three people, the waiting list, a freed
seat taken through its email link, attendance, a certificate in Estonian verified at its
address; axe on every page, in English, German and Estonian."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from training.models import Offer, Registration, RegistrationStatus, Session

from ..factories import CoordinatorFactory, NationalCentreFactory, UserFactory
from .conftest import log_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def as_person(browser, live_server, user, language):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in_as(page, live_server, user)
    return page


def test_two_seats_three_people_and_a_freed_seat(
    browser, page, live_server, assert_accessible, reference_data, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    coordinator = CoordinatorFactory(centre=NationalCentreFactory(country="DE"), language="de")
    people = [
        UserFactory(name=name, language=lang)
        for name, lang in [("Ada", "en"), ("Bert", "de"), ("Cem", "de")]
    ]

    # The coordinator creates the offer (in German) and a session with two seats.
    log_in_as(page, live_server, coordinator)
    page.goto("/de/training/new/")
    assert_accessible(page)
    page.select_option("select[name=kind]", "workshop")
    page.select_option("select[name=format]", "on_site")
    page.check("input[name=audiences][value=innovators]")
    page.check("input[name=languages][value=de]")
    page.select_option("select[name=original_language]", "de")
    page.fill("input[name=title_de]", "Wirkung messen")
    page.fill("textarea[name=summary_de]", "Ein Nachmittag zu Wirkungsindikatoren.")
    page.locator("form.initiative-form button[type=submit]").click()
    page.wait_for_url("**/de/training/wirkung-messen/")
    assert_accessible(page)
    page.locator("a[href$='/sessions/new/']").click()
    page.wait_for_url("**/sessions/new/")
    start = (timezone.now() + timedelta(days=10)).strftime("%Y-%m-%d")
    page.fill("input[name=starts_at]", f"{start}T14:00")
    page.fill("input[name=ends_at]", f"{start}T13:00")  # ends before it starts
    page.fill("textarea[name=address]", "Musterstraße 5, 10115 Berlin")
    page.fill("input[name=capacity]", "2")
    page.locator("form.initiative-form button[type=submit]").click()
    assert page.locator("[aria-invalid=true]").count() >= 1
    assert page.locator("textarea[name=address]").input_value() == "Musterstraße 5, 10115 Berlin"
    assert_accessible(page)
    page.fill("input[name=ends_at]", f"{start}T17:00")
    page.locator("form.initiative-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/de/training/sessions/\d+/$"))
    session = Session.objects.get()
    assert session.starts_at.astimezone(timezone.get_current_timezone()).hour == 14
    page.goto("/de/training/wirkung-messen/")  # publishing is on the offer's page
    page.locator("form[action$='/publish/'] button").click()
    assert Offer.objects.get().status == "published"

    # Three people register; the third goes on the waiting list.
    pages = []
    for person, language in zip(people, ["en", "de", "en"], strict=True):
        visitor = as_person(browser, live_server, person, language)
        visitor.goto(f"/{language}/training/")
        visitor.get_by_role("link", name=re.compile("Wirkung messen")).first.click()
        visitor.locator(f"a[href='/{language}/training/sessions/{session.pk}/']").first.click()
        assert_accessible(visitor)
        visitor.locator("form[action$='/register/'] button[type=submit]").click()
        visitor.wait_for_url(f"**/training/sessions/{session.pk}/")
        assert_accessible(visitor)
        pages.append(visitor)
    statuses = dict(Registration.objects.values_list("user__name", "status"))
    assert statuses == {"Ada": "confirmed", "Bert": "confirmed", "Cem": "waiting"}
    assert "number 1 on the waiting list" in pages[2].content()

    # Ada cancels; Cem is offered the seat by email and takes it.
    pages[0].locator("form[action$='/cancel/'] button").click()
    pages[0].wait_for_url(f"**/training/sessions/{session.pk}/")
    offer_mail = next(m for m in mail.outbox if m.to == [people[2].email] and "/seat/" in m.body)
    link = re.search(r"https?://\S+/seat/\S+/", offer_mail.body).group(0)
    cem = pages[2]
    cem.goto(re.sub(r"^https?://[^/]+", live_server.url, link))
    assert_accessible(cem)
    cem.locator("button[value=accept]").click()
    cem.wait_for_url(f"**/training/sessions/{session.pk}/")
    assert Registration.objects.get(user=people[2]).status == RegistrationStatus.CONFIRMED
    assert cem.locator("svg.segno").count() == 1  # the check-in QR code
    cem.goto("/en/training/mine/")
    assert_accessible(cem)

    # The session takes place; the coordinator marks attendance on the participants' list.
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(hours=1), ends_at=timezone.now() + timedelta(hours=2)
    )
    page.goto(f"/de/training/sessions/{session.pk}/participants/")
    assert_accessible(page)
    page.locator("form[action$='/present/'] button").first.click()
    page.wait_for_url("**/participants/")
    attendee = Registration.objects.get(attended=True)

    # The attendee downloads the certificate in Estonian and verifies it at its address.
    bert = pages[people.index(attendee.user)]
    bert.goto("/et/training/mine/")
    assert_accessible(bert)
    with bert.expect_download() as download:
        bert.locator(f"a[href='/et/training/mine/certificates/{attendee.pk}/']").click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    bert.goto(f"/et/certificates/{attendee.certificate_code}/")
    assert attendee.user.name in bert.content()
    assert_accessible(bert)
    for visitor in pages:
        visitor.context.close()
