"""Issue journey: a ministry user finds a restricted guide in Dutch, downloads it, follows the
search, and hears about a new matching resource; an innovator cannot fetch the file."""

from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from playwright.sync_api import expect
from weasyprint import HTML

from ecosystem.library import services as library_services
from ecosystem.models import Audience, Resource, SavedSearch
from ecosystem.personal.digests import send_weekly_digests

from ..factories import TEST_PASSWORD, CoordinatorFactory, NationalCentreFactory, UserFactory
from .conftest import log_in_as, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pdf(text):
    return SimpleUploadedFile(
        "handreiking.pdf", HTML(string=f"<p>{text}</p>").write_pdf(), "application/pdf"
    )


def make_resource(author, *, title, audience, access_level, files, publish=True):
    resource = library_services.create_resource(
        author=author,
        data={
            "title_nl": title,
            "abstract_nl": "Hoe managementautoriteiten sociale innovatie in ESF+-oproepen steunen.",
            "type": "guide",
            "country": "NL",
            "year": 2026,
            "access_level": access_level,
            "audiences": [audience.pk],
        },
    )
    for language, text in files.items():
        library_services.add_file(
            resource=resource, language=language, upload=pdf(text), user=author
        )
    if publish:
        library_services.publish_resource(resource=resource, actor=author)
    return resource


def test_ministry_user_finds_downloads_and_follows_restricted_guidance(
    browser, page, live_server, assert_accessible, reference_data, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    coordinator = CoordinatorFactory(
        email="koen@ncc-nl.example", centre=NationalCentreFactory(country="NL"), language="nl"
    )
    managing = Audience.objects.get(slug="managing-authorities")
    guide = make_resource(
        coordinator,
        title="Handreiking sociale innovatie in ESF+",
        audience=managing,
        access_level="public_sector",
        files={
            "nl": "Interne handreiking voor de beoordeling van oproepen.",
            "de": "Interne Handreichung.",
        },
    )
    make_resource(
        coordinator,
        title="Openbare brochure",
        audience=Audience.objects.get(slug="innovators"),
        access_level="public",
        files={"en": "A public brochure."},
    )
    UserFactory(email="maria@szw.example", role="public_sector", language="nl")
    UserFactory(email="ines@buurt.example")

    # The ministry user signs in with the Dutch interface and searches the library.
    sign_in(page, "maria@szw.example", TEST_PASSWORD, language="nl")
    page.wait_for_url("**/nl/")
    page.goto("/nl/library/")
    assert_accessible(page)
    page.fill("#id_q", "handreiking")
    with page.expect_navigation():  # the button sends the form as a plain GET
        page.locator("#library form.registry__filters button[type=submit]").click()
    # Each further choice updates the list in place (htmx) and the address with it.
    page.select_option("select[name=audience]", "managing-authorities")
    page.wait_for_url("**audience=managing-authorities**")
    # Let the swap settle before the next choice: a change made on a form that htmx is about to
    # replace would be lost (a robot is fast enough to do that; a person is not).
    page.wait_for_load_state("networkidle")
    expect(page.locator("select[name=audience]")).to_have_value("managing-authorities")
    page.select_option("select[name=file_language]", "nl")
    page.wait_for_url("**file_language=nl**")
    page.wait_for_load_state("networkidle")
    assert_accessible(page)
    page.get_by_role("link", name="Handreiking sociale innovatie in ESF+").click()
    page.wait_for_url(f"**/nl/library/{guide.slug}/")
    assert_accessible(page)
    dutch_file = guide.files.get(language="nl")
    with page.expect_download() as download_info:
        page.locator(f"a[href$='/files/{dutch_file.pk}/']").click()
    with open(download_info.value.path(), "rb") as downloaded:
        assert downloaded.read(5) == b"%PDF-"
    assert Resource.objects.get(pk=guide.pk).download_count == 1

    # An innovator cannot fetch the file, even with its address.
    innovator = Client()
    innovator.login(email="ines@buurt.example", password=TEST_PASSWORD)
    assert innovator.get(f"/nl/library/{guide.slug}/files/{dutch_file.pk}/").status_code == 403
    assert Client().get(f"/nl/library/{guide.slug}/files/{dutch_file.pk}/").status_code == 302

    # The ministry user follows the search.
    page.go_back()
    page.wait_for_url("**/nl/library/?*")
    page.fill("#save-search-name", "ESF+-handreikingen")
    page.locator(".save-search-form button[type=submit]").click()
    page.goto("/nl/my/searches/")
    assert_accessible(page)
    assert page.get_by_role("link", name="ESF+-handreikingen").is_visible()

    # A coordinator publishes a new matching resource; the weekly digest reports it.
    draft = make_resource(
        coordinator,
        title="Handreiking monitoring van ESF+-projecten",
        audience=managing,
        access_level="public_sector",
        files={"nl": "Monitoring."},
        publish=False,
    )
    reviewer = browser.new_context(base_url=live_server.url)
    coordinator_page = reviewer.new_page()
    log_in_as(coordinator_page, live_server, coordinator)
    coordinator_page.goto(f"/nl/library/{draft.slug}/")
    assert_accessible(coordinator_page)
    coordinator_page.locator("form[action$='/publish/'] button").click()
    coordinator_page.wait_for_url(f"**/nl/library/{draft.slug}/")
    reviewer.close()

    mail.outbox.clear()
    assert send_weekly_digests() == 1
    message = mail.outbox[0]
    assert message.to == ["maria@szw.example"]
    assert "Handreiking monitoring van ESF+-projecten" in message.body
    assert "Handreiking sociale innovatie in ESF+" not in message.body
    assert "/nl/my/searches/unsubscribe/" in message.body

    # She follows the email's unsubscribe link: it asks first, then switches the email off and
    # keeps the search, which she can switch on again.
    link = next(word for word in message.body.split() if "/nl/my/searches/unsubscribe/" in word)
    page.goto(urlsplit(link).path)
    assert_accessible(page)
    assert SavedSearch.objects.get().sends_emails
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert not SavedSearch.objects.get().sends_emails
    page.goto("/nl/my/searches/")
    page.locator("form[action$='/emails/'] button[type=submit]").click()
    page.wait_for_url("**/nl/my/searches/")
    assert SavedSearch.objects.get().sends_emails
