"""Who may do what with partner profiles: one permission per action, checked on the object.

Members are the members of the profile's organisation; coordinators act for the organisation's
country; administrators act everywhere. A published, valid profile is public; any other (a draft,
one in review, withdrawn or expired) only its members, its country's coordinators and the
administrators see.
"""

import rules

from ncc_portal.models import Membership
from ncc_portal.rules import is_administrator, is_coordinator

from ..models import PartnerProfile


@rules.predicate
def is_member_of_an_organisation_without_profile(user):
    if not user.is_authenticated:
        return False
    return (
        Membership.objects.filter(user=user)
        .exclude(organisation__in=PartnerProfile.objects.values("organisation"))
        .exists()
    )


@rules.predicate
def is_profile_member(user, profile):
    if not user.is_authenticated or profile is None:
        return False
    return Membership.objects.filter(user=user, organisation_id=profile.organisation_id).exists()


@rules.predicate
def coordinates_profile_country(user, profile):
    if not user.is_authenticated or user.role != "coordinator" or profile is None:
        return False
    return user.centre is not None and user.centre.country == profile.organisation.country


@rules.predicate
def is_listed(user, profile):
    return profile is not None and profile.is_published and not profile.is_expired()


rules.add_perm("partnerships.add_profile", is_member_of_an_organisation_without_profile)
rules.add_perm(
    "partnerships.view_profile",
    is_listed | is_profile_member | coordinates_profile_country | is_administrator,
)
rules.add_perm(
    "partnerships.change_profile",
    is_profile_member | coordinates_profile_country | is_administrator,
)
rules.add_perm("partnerships.review_profiles", is_coordinator | is_administrator)
rules.add_perm("partnerships.publish_profile", coordinates_profile_country | is_administrator)
