"""The mentoring pages through real requests and templates: the hub, the profile, a request and
its actions, contacts shown only once agreed, the coordination page; bad input keeps what was
typed; query counts that do not grow with the rows; the demo step."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from training.mentoring import services
from training.models import (
    MentoringMeeting,
    MentoringRequest,
    MentoringStatus,
    MentorProfile,
    MentorStatus,
)

from ..factories import MembershipFactory
from .mentoring_sample import MENTOR_BIO, ask, initiative_of, mentor, themes

pytestmark = pytest.mark.django_db

MAJA_EMAIL = "maja@example.org"
MAJA_PHONE = "+49 30 555 01"


@pytest.fixture
def topics(db):
    return themes()


@pytest.fixture
def initiative(organisation, topics):
    return initiative_of(
        organisation, topics=[topics["housing"]], title_en="Housing first Neukölln"
    )


@pytest.fixture
def maja(coordinator_de, topics):
    return mentor(
        name="Maja Mentor",
        email=MAJA_EMAIL,
        topics=[topics["housing"]],
        phone=MAJA_PHONE,
        approved_by=coordinator_de,
    )


@pytest.fixture
def mentoring_request(innovator, initiative):
    return ask(innovator, initiative, needs="We need help with the city's housing office.")


def url(mentoring_request, action=""):
    return f"/en/mentoring/requests/{mentoring_request.pk}/{action + '/' if action else ''}"


# --- The hub and who gets in -------------------------------------------------------------------


def test_anonymous_visitors_see_the_explanation_and_a_sign_in_link(client, mentoring_request):
    response = client.get("/en/mentoring/")
    assert response.status_code == 200
    assert "How it works" in response.text
    assert "/en/accounts/login/?next=/en/mentoring/" in response.text
    for address in ["/en/mentoring/profile/", "/en/mentoring/request/", url(mentoring_request)]:
        assert client.get(address)["Location"].startswith("/en/accounts/login/")


def test_a_request_is_hidden_from_those_who_may_not_see_it(
    client, mentoring_request, other_innovator, coordinator_nl
):
    for person in (other_innovator, coordinator_nl):
        client.force_login(person)
        assert client.get(url(mentoring_request)).status_code == 404
        assert client.post(url(mentoring_request, "withdraw")).status_code == 404
    assert client.get("/en/mentoring/coordinate/").status_code == 200  # coordinator_nl


def test_the_signed_in_without_right_are_refused(client, other_innovator, maja, mentoring_request):
    client.force_login(other_innovator)
    assert client.get("/en/mentoring/coordinate/").status_code == 403
    assert client.get("/en/mentoring/request/").status_code == 403  # no initiative of theirs
    assert client.post(f"/en/mentoring/mentors/{maja.pk}/decide/").status_code == 403
    client.force_login(maja.user)
    # She sees the open request that fits her, but may not withdraw it.
    assert client.get(url(mentoring_request)).status_code == 200
    assert client.post(url(mentoring_request, "withdraw")).status_code == 403


def test_the_hub_lists_requests_mentorships_and_fitting_requests_in_constant_queries(
    client, innovator, organisation, topics, maja, coordinator_de, django_assert_max_num_queries
):
    def add_rows():
        for _ in range(2):
            initiative = initiative_of(organisation, topics=[topics["housing"]])
            proposed = ask(innovator, initiative)
            services.propose_mentor(mentoring_request=proposed, profile=maja, actor=coordinator_de)
        other = mentor(name="Olga", topics=[topics["housing"]], approved_by=coordinator_de)
        her_organisation = MembershipFactory(user=other.user).organisation
        ask(other.user, initiative_of(her_organisation, topics=[topics["housing"]]))

    client.force_login(maja.user)
    initiative = initiative_of(organisation, topics=[topics["housing"]], title_en="First one")
    ask(innovator, initiative)
    with django_assert_max_num_queries(14) as one:
        response = client.get("/en/mentoring/")
    assert "Open requests that fit you" in response.text and "First one" in response.text
    MentorProfile.objects.filter(pk=maja.pk).update(capacity=5)
    add_rows()
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get("/en/mentoring/")
    assert response.text.count("Offer to mentor") == 1 + 1  # the first and Olga's
    assert "2 of 5 places taken" in response.text


# --- The mentor profile ----------------------------------------------------------------------


def test_a_profile_with_mistakes_keeps_what_was_typed(client, other_innovator, topics):
    client.force_login(other_innovator)
    assert client.get("/en/mentoring/profile/").status_code == 200
    response = client.post(
        "/en/mentoring/profile/",
        {"bio": "Twenty years in social housing.", "capacity": "0", "languages": ["de"]},
    )
    assert response.status_code == 400
    assert "Twenty years in social housing." in response.text
    assert re.search(r'name="languages" value="de"[^>]*checked', response.text)
    assert "Ensure this value is greater than or equal to 1." in response.text
    assert not MentorProfile.objects.exists()
    response = client.post(
        "/en/mentoring/profile/",
        {
            "bio": "Twenty years in social housing.",
            "capacity": "3",
            "languages": ["de"],
            "countries": ["DE"],
            "themes": [topics["housing"].pk],
            "accepting": "on",
        },
    )
    assert response.status_code == 302
    profile = MentorProfile.objects.get(user=other_innovator)
    assert profile.status == MentorStatus.PENDING and profile.capacity == 3


def test_the_coordinator_approves_a_pending_mentor_of_their_country(
    client, coordinator_de, coordinator_nl, topics
):
    pending = mentor(name="Paul Pending", topics=[topics["housing"]], countries=["DE"])
    client.force_login(coordinator_nl)
    assert "Paul Pending" not in client.get("/en/mentoring/coordinate/").text
    client.force_login(coordinator_de)
    assert "Paul Pending" in client.get("/en/mentoring/coordinate/").text
    response = client.post(f"/en/mentoring/mentors/{pending.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == MentorStatus.APPROVED


def test_the_coordination_page_takes_constant_queries(
    client, coordinator_de, innovator, organisation, topics, maja, django_assert_max_num_queries
):
    def rows():
        mentor(name="Paul Pending", topics=[topics["housing"]])
        waiting = ask(innovator, initiative_of(organisation, topics=[topics["housing"]]))
        running = ask(innovator, initiative_of(organisation, topics=[topics["housing"]]))
        services.propose_mentor(mentoring_request=running, profile=maja, actor=coordinator_de)
        services.accept_mentor(mentoring_request=running, user=innovator)
        return waiting

    MentorProfile.objects.filter(pk=maja.pk).update(capacity=5)
    client.force_login(coordinator_de)
    rows()
    with django_assert_max_num_queries(12) as one:
        response = client.get("/en/mentoring/coordinate/")
    assert response.text.count("Paul Pending") >= 1
    rows()
    rows()
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get("/en/mentoring/coordinate/")
    assert response.text.count('class="queue-age"') == 3


# --- Asking for a mentor ---------------------------------------------------------------------


def test_a_request_with_mistakes_keeps_what_was_typed(client, innovator, initiative, topics):
    client.force_login(innovator)
    form = client.get("/en/mentoring/request/")
    assert form.status_code == 200
    # The only initiative is chosen, with its themes ticked.
    assert f'value="{topics["housing"].pk}" id="id_themes_' in form.text
    response = client.post(
        "/en/mentoring/request/",
        {"initiative": initiative.pk, "needs": "Advice on the city's housing office."},
    )
    assert response.status_code == 400
    assert "Advice on the city&#x27;s housing office." in response.text
    assert not MentoringRequest.objects.exists()
    response = client.post(
        "/en/mentoring/request/",
        {"initiative": initiative.pk, "needs": "Advice.", "languages": ["de", "en"]},
    )
    mentoring_request = MentoringRequest.objects.get()
    assert response["Location"] == url(mentoring_request)
    assert list(mentoring_request.themes.all()) == [topics["housing"]]


def test_a_second_request_for_the_same_initiative_is_explained(
    client, innovator, initiative, mentoring_request
):
    client.force_login(innovator)
    response = client.post(
        "/en/mentoring/request/",
        {"initiative": initiative.pk, "needs": "Again.", "languages": ["de"]},
    )
    assert response.status_code == 400
    assert "already has a mentoring request under way" in response.text


# --- The request page: suggestions, contacts, meetings, the end -------------------------------


def test_the_whole_flow_through_the_pages_and_the_contact_exchange(
    client, innovator, coordinator_de, maja, mentoring_request, django_assert_max_num_queries
):
    client.force_login(coordinator_de)
    with django_assert_max_num_queries(20):
        page = client.get(url(mentoring_request))
    assert "Suggested mentors" in page.text
    assert "1 shared theme: Housing and homelessness" in page.text
    assert "mentors in Germany" in page.text
    assert "Propose Maja Mentor" in page.text
    client.post(url(mentoring_request, "propose"), {"mentor": maja.pk})
    mentoring_request.refresh_from_db()
    assert mentoring_request.status == MentoringStatus.PROPOSED

    # Before the agreement: the mentee sees who, not how to reach her; the mentor the needs.
    client.force_login(innovator)
    page = client.get(url(mentoring_request)).text
    assert "Maja Mentor" in page and MENTOR_BIO in page
    assert MAJA_EMAIL not in page and MAJA_PHONE not in page
    client.force_login(maja.user)
    page = client.get(url(mentoring_request)).text
    assert "the city&#x27;s housing office" in page
    assert innovator.email not in page
    assert "Accept this mentor" not in page

    client.force_login(innovator)
    response = client.post(url(mentoring_request, "accept"))
    assert response.status_code == 302
    page = client.get(url(mentoring_request)).text
    assert MAJA_EMAIL in page and MAJA_PHONE in page
    client.force_login(maja.user)
    page = client.get(url(mentoring_request)).text
    assert innovator.email in page
    assert MAJA_PHONE not in page  # her own phone is not shown back; it is for the mentee

    # A meeting in the future is refused, and what was typed stays.
    tomorrow = timezone.localdate() + timedelta(days=1)
    meeting = {"date": tomorrow.isoformat(), "duration_minutes": "60", "topic": "Housing office"}
    response = client.post(url(mentoring_request, "meetings"), {**meeting, "notes": "Call Mr B."})
    assert response.status_code == 400
    assert "once it has taken place" in response.text
    assert 'value="Housing office"' in response.text and "Call Mr B." in response.text
    response = client.post(
        url(mentoring_request, "meetings"),
        {**meeting, "date": timezone.localdate().isoformat(), "notes": "Call Mr B."},
    )
    assert response.status_code == 302
    assert MentoringMeeting.objects.get().logged_by == maja.user

    client.force_login(coordinator_de)
    with django_assert_max_num_queries(20):
        page = client.get(url(mentoring_request)).text
    assert "Call Mr B." in page  # the country's coordinators see the notes
    client.post(url(mentoring_request, "end"))
    mentoring_request.refresh_from_db()
    assert mentoring_request.status == MentoringStatus.ENDED

    # Feedback: once per side; each side sees its own, coordinators both.
    client.force_login(innovator)
    response = client.post(url(mentoring_request, "feedback"), {"comment": "Very helpful."})
    assert response.status_code == 400 and "Very helpful." in response.text
    client.post(url(mentoring_request, "feedback"), {"rating": "5", "comment": "Very helpful."})
    client.force_login(maja.user)
    client.post(url(mentoring_request, "feedback"), {"rating": "4", "comment": "Good team."})
    page = client.get(url(mentoring_request)).text
    assert "Good team." in page and "Very helpful." not in page
    assert "Send feedback" not in page
    client.force_login(coordinator_de)
    page = client.get(url(mentoring_request)).text
    assert "Good team." in page and "Very helpful." in page


def test_the_mentee_declines_and_withdraws_through_the_page(
    client, innovator, coordinator_de, maja, mentoring_request
):
    services.propose_mentor(mentoring_request=mentoring_request, profile=maja, actor=coordinator_de)
    client.force_login(innovator)
    assert "Decline this mentor" in client.get(url(mentoring_request)).text
    client.post(url(mentoring_request, "decline"))
    mentoring_request.refresh_from_db()
    assert mentoring_request.status == MentoringStatus.OPEN
    client.force_login(coordinator_de)
    assert "Propose Maja Mentor" not in client.get(url(mentoring_request)).text
    client.force_login(innovator)
    client.post(url(mentoring_request, "withdraw"))
    mentoring_request.refresh_from_db()
    assert mentoring_request.status == MentoringStatus.WITHDRAWN


def test_a_mentor_offers_from_the_hub(client, innovator, maja, mentoring_request):
    client.force_login(maja.user)
    response = client.post(url(mentoring_request, "offer"))
    assert response["Location"] == "/en/mentoring/"
    mentoring_request.refresh_from_db()
    assert mentoring_request.status == MentoringStatus.PROPOSED
    assert mentoring_request.mentor == maja
    assert client.post(url(mentoring_request, "unknown")).status_code == 404


def test_the_pages_speak_german(client, innovator, mentoring_request):
    client.force_login(innovator)
    response = client.get(f"/de/mentoring/requests/{mentoring_request.pk}/")
    assert response.status_code == 200
    assert response.context["LANGUAGE_CODE"] == "de"


# --- The demo --------------------------------------------------------------------------------


def test_the_demo_step_runs_after_the_others_and_again():
    call_command("seed_demo", stdout=StringIO())
    states = sorted(MentoringRequest.objects.values_list("status", flat=True))
    assert states == ["agreed", "ended", "open", "proposed"]
    running = MentoringRequest.objects.get(status=MentoringStatus.AGREED)
    assert running.meetings.count() == 3
    assert MentoringRequest.objects.get(status=MentoringStatus.ENDED).feedback.count() == 2
    assert set(MentorProfile.objects.values_list("status", flat=True)) == {"approved", "pending"}
    countries = {c for p in MentorProfile.objects.approved() for c in p.countries}
    assert countries == {"DE", "EE", "LU", "NL"}
    call_command("seed_demo", stdout=StringIO())
    assert MentoringRequest.objects.count() == 4
    assert MentorProfile.objects.count() == 6
