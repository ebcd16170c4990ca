"""Training on the coordinators' dashboard: the figures of sessions that took place."""

from datetime import timedelta

import pytest
from django.utils import timezone

from training import services
from training.models import Registration, Session

from ..factories import UserFactory
from .sample import training_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(reference_data, coordinator_de, innovator, other_innovator):
    """Two seats, three people: one waited and got the seat; one present, one absent; one
    feedback."""
    offer, session = training_world(coordinator_de, innovator)
    services.register(session=session, user=other_innovator)
    third = UserFactory()
    services.register(session=session, user=third)  # waits
    first = Registration.objects.get(session=session, user=innovator)
    services.cancel_registration(registration=first, actor=innovator)
    offered = Registration.objects.get(session=session, user=third)
    services.accept_seat_offer(token=offered.offer_token, user=third)
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=2) + timedelta(hours=3),
    )
    services.mark_attendance(
        registration=Registration.objects.get(session=session, user=other_innovator),
        actor=coordinator_de,
        attended=True,
    )
    services.mark_attendance(registration=offered, actor=coordinator_de, attended=False)
    services.give_feedback(
        registration=Registration.objects.get(session=session, user=other_innovator),
        user=other_innovator,
        rating=4,
        usefulness=3,
    )
    return session


def test_the_dashboard_shows_the_training_figures(client, held, coordinator_de):
    client.force_login(coordinator_de)
    response = client.get("/en/dashboard/")
    text = response.text
    assert "Training and events" in text
    assert "Fill rate" in text
    assert "100.0 %" in text  # two of two seats
    assert "50.0 %" in text  # attendance and no-show rates
    assert "4.0 of 5 (usefulness 3.0), 1 response" in text

    csv_response = client.get("/en/dashboard/?download=training-figures")
    body = csv_response.content.decode("utf-8-sig")
    assert "waiting_conversion,100.0" in body
    assert "certificates,1" in body
    monthly = client.get("/en/dashboard/?download=training-monthly").content.decode("utf-8-sig")
    month = held.starts_at.astimezone(timezone.get_current_timezone()).strftime("%Y-%m")
    assert f"{month},1,2,1" in monthly


def test_another_countrys_dashboard_does_not_count_them(client, held, coordinator_nl):
    client.force_login(coordinator_nl)
    text = client.get("/en/dashboard/").text
    assert "Sessions held" in text
    assert "100.0 %" not in text


def test_the_activity_report_in_estonian(held, coordinator_de, settings, tmp_path):
    import subprocess

    from ncc_portal.reports import services as report_services

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    report = report_services.request_report(
        kind="training-activity", params={"country": "DE"}, language="et", user=coordinator_de
    )
    report = report_services.build_report(report.pk)
    assert report.status == "done", report.error
    text = subprocess.run(
        ["pdftotext", report.file.path, "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Impact measurement workshop" in text
    assert "100.0 %" in text or "100,0 %" in text


# ---------------------------------------------------------------------------------------------
# Mentoring and advice
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def supported(reference_data, centre_de, coordinator_de, innovator, public_sector_user):
    """Two German mentoring requests (one agreed after four days, with a 90-minute meeting and
    feedback from both sides) and three questions to the German centre: one answered in two
    days (within the target), one in six days (late), one still waiting past its due date."""
    from initiatives.models import Initiative
    from training.models import (
        AdviceQuestion,
        MentoringFeedback,
        MentoringMeeting,
        MentoringRequest,
        MentorProfile,
    )

    from ..factories import InitiativeFactory

    now = timezone.now()
    initiative = InitiativeFactory(country="DE")
    assert Initiative.objects.filter(pk=initiative.pk).exists()
    mentor = MentorProfile.objects.create(
        user=UserFactory(),
        languages=["de"],
        countries=["DE", "AT"],
        bio="Twenty years of social finance.",
        status="approved",
    )
    MentorProfile.objects.create(
        user=UserFactory(), languages=["nl"], countries=["NL"], bio="Pending.", status="pending"
    )
    agreed = MentoringRequest.objects.create(
        initiative=initiative,
        requested_by=innovator,
        country="DE",
        needs="Finance",
        status="ended",
        mentor=mentor,
        created_at=now - timedelta(days=30),
        agreed_at=now - timedelta(days=26),
        ended_at=now - timedelta(days=2),
    )
    MentoringRequest.objects.create(
        initiative=initiative, requested_by=innovator, country="DE", needs="Scaling"
    )
    MentoringMeeting.objects.create(
        mentorship=agreed,
        date=(now - timedelta(days=20)).date(),
        duration_minutes=90,
        topic="Investors",
    )
    MentoringFeedback.objects.create(mentorship=agreed, side="mentor", rating=5)
    MentoringFeedback.objects.create(mentorship=agreed, side="mentee", rating=4)

    def question(asked_days_ago, answered_after_days, due_after_days):
        asked = now - timedelta(days=asked_days_ago)
        return AdviceQuestion.objects.create(
            centre=centre_de,
            asked_by=public_sector_user,
            topic="calls",
            subject="A call under Article 13",
            language="de",
            status="open" if answered_after_days is None else "answered",
            created_at=asked,
            due_at=asked + timedelta(days=due_after_days),
            first_response_at=(
                None if answered_after_days is None else asked + timedelta(days=answered_after_days)
            ),
        )

    question(40, 2, 14)
    question(20, 6, 4)
    question(30, None, 14)  # overdue
    return agreed


def test_the_dashboard_shows_mentoring_and_advice(client, supported, coordinator_de):
    client.force_login(coordinator_de)
    text = client.get("/en/dashboard/").text
    assert "Mentoring and advice" in text
    assert "median 4.0 days from request to agreement" in text
    assert "1 meeting, 1.5 hours" in text
    assert "4.5 of 5, 2 responses" in text
    assert "4.0 days" in text  # the median of two and six days to the first answer
    assert "50.0 %" in text  # one of the two answers came within the target
    assert "1 overdue" in text

    body = client.get("/en/dashboard/?download=support-figures").content.decode("utf-8-sig")
    assert "Mentoring requests,2" in body
    assert "Approved mentors,1" in body
    assert "Median days to the first answer,4.0" in body
    assert "Questions overdue now,1" in body
    monthly = client.get("/en/dashboard/?download=support-monthly").content.decode("utf-8-sig")
    assert monthly.count("\n") >= 3  # the heading and at least two months


def test_another_countrys_dashboard_does_not_count_mentoring_or_advice(
    client, supported, coordinator_nl
):
    client.force_login(coordinator_nl)
    body = client.get("/en/dashboard/?download=support-figures").content.decode("utf-8-sig")
    assert "Mentoring requests,0" in body
    assert "Questions to the centre,0" in body
    assert "Approved mentors,0" in body


def test_the_activity_report_counts_mentoring_and_advice(
    supported, coordinator_de, settings, tmp_path
):
    import subprocess

    from ncc_portal.reports import services as report_services

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    report = report_services.request_report(
        kind="training-activity", params={"country": "DE"}, language="en", user=coordinator_de
    )
    report = report_services.build_report(report.pk)
    assert report.status == "done", report.error
    text = subprocess.run(
        ["pdftotext", "-layout", report.file.path, "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Mentoring and advice" in text
    lines = {
        " ".join(line.split()[:-1]): line.split()[-1] for line in text.splitlines() if line.strip()
    }
    assert lines["Mentorships agreed"] == "1"
    assert lines["Median days to the first answer"] == "4.0"
    assert lines["Hours of mentoring meetings"] == "1.5"
