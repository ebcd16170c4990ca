import pytest
from django.core import mail

from ncc_portal.models import Role


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona,status",
    [
        ("innovator", 403),
        ("public_sector_user", 403),
        ("coordinator_de", 200),
        ("administrator", 200),
    ],
)
def test_who_may_manage_researchers(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/en/researchers/").status_code == status


@pytest.mark.django_db
def test_coordinator_grants_and_revokes_the_researcher_role(
    client, coordinator_de, innovator, django_capture_on_commit_callbacks
):
    innovator.language = "et"
    innovator.save()
    client.force_login(coordinator_de)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/researchers/", {"email": "INES@example.org"})
    assert response["Location"] == "/en/researchers/"
    innovator.refresh_from_db()
    assert innovator.role == Role.RESEARCHER
    assert mail.outbox[-1].to == [innovator.email]
    assert "/et/accounts/profile/" in mail.outbox[-1].body
    client.post("/en/researchers/", {"revoke": innovator.pk})
    innovator.refresh_from_db()
    assert innovator.role == Role.INNOVATOR


@pytest.mark.django_db
@pytest.mark.parametrize(
    "email,message",
    [
        ("nobody@example.org", "No account uses this email address."),
        ("maria@ministry.example", "already has the role"),
    ],
)
def test_granting_explains_what_is_wrong(
    client, coordinator_de, public_sector_user, email, message
):
    client.force_login(coordinator_de)
    response = client.post("/en/researchers/", {"email": email})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert f'value="{email}"' in response.content.decode()
