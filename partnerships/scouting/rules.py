"""Who may do what on the scouting board: coordinators and administrators scout; a card is
seen and worked by the coordinators of the countries on it, and by administrators."""

import rules

from ncc_portal.rules import is_administrator, is_coordinator


def coordinated_country(user):
    if not user.is_authenticated or user.role != "coordinator" or user.centre_id is None:
        return None
    return user.centre.country


@rules.predicate
def coordinates_a_country_on(user, card):
    country = coordinated_country(user)
    return card is not None and country is not None and country in (card.countries or [])


rules.add_perm("partnerships.scout", is_coordinator | is_administrator)
rules.add_perm("partnerships.view_scouting_card", coordinates_a_country_on | is_administrator)
rules.add_perm("partnerships.work_scouting_card", coordinates_a_country_on | is_administrator)


def visible_cards(user, queryset):
    """The cards of ``queryset`` that ``user`` sees on the board."""
    if is_administrator(user):
        return queryset
    country = coordinated_country(user)
    if country is None:
        return queryset.none()
    return queryset.visible_to_country(country)
