import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from ncc_portal.models import Role, User

from ..factories import TEST_PASSWORD, UserFactory


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
    body = mail.outbox[0].body
    assert "Hello from European Social Innovation Alliance!" in body
    assert "Thank you for using European Social Innovation Alliance!" in body
    assert "from testserver" not in body and "using testserver" not in body


@pytest.mark.django_db
def test_signup_never_offers_a_role_choice(client):
    content = client.get("/en/accounts/signup/").content.decode()
    assert 'name="role"' not in content
    client.post(
        "/en/accounts/signup/",
        {
            "email": "sneaky@example.org",
            "password1": TEST_PASSWORD,
            "password2": TEST_PASSWORD,
            "role": "coordinator",
        },
    )
    assert User.objects.get(email="sneaky@example.org").role == Role.INNOVATOR


@pytest.mark.django_db
def test_signup_errors_are_translated_and_keep_the_email(client):
    response = client.post(
        "/de/accounts/signup/",
        {"email": "kurz@example.org", "password1": "abc", "password2": "abd"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="kurz@example.org"' in content
    assert 'aria-invalid="true"' in content
    assert "Passwort" in content


@pytest.mark.django_db
def test_sign_in_is_refused_until_the_email_is_verified(client):
    UserFactory(email="unverified@example.org", verified=False)
    response = client.post(
        "/en/accounts/login/", {"login": "unverified@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_verified_user_signs_in_with_email(client, innovator):
    response = client.post(
        "/en/accounts/login/", {"login": "ines@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == innovator.pk


@pytest.mark.django_db
def test_password_reset_sends_a_link_in_the_current_language(client, innovator):
    client.post("/fr/accounts/password/reset/", {"email": "ines@example.org"})
    assert len(mail.outbox) == 1
    assert "/fr/accounts/password/reset/key/" in mail.outbox[0].body


@pytest.mark.django_db
def test_login_is_rate_limited(client, settings, innovator):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip,3/5m/key"}
    for _attempt in range(3):
        client.post("/en/accounts/login/", {"login": "ines@example.org", "password": "wrong"})
    response = client.post(
        "/en/accounts/login/", {"login": "ines@example.org", "password": TEST_PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


@pytest.mark.django_db
def test_coordinator_without_totp_is_sent_to_the_two_factor_setup(client, centre_de):
    from ..factories import CoordinatorFactory

    coordinator = CoordinatorFactory(centre=centre_de, with_totp=False)
    client.post("/en/accounts/login/", {"login": coordinator.email, "password": TEST_PASSWORD})
    response = client.get("/en/organisations/")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/totp/activate/"
    # allauth asks for the password again before a security setting changes.
    response = client.get("/en/accounts/2fa/totp/activate/")
    assert response["Location"].startswith("/en/accounts/reauthenticate/")
    client.post(response["Location"], {"password": TEST_PASSWORD})
    assert client.get("/en/accounts/2fa/totp/activate/").status_code == 200
    assert client.get("/en/privacy/").status_code == 200


@pytest.mark.django_db
def test_administrator_without_totp_cannot_use_the_admin(client):
    from ..factories import AdministratorFactory

    admin = AdministratorFactory(with_totp=False)
    client.force_login(admin)
    response = client.get("/en/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/totp/activate/"


@pytest.mark.django_db
def test_innovator_is_not_asked_for_two_factor_authentication(client, innovator):
    client.force_login(innovator)
    assert client.get("/en/organisations/").status_code == 200


@pytest.mark.django_db
def test_coordinator_with_totp_must_enter_a_code_at_sign_in(client, coordinator_de):
    response = client.post(
        "/en/accounts/login/", {"login": coordinator_de.email, "password": TEST_PASSWORD}
    )
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_admin_login_goes_through_allauth(client):
    response = client.get("/en/admin/login/?next=/en/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


@pytest.mark.django_db
def test_profile_saves_name_and_language(client, innovator):
    client.force_login(innovator)
    response = client.post("/en/accounts/profile/", {"name": "Ines I.", "language": "et"})
    assert response.status_code == 302
    innovator.refresh_from_db()
    assert (innovator.name, innovator.language) == ("Ines I.", "et")
