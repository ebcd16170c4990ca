"""One test per role and permission: who may do what with the shared models."""

import pytest
from django.contrib.auth.models import AnonymousUser

from ..factories import PublicSectorRequestFactory

PERSONAS = [
    "anonymous",
    "innovator",
    "member",
    "public_sector_user",
    "coordinator_de",
    "coordinator_nl",
    "administrator",
]


@pytest.fixture
def persona_user(request, organisation):
    def get(name):
        if name == "anonymous":
            return AnonymousUser()
        if name == "member":
            return organisation.memberships.get().user
        return request.getfixturevalue(name)

    return get


# Administrators are superusers: Django grants them every permission.
EXPECTED = {
    # permission: personas that have it
    "ncc_portal.change_organisation": {"member", "administrator"},
    "ncc_portal.invite_to_organisation": {"member", "administrator"},
    "ncc_portal.leave_organisation": {"member", "administrator"},
    "ncc_portal.decide_public_sector_request": {"coordinator_de", "administrator"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("permission", sorted(EXPECTED))
def test_object_permission_per_role(persona_user, organisation, ministry_de, persona, permission):
    user = persona_user(persona)
    if permission.endswith("public_sector_request"):
        target = PublicSectorRequestFactory(organisation=ministry_de)
    else:
        target = organisation
    # "member" and "innovator" are the same person in these fixtures.
    expected = persona in EXPECTED[permission] or (
        persona == "innovator" and "member" in EXPECTED[permission]
    )
    assert user.has_perm(permission, target) is expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona,expected",
    [
        ("anonymous", False),
        ("innovator", True),
        ("public_sector_user", False),
        ("coordinator_de", False),
    ],
)
def test_who_may_request_the_public_sector_role(persona_user, persona, expected):
    assert persona_user(persona).has_perm("ncc_portal.request_public_sector_role") is expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona,expected",
    [
        ("anonymous", False),
        ("innovator", False),
        ("public_sector_user", False),
        ("coordinator_de", True),
        ("administrator", True),
    ],
)
def test_who_may_review_role_requests(persona_user, persona, expected):
    assert persona_user(persona).has_perm("ncc_portal.review_public_sector_requests") is expected
