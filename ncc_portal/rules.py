"""Who may do what: small named predicates, one permission per action."""

import rules

from .models import Role


@rules.predicate
def is_administrator(user):
    return user.is_authenticated and (user.role == Role.ADMINISTRATOR or user.is_superuser)


@rules.predicate
def is_coordinator(user):
    return user.is_authenticated and user.role == Role.COORDINATOR


@rules.predicate
def is_public_sector_staff(user):
    return user.is_authenticated and user.role == Role.PUBLIC_SECTOR


@rules.predicate
def is_researcher(user):
    return user.is_authenticated and user.role == Role.RESEARCHER


@rules.predicate
def is_member_of_organisation(user, organisation):
    if not user.is_authenticated or organisation is None:
        return False
    return organisation.memberships.filter(user=user).exists()


@rules.predicate
def coordinates_country_of_request(user, role_request):
    if not user.is_authenticated or user.role != Role.COORDINATOR or role_request is None:
        return False
    return user.centre is not None and user.centre.country == role_request.organisation.country


is_signed_in = rules.is_authenticated

rules.add_perm("ncc_portal.add_organisation", is_signed_in)
rules.add_perm("ncc_portal.change_organisation", is_member_of_organisation | is_administrator)
rules.add_perm("ncc_portal.invite_to_organisation", is_member_of_organisation)
rules.add_perm("ncc_portal.leave_organisation", is_member_of_organisation)
rules.add_perm(
    "ncc_portal.request_public_sector_role",
    is_signed_in & ~is_coordinator & ~is_administrator & ~is_public_sector_staff,
)
rules.add_perm("ncc_portal.review_public_sector_requests", is_coordinator | is_administrator)
rules.add_perm("ncc_portal.grant_researcher_role", is_coordinator | is_administrator)
rules.add_perm(
    "ncc_portal.decide_public_sector_request", coordinates_country_of_request | is_administrator
)


@rules.predicate
def requested_the_report(user, report):
    return user.is_authenticated and report is not None and report.requested_by_id == user.pk


@rules.predicate
def coordinates_the_reports_centre(user, report):
    return (
        user.is_authenticated
        and user.role == Role.COORDINATOR
        and report is not None
        and report.centre_id is not None
        and report.centre_id == user.centre_id
    )


@rules.predicate
def is_public_report(user, report):
    # Profiles of published initiatives carry only public facts: anyone may fetch them.
    return report is not None and bool(report.cache_key)


rules.add_perm("ncc_portal.request_report", is_coordinator | is_administrator)
rules.add_perm(
    "ncc_portal.view_report",
    requested_the_report | coordinates_the_reports_centre | is_administrator | is_public_report,
)
rules.add_perm("ncc_portal.view_dashboard", is_coordinator | is_administrator)
