"""Issue journey (mentoring): a person offers to mentor, a coordinator approves her, an innovator
asks for a mentor for their initiative, the coordinator proposes the suggested mentor, the
innovator accepts, both see each other's contact, the mentor logs a meeting; axe on every page,
in English and German."""

import re

import pytest
from django.utils import timezone

from training.models import MentoringMeeting, MentoringRequest, MentoringStatus, MentorProfile

from ..factories import CoordinatorFactory, NationalCentreFactory, OrganisationFactory, UserFactory
from ..training.mentoring_sample import initiative_of, themes
from .conftest import log_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def as_person(browser, live_server, user):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in_as(page, live_server, user)
    return page


def test_a_mentor_is_approved_proposed_accepted_and_logs_a_meeting(
    browser, page, live_server, assert_accessible
):
    topics = themes()
    coordinator = CoordinatorFactory(centre=NationalCentreFactory(country="DE"), language="de")
    maja = UserFactory(name="Maja Mentor", email="maja@example.org", language="de")
    ines = UserFactory(name="Ines Innovator", email="ines@example.org", language="en")
    organisation = OrganisationFactory(name="Wohnen zuerst")
    organisation.memberships.create(user=ines)
    initiative_of(organisation, topics=[topics["housing"]], title_en="Housing first Neukölln")

    # Maja offers herself as a mentor; a first try without themes keeps what she wrote.
    log_in_as(page, live_server, maja)
    page.goto("/en/mentoring/")
    assert_accessible(page)
    page.get_by_role("link", name="Become a mentor").click()
    page.wait_for_url("**/en/mentoring/profile/")
    assert_accessible(page)
    page.fill("textarea[name=bio]", "Ran a housing-first project in Hamburg for eight years.")
    page.fill("input[name=phone]", "+49 30 555 01")
    page.check("input[name=languages][value=de]")
    page.check("input[name=countries][value=DE]")
    page.locator("form.initiative-form button[type=submit]").click()
    assert page.locator("[aria-invalid=true]").count() >= 1
    assert "eight years" in page.locator("textarea[name=bio]").input_value()
    assert_accessible(page)
    page.check(f"input[name=themes][value='{topics['housing'].pk}']")
    page.locator("form.initiative-form button[type=submit]").click()
    page.wait_for_url("**/en/mentoring/")
    assert MentorProfile.objects.get().status == "pending"
    assert_accessible(page)

    # The German coordinator approves her.
    coordinating = as_person(browser, live_server, coordinator)
    coordinating.goto("/de/mentoring/coordinate/")
    assert_accessible(coordinating)
    coordinating.locator("button[name=decision][value=approve]").click()
    coordinating.wait_for_url("**/de/mentoring/coordinate/")
    assert MentorProfile.objects.get().status == "approved"
    assert_accessible(coordinating)

    # Ines asks for a mentor for her initiative.
    asking = as_person(browser, live_server, ines)
    asking.goto("/en/mentoring/")
    asking.get_by_role("link", name="Ask for a mentor").click()
    asking.wait_for_url("**/en/mentoring/request/")
    assert_accessible(asking)
    asking.fill("textarea[name=needs]", "How do we win the city's housing office as a partner?")
    asking.check("input[name=languages][value=de]")
    asking.locator("form.initiative-form button[type=submit]").click()
    asking.wait_for_url(re.compile(r".*/en/mentoring/requests/\d+/$"))
    mentoring_request = MentoringRequest.objects.get()
    assert_accessible(asking)

    # The coordinator proposes the suggested mentor, on the German page.
    coordinating.goto(f"/de/mentoring/requests/{mentoring_request.pk}/")
    assert "Maja Mentor" in coordinating.locator("#suggestions-heading + p + ol").inner_text()
    assert_accessible(coordinating)
    coordinating.locator("form[action$='/propose/'] button").first.click()
    coordinating.wait_for_url(f"**/de/mentoring/requests/{mentoring_request.pk}/")
    assert_accessible(coordinating)

    # Ines sees the mentor but not her email, accepts, and then sees it.
    asking.reload()
    assert "Maja Mentor" in asking.content()
    assert "maja@example.org" not in asking.content()
    asking.locator("form[action$='/accept/'] button").click()
    asking.wait_for_url(f"**/en/mentoring/requests/{mentoring_request.pk}/")
    mentoring_request.refresh_from_db()
    assert mentoring_request.status == MentoringStatus.AGREED
    assert asking.get_by_role("link", name="maja@example.org").count() == 1
    assert "+49 30 555 01" in asking.content()
    assert_accessible(asking)

    # Maja sees Ines's email and logs their first meeting, in German.
    mentoring = as_person(browser, live_server, maja)
    mentoring.goto(f"/de/mentoring/requests/{mentoring_request.pk}/")
    assert mentoring.get_by_role("link", name="ines@example.org").count() == 1
    assert_accessible(mentoring)
    mentoring.fill("input[name=date]", timezone.localdate().isoformat())
    mentoring.fill("input[name=duration_minutes]", "60")
    mentoring.fill("input[name=topic]", "Erstes Kennenlernen")
    mentoring.fill("textarea[name=notes]", "Termin beim Wohnungsamt vorbereiten.")
    mentoring.locator("form[action$='/meetings/'] button[type=submit]").click()
    mentoring.wait_for_url(f"**/de/mentoring/requests/{mentoring_request.pk}/")
    assert MentoringMeeting.objects.get().topic == "Erstes Kennenlernen"
    assert "Termin beim Wohnungsamt vorbereiten." in mentoring.content()
    assert_accessible(mentoring)
    mentoring.goto("/de/mentoring/")
    assert_accessible(mentoring)

    # The pages fit a 360 px wide screen.
    mentoring.set_viewport_size({"width": 360, "height": 800})
    for address in ["/de/mentoring/", f"/de/mentoring/requests/{mentoring_request.pk}/"]:
        mentoring.goto(address)
        assert mentoring.evaluate("document.documentElement.scrollWidth") <= 360
    for other in (coordinating, asking, mentoring):
        other.context.close()
