import pytest
from django.core import mail

from ncc_portal.models import Membership, PublicSectorRequest, Role

from ..factories import PublicSectorRequestFactory


@pytest.mark.django_db
def test_innovator_requests_the_public_sector_role_and_coordinators_are_told(
    client,
    innovator,
    ministry_de,
    coordinator_de,
    coordinator_nl,
    django_capture_on_commit_callbacks,
):
    client.force_login(innovator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/accounts/public-sector-role/",
            {"organisation": ministry_de.pk, "position": "ESF+ unit", "statement": "I plan calls."},
        )
    assert response["Location"] == "/en/accounts/profile/"
    role_request = PublicSectorRequest.objects.get(user=innovator)
    assert role_request.status == "pending"
    # Only the coordinator of the organisation's country is told, in their language.
    assert [m.to for m in mail.outbox] == [[coordinator_de.email]]
    assert "/de/role-requests/" in mail.outbox[0].body


@pytest.mark.django_db
def test_the_request_form_offers_only_public_sector_organisations(
    client, innovator, ministry_de, organisation
):
    client.force_login(innovator)
    content = client.get("/en/accounts/public-sector-role/").content.decode()
    assert ministry_de.name in content
    assert organisation.name not in content


@pytest.mark.django_db
def test_a_second_pending_request_is_refused(client, innovator, ministry_de):
    PublicSectorRequestFactory(user=innovator, organisation=ministry_de)
    client.force_login(innovator)
    response = client.post(
        "/en/accounts/public-sector-role/",
        {"organisation": ministry_de.pk, "position": "Again"},
    )
    assert response.status_code == 403
    assert PublicSectorRequest.objects.filter(user=innovator).count() == 1


@pytest.mark.django_db
def test_coordinator_approves_and_the_requester_is_told_in_their_language(
    client, coordinator_de, ministry_de, django_capture_on_commit_callbacks
):
    role_request = PublicSectorRequestFactory(organisation=ministry_de, user__language="fr")
    client.force_login(coordinator_de)
    assert role_request.user.email in client.get("/en/role-requests/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/role-requests/{role_request.pk}/", {"decision": "approve", "note": ""}
        )
    assert response["Location"] == "/en/role-requests/"
    role_request.refresh_from_db()
    requester = role_request.user
    requester.refresh_from_db()
    assert role_request.status == "approved"
    assert role_request.decided_by == coordinator_de
    assert requester.role == Role.PUBLIC_SECTOR
    assert Membership.objects.filter(user=requester, organisation=ministry_de).exists()
    assert mail.outbox[-1].to == [requester.email]
    assert "/fr/accounts/profile/" in mail.outbox[-1].body


@pytest.mark.django_db
def test_declining_needs_a_note_and_keeps_the_role(client, coordinator_de, ministry_de):
    role_request = PublicSectorRequestFactory(organisation=ministry_de)
    client.force_login(coordinator_de)
    response = client.post(f"/en/role-requests/{role_request.pk}/", {"decision": "decline"})
    assert response.status_code == 200
    assert "Please tell the requester why you decline." in response.content.decode()
    client.post(
        f"/en/role-requests/{role_request.pk}/",
        {"decision": "decline", "note": "Please use your official address."},
    )
    role_request.refresh_from_db()
    role_request.user.refresh_from_db()
    assert role_request.status == "declined"
    assert role_request.user.role == Role.INNOVATOR


@pytest.mark.django_db
def test_coordinator_of_another_country_cannot_decide(client, coordinator_nl, ministry_de):
    role_request = PublicSectorRequestFactory(organisation=ministry_de)
    client.force_login(coordinator_nl)
    assert role_request.user.email not in client.get("/en/role-requests/").content.decode()
    assert client.get(f"/en/role-requests/{role_request.pk}/").status_code == 403
    response = client.post(f"/en/role-requests/{role_request.pk}/", {"decision": "approve"})
    assert response.status_code == 403
    role_request.refresh_from_db()
    assert role_request.status == "pending"


@pytest.mark.django_db
def test_administrator_sees_and_decides_every_country(client, administrator, ministry_de):
    role_request = PublicSectorRequestFactory(organisation=ministry_de)
    client.force_login(administrator)
    assert role_request.user.email in client.get("/en/role-requests/").content.decode()
    client.post(f"/en/role-requests/{role_request.pk}/", {"decision": "approve"})
    role_request.refresh_from_db()
    assert role_request.status == "approved"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["innovator", "public_sector_user"])
def test_other_roles_cannot_review_requests(client, request, persona, ministry_de):
    role_request = PublicSectorRequestFactory(organisation=ministry_de)
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/en/role-requests/").status_code == 403
    assert (
        client.post(f"/en/role-requests/{role_request.pk}/", {"decision": "approve"}).status_code
        == 403
    )


@pytest.mark.django_db
def test_a_decided_request_cannot_be_decided_again(client, coordinator_de, ministry_de):
    role_request = PublicSectorRequestFactory(organisation=ministry_de, status="declined")
    client.force_login(coordinator_de)
    response = client.post(
        f"/en/role-requests/{role_request.pk}/", {"decision": "approve"}, follow=True
    )
    assert "already been decided" in response.content.decode()
    role_request.refresh_from_db()
    assert role_request.status == "declined"


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 3])
def test_request_list_query_count_does_not_grow_with_rows(
    client, coordinator_de, ministry_de, django_assert_max_num_queries, rows
):
    for _n in range(rows):
        PublicSectorRequestFactory(organisation=ministry_de)
    client.force_login(coordinator_de)
    # session, user, TOTP check, pending requests, decided requests (+ centre for the filter)
    with django_assert_max_num_queries(7):
        client.get("/en/role-requests/")
