import json

import pytest

from ncc_portal.models import Organisation, User

from ..factories import TEST_PASSWORD, MembershipFactory, PublicSectorRequestFactory


@pytest.mark.django_db
def test_data_export_contains_the_users_data(client, innovator, organisation, ministry_de):
    PublicSectorRequestFactory(user=innovator, organisation=ministry_de, position="Referent")
    client.force_login(innovator)
    response = client.get("/en/accounts/my-data.json")
    assert response["Content-Disposition"].startswith('attachment; filename="ncc-portal-my-data-')
    data = json.loads(response.content)
    assert data["account"]["email"] == "ines@example.org"
    assert data["memberships"][0]["organisation"] == "Neighbourhood Works"
    assert data["public_sector_requests"][0]["position"] == "Referent"
    assert data["bookmark_lists"] == [] and data["saved_searches"] == []
    assert data["email_addresses"] == [
        {"email": "ines@example.org", "verified": True, "primary": True}
    ]


@pytest.mark.django_db
def test_data_export_needs_sign_in(client):
    assert client.get("/en/accounts/my-data.json")["Location"].startswith("/en/accounts/login/")


@pytest.mark.django_db
def test_wrong_password_does_not_delete_the_account(client, innovator):
    client.force_login(innovator)
    response = client.post("/en/accounts/delete/", {"password": "wrong"})
    assert response.status_code == 200
    assert "The password is not correct." in response.content.decode()
    assert User.objects.filter(pk=innovator.pk).exists()


@pytest.mark.django_db
def test_deleting_the_account_keeps_the_organisation(
    client, innovator, other_innovator, organisation
):
    MembershipFactory(organisation=organisation, user=other_innovator)
    client.force_login(innovator)
    response = client.post("/en/accounts/delete/", {"password": TEST_PASSWORD})
    assert response["Location"] == "/en/"
    assert not User.objects.filter(email="ines@example.org").exists()
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert list(organisation.memberships.values_list("user", flat=True)) == [other_innovator.pk]
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_delete_page_warns_the_sole_member(client, innovator, organisation):
    client.force_login(innovator)
    content = client.get("/en/accounts/delete/").content.decode()
    assert "You are the only member of these organisations" in content
    assert "Neighbourhood Works" in content


@pytest.mark.django_db
def test_deleting_removes_contact_details_but_keeps_the_initiative(
    client, innovator, organisation, reference_data
):
    from initiatives.models import Event, Initiative

    from ..factories import InitiativeFactory

    initiative = InitiativeFactory(
        organisation=organisation,
        contact_name="Ines",
        contact_email="INES@example.org",
        contact_consent=True,
    )
    Event.objects.create(initiative=initiative, actor=innovator, action="published")
    client.force_login(innovator)
    export = json.loads(client.get("/en/accounts/my-data.json").content)
    assert export["initiative_contacts"][0]["contact_name"] == "Ines"
    assert export["initiative_history"][0]["action"] == "published"
    client.post("/en/accounts/delete/", {"password": TEST_PASSWORD})
    initiative = Initiative.objects.get()
    assert (initiative.contact_name, initiative.contact_email) == ("", "")
    assert initiative.status == "published"
    assert Event.objects.get().actor is None
