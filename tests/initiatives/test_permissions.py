"""Every role × action on initiatives, including guessing another organisation's slugs."""

import pytest

from ..factories import InitiativeFactory, OrganisationFactory

PERSONAS = [
    "anonymous",
    "owner",
    "other_innovator",
    "public_sector_user",
    "coordinator_de",
    "coordinator_nl",
    "administrator",
]


@pytest.fixture
def as_persona(client, request, organisation):
    def log_in(persona):
        client.logout()
        if persona == "owner":
            client.force_login(organisation.memberships.get().user)
        elif persona != "anonymous":
            client.force_login(request.getfixturevalue(persona))
        return client

    return log_in


@pytest.fixture
def draft(organisation, reference_data):
    return InitiativeFactory(organisation=organisation, status="draft", slug="a-draft")


@pytest.fixture
def submitted(organisation, reference_data):
    return InitiativeFactory(organisation=organisation, status="submitted", slug="submitted")


@pytest.fixture
def published(organisation, reference_data):
    return InitiativeFactory(organisation=organisation, slug="published")


VIEW_DRAFT = {"owner": 200, "coordinator_de": 200, "administrator": 200}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_view_a_draft(as_persona, draft, persona):
    status = as_persona(persona).get(f"/en/initiatives/{draft.slug}/").status_code
    assert status == VIEW_DRAFT.get(persona, 404)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_view_a_published_initiative(as_persona, published, persona):
    assert as_persona(persona).get(f"/en/initiatives/{published.slug}/").status_code == 200


# Administrators are superusers: Django grants them every permission.
EDIT = {"owner": 200, "administrator": 200}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_edit(as_persona, draft, persona):
    response = as_persona(persona).get(f"/en/initiatives/{draft.slug}/edit/")
    expected = EDIT.get(persona, 302 if persona == "anonymous" else 403)
    assert response.status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_submit(as_persona, draft, persona):
    response = as_persona(persona).post(f"/en/initiatives/{draft.slug}/submit/")
    draft.refresh_from_db()
    if persona in {"owner", "administrator"}:
        assert response.status_code == 302 and draft.status == "submitted"
    else:
        assert response.status_code in {302, 403} and draft.status == "draft"
        if persona != "anonymous":
            assert response.status_code == 403


MODERATE = {"coordinator_de": 200, "administrator": 200}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_review_page(as_persona, submitted, persona):
    response = as_persona(persona).get(f"/en/initiatives/{submitted.slug}/review/")
    assert response.status_code == MODERATE.get(persona, 302 if persona == "anonymous" else 403)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_publish(as_persona, submitted, persona):
    as_persona(persona).post(f"/en/initiatives/{submitted.slug}/review/", {"decision": "publish"})
    submitted.refresh_from_db()
    expected = "published" if persona in MODERATE else "submitted"
    assert submitted.status == expected


QUEUE = {"coordinator_de": 200, "coordinator_nl": 200, "administrator": 200}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_review_queue(as_persona, submitted, persona):
    response = as_persona(persona).get("/en/initiatives/review/")
    assert response.status_code == QUEUE.get(persona, 302 if persona == "anonymous" else 403)
    if persona in MODERATE:
        assert submitted.title_en in response.content.decode()


@pytest.mark.django_db
def test_queue_shows_only_the_coordinators_country(client, coordinator_nl, submitted):
    client.force_login(coordinator_nl)
    assert submitted.title_en not in client.get("/en/initiatives/review/").content.decode()


ARCHIVE = {"owner", "coordinator_de", "administrator"}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_archive(as_persona, published, persona):
    as_persona(persona).post(f"/en/initiatives/{published.slug}/archive/")
    published.refresh_from_db()
    assert published.status == ("archived" if persona in ARCHIVE else "published")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_confirm(as_persona, published, persona):
    before = published.confirmed_at
    as_persona(persona).post(f"/en/initiatives/{published.slug}/confirm/")
    published.refresh_from_db()
    assert (published.confirmed_at != before) is (persona in {"owner", "administrator"})


@pytest.mark.django_db
def test_members_of_another_organisation_cannot_edit_by_guessing_the_slug(
    client, other_innovator, draft
):
    OrganisationFactory().memberships.create(user=other_innovator)
    client.force_login(other_innovator)
    assert client.get(f"/en/initiatives/{draft.slug}/edit/").status_code == 403
    assert client.get(f"/en/initiatives/{draft.slug}/").status_code == 404
    assert client.post(f"/en/initiatives/{draft.slug}/submit/").status_code == 403


@pytest.mark.django_db
def test_history_is_visible_to_owners_and_coordinators_only(
    client, published, other_innovator, coordinator_de
):
    from initiatives.models import Event

    Event.objects.create(initiative=published, action="published", comment="Great work")
    assert "Great work" not in client.get(f"/en/initiatives/{published.slug}/").content.decode()
    client.force_login(other_innovator)
    assert "Great work" not in client.get(f"/en/initiatives/{published.slug}/").content.decode()
    client.force_login(coordinator_de)
    assert "Great work" in client.get(f"/en/initiatives/{published.slug}/").content.decode()
