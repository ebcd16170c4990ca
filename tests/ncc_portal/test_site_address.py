"""Links in emails lead to the address the site is really served under."""

import re

import pytest
from django.core import mail

from ncc_portal.emails import queue_email

pytestmark = pytest.mark.django_db


def invite(client, organisation, capture):
    # The email goes out after the request (as a worker sends it): the address it was queued
    # under travels with it.
    with capture(execute=True):
        client.post(
            f"/en/organisations/{organisation.slug}/invite/",
            {"email": "colleague@example.org", "language": "en"},
        )
    assert len(mail.outbox) == 1
    return re.search(r"https?://\S+", mail.outbox[0].body).group(0)


def test_without_a_configured_address_links_use_the_requests_host_and_port(
    client, innovator, organisation, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    client.force_login(innovator)
    client.defaults["HTTP_HOST"] = "127.0.0.1:8101"
    link = invite(client, organisation, django_capture_on_commit_callbacks)
    assert link.startswith("http://127.0.0.1:8101/en/organisations/")


def test_the_configured_address_wins(
    client, innovator, organisation, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://portal.ncc.example"
    client.force_login(innovator)
    link = invite(client, organisation, django_capture_on_commit_callbacks)
    assert link.startswith("https://portal.ncc.example/en/")


def test_an_email_no_request_caused_uses_the_default_address(
    settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(
            to="someone@example.org",
            language="en",
            template="organisation_invitation",
            context={"inviter": "A", "organisation": "B", "token": "t", "expires": "soon"},
        )
    assert "http://127.0.0.1:8000/en/organisations/" in mail.outbox[0].body
