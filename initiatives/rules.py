"""Who may do what with an initiative."""

import rules

from ncc_portal.rules import is_administrator, is_coordinator

from .models import Status


@rules.predicate
def is_owner(user, initiative):
    if not user.is_authenticated or initiative is None:
        return False
    return initiative.organisation.memberships.filter(user=user).exists()


@rules.predicate
def coordinates_its_country(user, initiative):
    if not user.is_authenticated or initiative is None or user.role != "coordinator":
        return False
    return user.centre is not None and user.centre.country == initiative.country


@rules.predicate
def is_published(user, initiative):
    return initiative is not None and initiative.status == Status.PUBLISHED


@rules.predicate
def is_editable_state(user, initiative):
    return initiative is not None and initiative.status in {
        Status.DRAFT,
        Status.CHANGES_REQUESTED,
        Status.REJECTED,
        Status.PUBLISHED,
    }


can_moderate = coordinates_its_country | is_administrator

rules.add_perm("initiatives.view_initiative", is_published | is_owner | can_moderate)
rules.add_perm("initiatives.view_history", is_owner | can_moderate)
rules.add_perm("initiatives.add_initiative", rules.is_authenticated)
rules.add_perm("initiatives.change_initiative", is_owner & is_editable_state)
rules.add_perm("initiatives.submit_initiative", is_owner)
rules.add_perm("initiatives.archive_initiative", (is_owner | can_moderate) & is_published)
rules.add_perm("initiatives.confirm_initiative", is_owner & is_published)
rules.add_perm("initiatives.moderate_initiative", can_moderate)
rules.add_perm("initiatives.review_queue", is_coordinator | is_administrator)
# Federation: coordinators see how the peer portals' harvests go; administrators configure them.
rules.add_perm("initiatives.view_peer_portals", is_coordinator | is_administrator)
rules.add_perm("initiatives.manage_peer_portals", is_administrator)
