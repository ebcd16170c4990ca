"""Who may do what in the knowledge base."""

import rules

from ncc_portal.rules import is_administrator, is_coordinator, is_researcher

from .models import AccessLevel, PublicationStatus


@rules.predicate
def coordinates_its_country(user, obj):
    if not user.is_authenticated or obj is None or user.role != "coordinator":
        return False
    return user.centre is not None and user.centre.country == obj.country


@rules.predicate
def is_published(user, obj):
    return obj is not None and obj.status == PublicationStatus.PUBLISHED


@rules.predicate
def created_it(user, obj):
    return user.is_authenticated and obj is not None and obj.created_by_id == user.pk


@rules.predicate
def may_open_resource(user, resource):
    """The access level of a resource (and its files) allows ``user`` in."""
    if resource is None:
        return False
    if resource.access_level == AccessLevel.PUBLIC:
        return True
    if not user.is_authenticated:
        return False
    if resource.access_level == AccessLevel.SIGNED_IN:
        return True
    return user.is_superuser or user.role in {
        "public_sector",
        "researcher",
        "coordinator",
        "administrator",
    }


is_editor = is_researcher | is_coordinator | is_administrator

# Case studies: researchers and coordinators write; coordinators of the country publish.
rules.add_perm("ecosystem.add_casestudy", is_editor)
rules.add_perm(
    "ecosystem.change_casestudy",
    (is_researcher & created_it) | coordinates_its_country | is_administrator,
)
rules.add_perm("ecosystem.publish_casestudy", coordinates_its_country | is_administrator)
rules.add_perm(
    "ecosystem.view_casestudy",
    is_published | created_it | coordinates_its_country | is_administrator,
)

# Library: researchers, coordinators and administrators add and curate resources.
rules.add_perm("ecosystem.add_resource", is_editor)
rules.add_perm("ecosystem.change_resource", is_editor)
rules.add_perm("ecosystem.curate_collections", is_coordinator | is_administrator)
rules.add_perm("ecosystem.view_resource", is_published | is_editor)
rules.add_perm("ecosystem.open_resource", (is_published | is_editor) & may_open_resource)

# Strategy tracker: the coordinators of the country keep it.
rules.add_perm("ecosystem.change_strategy", coordinates_its_country | is_administrator)
