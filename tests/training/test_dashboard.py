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
