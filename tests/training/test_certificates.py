"""Certificates of attendance: a PDF of the report engine in the participant's language, with
a verification address that confirms name, offer, date and hours only."""

import re
import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone

from ncc_portal.models import Report
from training import services
from training.models import Registration, Session

from ..factories import UserFactory
from .sample import training_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def attended(reference_data, coordinator_de, innovator):
    offer, session = training_world(coordinator_de, innovator)
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    registration = Registration.objects.get(session=session, user=innovator)
    return services.mark_attendance(registration=registration, actor=coordinator_de, attended=True)


def pdf_text(report):
    return subprocess.run(
        ["pdftotext", report.file.path, "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_participant_downloads_the_certificate_in_their_language(
    client, attended, innovator, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    innovator.name = "Mari Maasikas"
    innovator.save()
    assert re.fullmatch(r"[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}", attended.certificate_code)
    client.force_login(innovator)
    mine = client.get("/et/training/mine/")
    assert f"/et/training/mine/certificates/{attended.pk}/" in mine.text
    with django_capture_on_commit_callbacks(execute=True):  # the worker builds it
        client.get(f"/et/training/mine/certificates/{attended.pk}/")
    response = client.get(f"/et/training/mine/certificates/{attended.pk}/", follow=True)
    assert response["Content-Type"] == "application/pdf"
    report = Report.objects.get(kind="training-certificate")
    assert report.language == "et"
    text = pdf_text(report)
    assert "Mari Maasikas" in text
    assert attended.certificate_code in text
    assert "Impact measurement workshop" in text
    # Asked again: the same PDF, not a new build.
    client.get(f"/et/training/mine/certificates/{attended.pk}/")
    assert Report.objects.filter(kind="training-certificate").count() == 1


def test_no_certificate_without_attendance_or_for_someone_else(client, attended, innovator):
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.get(f"/en/training/mine/certificates/{attended.pk}/").status_code == 404
    services.mark_attendance(registration=attended, actor=None, attended=False)
    client.force_login(innovator)
    assert client.get(f"/en/training/mine/certificates/{attended.pk}/").status_code == 404


def test_the_verification_page_shows_the_facts_and_nothing_else(client, attended, innovator):
    page = client.get(f"/en/certificates/{attended.certificate_code.lower()}/")
    assert page.status_code == 200
    assert "This certificate is valid." in page.text
    assert innovator.name in page.text
    assert "Impact measurement workshop" in page.text
    assert "vegan" not in page.text  # no answers
    assert "Musterstraße" not in page.text  # no address

    missing = client.get("/en/certificates/0000-0000-0000/")
    assert missing.status_code == 404
    assert "No valid certificate has the code" in missing.text

    services.mark_attendance(registration=attended, actor=None, attended=False)
    assert client.get(f"/en/certificates/{attended.certificate_code}/").status_code == 404
