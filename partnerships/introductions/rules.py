"""Who may do what with introductions: one permission per action, checked on the object.

The pair are the members of the initiative's organisation and of the profile's; coordinators
act for the introductions of their country (the initiative's or the profile's organisation's);
administrators act everywhere.
"""

import rules

from ncc_portal.models import Membership
from ncc_portal.rules import is_administrator, is_coordinator

from ..models import PIPELINE, Stage
from . import services


@rules.predicate
def is_party(user, introduction):
    return introduction is not None and bool(services.sides_of(user, introduction))


@rules.predicate
def coordinates_it(user, introduction):
    return introduction is not None and services.coordinates(user, introduction)


@rules.predicate
def awaits_my_answer(user, introduction):
    return introduction is not None and bool(
        services.awaiting_sides(introduction) & services.sides_of(user, introduction)
    )


@rules.predicate
def accepted_by_my_side(user, introduction):
    return introduction is not None and any(
        services.has_accepted(introduction, side) for side in services.sides_of(user, introduction)
    )


@rules.predicate
def is_proposed(user, introduction):
    return introduction is not None and introduction.stage == Stage.PROPOSED


@rules.predicate
def is_in_pipeline(user, introduction):
    return (
        introduction is not None
        and introduction.stage in PIPELINE
        and introduction.stage != Stage.ENDED
    )


@rules.predicate
def is_member_of_an_organisation(user):
    return user.is_authenticated and Membership.objects.filter(user=user).exists()


can_coordinate = is_coordinator | is_administrator

rules.add_perm("partnerships.view_matches", rules.is_authenticated)
rules.add_perm("partnerships.find_partners", is_member_of_an_organisation)
rules.add_perm("partnerships.coordinate", can_coordinate)
rules.add_perm("partnerships.broker", can_coordinate)
rules.add_perm("partnerships.view_introduction", is_party | coordinates_it)
rules.add_perm("partnerships.accept_introduction", is_proposed & awaits_my_answer)
rules.add_perm("partnerships.decline_introduction", is_proposed & awaits_my_answer)
rules.add_perm(
    "partnerships.withdraw_introduction", is_proposed & (accepted_by_my_side | coordinates_it)
)
rules.add_perm("partnerships.move_introduction", is_in_pipeline & (is_party | coordinates_it))
# Contact persons are exchanged once both sides accepted; the coordinators see them too.
rules.add_perm("partnerships.view_contacts", is_party | coordinates_it)
