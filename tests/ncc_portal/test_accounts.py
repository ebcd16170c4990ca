import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from ncc_portal.models import Role, User

from ..factories import TEST_PASSWORD


@pytest.mark.django_db
def test_signup_creates_an_unverified_innovator_and_sends_a_verification_email(client):
    response = client.post(
        "/nl/accounts/signup/",
        {"email": "Nieuw@Example.org", "password1": TEST_PASSWORD, "password2": TEST_PASSWORD},
    )
    assert response.status_code == 302
    user = User.objects.get(email="nieuw@example.org")
    assert user.role == Role.INNOVATOR
    assert user.language == "nl"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert "/nl/accounts/confirm-email/" in mail.outbox[0].body


@pytest.mark.django_db
def test_account_emails_greet_with_the_portal_name_not_the_host(client):
    client.post(
        "/en/accounts/signup/",
        {"email": "new@example.org", "password1": TEST_PASSWORD, "password2": TEST_PASSWORD},
    )
    message = mail.outbox[0]
    assert message.subject == (
        "Please confirm your e-mail address for European Social Innovation Alliance"
    )
    body = message.body
    assert body.startswith("Hello,")
    assert "Kind regards, the team of European Social Innovation Alliance" in body
    assert "http://testserver/en/accounts/confirm-email/" in body
    assert "from testserver" not in body and "using testserver" not in body


# One form of address per language: the formal one where the language has two.
INFORMAL = {
    "de": r"\b(du|dich|dir|dein\w*)\b",
    "et": r"\b(sa|sina|sinu|sind|sulle)\b",
    "nl": r"\b(je|jij|jou|jouw)\b",
    "fr": r"\b(tu|toi|ton|ta|tes)\b",
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", sorted(INFORMAL))
def test_account_emails_use_one_form_of_address(client, language):
    client.post(
        f"/{language}/accounts/signup/",
        {"email": "new@example.org", "password1": TEST_PASSWORD, "password2": TEST_PASSWORD},
    )
    client.post(f"/{language}/accounts/password/reset/", {"email": "nobody@example.org"})
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert "Hello," not in message.body  # written in the person's language
        assert "testserver" not in message.body.split("\n")[0]
        text = f"{message.subject}\n{message.body}".lower()
        assert not re.findall(INFORMAL[language], text), (language, message.body)
