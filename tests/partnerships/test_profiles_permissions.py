"""Every role × action on partner profiles: view a draft, view a published one, edit, publish,
the review queue."""

import pytest

from partnerships.models import PartnerProfile, ProfileStatus
from partnerships.search import update_search_index

from ..factories import PartnerProfileFactory

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "member",
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
        if persona == "member":
            client.force_login(organisation.memberships.get().user)
        elif persona != "anonymous":
            client.force_login(request.getfixturevalue(persona))
        return client

    return log_in


def profile_of(organisation, **kwargs):
    profile = PartnerProfileFactory(organisation=organisation, offers=["funding"], **kwargs)
    update_search_index(PartnerProfile.objects.filter(pk=profile.pk))
    return profile


@pytest.fixture
def draft(organisation):
    return profile_of(organisation, status=ProfileStatus.DRAFT, slug="a-draft", valid_until=None)


@pytest.fixture
def submitted(organisation):
    return profile_of(organisation, status=ProfileStatus.SUBMITTED, slug="submitted")


@pytest.fixture
def published(organisation):
    return profile_of(organisation, slug="published")


INSIDERS = {"member": 200, "coordinator_de": 200, "administrator": 200}


@pytest.mark.parametrize("persona", PERSONAS)
def test_view_a_draft(as_persona, draft, persona):
    status = as_persona(persona).get(f"/en/partners/{draft.slug}/").status_code
    assert status == INSIDERS.get(persona, 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_view_a_published_profile(as_persona, published, persona):
    assert as_persona(persona).get(f"/en/partners/{published.slug}/").status_code == 200


EDIT = {"anonymous": 302, **INSIDERS}


@pytest.mark.parametrize("persona", PERSONAS)
def test_edit(as_persona, published, persona):
    status = as_persona(persona).get(f"/en/partners/{published.slug}/edit/").status_code
    assert status == EDIT.get(persona, 403)


PUBLISH = {"anonymous": 302, "member": 403, "coordinator_de": 302, "administrator": 302}


@pytest.mark.parametrize("persona", PERSONAS)
def test_publish(as_persona, submitted, persona):
    response = as_persona(persona).post(
        f"/en/partners/{submitted.slug}/decide/", {"decision": "publish"}
    )
    assert response.status_code == PUBLISH.get(persona, 404)
    submitted.refresh_from_db()
    published = persona in ("coordinator_de", "administrator")
    assert submitted.is_published == published


REVIEW = {"anonymous": 302, "coordinator_de": 200, "coordinator_nl": 200, "administrator": 200}


@pytest.mark.parametrize("persona", PERSONAS)
def test_review_queue(as_persona, submitted, persona):
    response = as_persona(persona).get("/en/partners/review/")
    assert response.status_code == REVIEW.get(persona, 403)
    if response.status_code == 200:
        shown = submitted.organisation.name in response.content.decode()
        assert shown == (persona != "coordinator_nl")


def test_an_expired_profile_is_hidden_from_the_public_and_renewable_by_members(
    as_persona, published
):
    from datetime import timedelta

    from django.utils import timezone

    PartnerProfile.objects.filter(pk=published.pk).update(
        valid_until=timezone.localdate() - timedelta(days=1)
    )
    assert as_persona("anonymous").get(f"/en/partners/{published.slug}/").status_code == 404
    assert as_persona("other_innovator").get(f"/en/partners/{published.slug}/").status_code == 404
    page = as_persona("member").get(f"/en/partners/{published.slug}/")
    assert page.status_code == 200
    assert f"/en/partners/{published.slug}/renew/" in page.content.decode()
    assert "out of" in page.content.decode() or "no longer listed" in page.content.decode()
    response = as_persona("member").post(f"/en/partners/{published.slug}/renew/")
    assert response.status_code == 302
    assert as_persona("anonymous").get(f"/en/partners/{published.slug}/").status_code == 200


def test_add_profile_needs_an_organisation_without_one(as_persona, organisation):
    assert as_persona("member").get("/en/partners/new/").status_code == 200
    assert as_persona("other_innovator").get("/en/partners/new/").status_code == 403
    profile_of(organisation)
    assert as_persona("member").get("/en/partners/new/").status_code == 403
