import pytest
from django.core import mail

from ncc_portal.models import Invitation, Membership, Organisation

from ..factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.mark.django_db
def test_anyone_can_read_the_directory_and_an_organisation(client, organisation):
    assert "Neighbourhood Works" in client.get("/en/organisations/").content.decode()
    response = client.get(f"/en/organisations/{organisation.slug}/")
    assert response.status_code == 200
    # Member names are for members only.
    assert "Ines Innovator" not in response.content.decode()


@pytest.mark.django_db
def test_directory_filters_by_country_and_kind(client, reference_data):
    OrganisationFactory(name="Tallinn Lab", country="EE", kind="academia")
    OrganisationFactory(name="Berlin Net", country="DE", kind="intermediary")
    content = client.get("/en/organisations/?country=EE").content.decode()
    assert "Tallinn Lab" in content and "Berlin Net" not in content
    content = client.get("/en/organisations/?kind=intermediary").content.decode()
    assert "Berlin Net" in content and "Tallinn Lab" not in content


@pytest.mark.django_db
def test_directory_htmx_request_returns_only_the_results(client):
    OrganisationFactory(name="Berlin Net")
    response = client.get("/en/organisations/?q=berlin", HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="results"')
    assert "Berlin Net" in content


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 3])
def test_directory_query_count_does_not_grow_with_rows(
    client, django_assert_num_queries, rows, reference_data
):
    for _n in range(rows):
        OrganisationFactory(region_id="DE300")
    # count for the paginator, then the page of organisations with their regions
    with django_assert_num_queries(2):
        client.get("/en/organisations/")


@pytest.mark.django_db
def test_signed_in_user_creates_an_organisation_and_becomes_its_member(
    client, innovator, reference_data
):
    client.force_login(innovator)
    response = client.post(
        "/en/organisations/new/",
        {
            "name": "Tartu Commons",
            "kind": "third_sector",
            "country": "EE",
            "region": "EE008",
            "website": "tartu-commons.example",
            "description_et": "Kogukonnaköök.",
        },
    )
    organisation = Organisation.objects.get(name="Tartu Commons")
    assert response["Location"] == f"/en/organisations/{organisation.slug}/"
    assert organisation.website == "https://tartu-commons.example"
    assert list(organisation.memberships.values_list("user", flat=True)) == [innovator.pk]


@pytest.mark.django_db
def test_organisation_form_rejects_a_region_of_another_country(client, innovator, reference_data):
    client.force_login(innovator)
    response = client.post(
        "/en/organisations/new/",
        {"name": "Wrong Place", "kind": "third_sector", "country": "NL", "region": "EE008"},
    )
    assert response.status_code == 200
    assert "This region is not in the country you chose." in response.content.decode()
    assert 'value="Wrong Place"' in response.content.decode()


@pytest.mark.django_db
def test_description_falls_back_to_another_language(client):
    OrganisationFactory(
        slug="only-german", description_en="", description_de="Nur auf Deutsch beschrieben."
    )
    assert (
        "Nur auf Deutsch beschrieben."
        in client.get("/et/organisations/only-german/").content.decode()
    )


@pytest.mark.django_db
def test_anonymous_user_is_sent_to_sign_in_to_create(client):
    response = client.get("/en/organisations/new/")
    assert response["Location"].startswith("/en/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["edit", "invite"])
def test_only_members_edit_and_invite(client, organisation, other_innovator, action):
    url = f"/en/organisations/{organisation.slug}/{action}/"
    client.force_login(other_innovator)
    assert client.get(url).status_code == 403
    client.force_login(organisation.memberships.get().user)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_member_edits_the_organisation(client, organisation, innovator):
    client.force_login(innovator)
    client.post(
        f"/en/organisations/{organisation.slug}/edit/",
        {
            "name": "Neighbourhood Works gGmbH",
            "kind": "third_sector",
            "country": "DE",
            "description_nl": "Buurtwerk.",
        },
    )
    organisation.refresh_from_db()
    assert organisation.name == "Neighbourhood Works gGmbH"
    assert organisation.description_nl == "Buurtwerk."


@pytest.mark.django_db
def test_invitation_is_emailed_in_its_language_and_accepted(
    client, organisation, innovator, other_innovator, django_capture_on_commit_callbacks
):
    client.force_login(innovator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/en/organisations/{organisation.slug}/invite/",
            {"email": "Otto@Example.org", "language": "de"},
        )
    invitation = Invitation.objects.get(email="otto@example.org")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["otto@example.org"]
    assert "Einladung" in mail.outbox[0].subject
    assert f"/de/organisations/invitations/{invitation.token}/" in mail.outbox[0].body

    client.force_login(other_innovator)
    response = client.post(f"/de/organisations/invitations/{invitation.token}/")
    assert response["Location"] == f"/de/organisations/{organisation.slug}/"
    assert Membership.objects.filter(organisation=organisation, user=other_innovator).exists()
    # A used link cannot be used again.
    third = UserFactory()
    client.force_login(third)
    client.post(f"/de/organisations/invitations/{invitation.token}/")
    assert not Membership.objects.filter(organisation=organisation, user=third).exists()


@pytest.mark.django_db
def test_inviting_an_existing_member_gives_a_form_error(client, organisation, innovator):
    client.force_login(innovator)
    response = client.post(
        f"/en/organisations/{organisation.slug}/invite/",
        {"email": innovator.email, "language": "en"},
    )
    assert response.status_code == 200
    assert "is already a member" in response.content.decode()


@pytest.mark.django_db
def test_the_last_member_cannot_leave(client, organisation, innovator):
    client.force_login(innovator)
    response = client.post(f"/en/organisations/{organisation.slug}/leave/", follow=True)
    assert "You are the last member" in response.content.decode()
    assert organisation.memberships.count() == 1


@pytest.mark.django_db
def test_a_member_leaves_when_others_remain(client, organisation, innovator, other_innovator):
    MembershipFactory(organisation=organisation, user=other_innovator)
    client.force_login(innovator)
    response = client.post(f"/en/organisations/{organisation.slug}/leave/")
    assert response["Location"] == "/en/accounts/profile/"
    assert list(organisation.memberships.values_list("user", flat=True)) == [other_innovator.pk]


@pytest.mark.django_db
def test_non_member_cannot_leave(client, organisation, other_innovator):
    client.force_login(other_innovator)
    assert client.post(f"/en/organisations/{organisation.slug}/leave/").status_code == 403


@pytest.mark.django_db
def test_an_email_is_sent_from_the_web_process_when_the_broker_is_down(
    client, organisation, innovator, settings, django_capture_on_commit_callbacks
):
    from ..conftest import celery_broker

    client.force_login(innovator)
    with celery_broker("redis://127.0.0.1:1/0"), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/organisations/{organisation.slug}/invite/",
            {"email": "otto@example.org", "language": "de"},
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["otto@example.org"]]
    assert "Einladung" in mail.outbox[0].subject
