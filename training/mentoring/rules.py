"""Who may do what in mentoring: one permission per action, checked on the object.

The pair are the requester (the mentee) and the mentor of a proposed or agreed mentorship;
coordinators act for the request's country (and approve mentors who mentor in theirs);
administrators act everywhere.
"""

import rules

from initiatives.models import Initiative
from ncc_portal.rules import is_administrator, is_coordinator

from ..models import MentoringStatus, MentorProfile
from . import matching


def _coordinated_country(user):
    if not user.is_authenticated or user.role != "coordinator" or user.centre_id is None:
        return None
    return user.centre.country


@rules.predicate
def coordinates_its_country(user, mentoring_request):
    country = _coordinated_country(user)
    return mentoring_request is not None and country == mentoring_request.country


@rules.predicate
def coordinates_a_country_of(user, profile):
    country = _coordinated_country(user)
    return profile is not None and country is not None and country in profile.countries


@rules.predicate
def is_requester(user, mentoring_request):
    return (
        user.is_authenticated
        and mentoring_request is not None
        and mentoring_request.requested_by_id == user.pk
    )


@rules.predicate
def is_its_mentor(user, mentoring_request):
    """The mentor proposed for, running or having run the mentorship."""
    return (
        user.is_authenticated
        and mentoring_request is not None
        and mentoring_request.mentor_id is not None
        and mentoring_request.status != MentoringStatus.OPEN
        and mentoring_request.mentor.user_id == user.pk
    )


@rules.predicate
def is_open(user, mentoring_request):
    return mentoring_request is not None and mentoring_request.status == MentoringStatus.OPEN


@rules.predicate
def is_proposed(user, mentoring_request):
    return mentoring_request is not None and mentoring_request.status == MentoringStatus.PROPOSED


@rules.predicate
def is_agreed(user, mentoring_request):
    return mentoring_request is not None and mentoring_request.contact_shared


@rules.predicate
def is_running(user, mentoring_request):
    return mentoring_request is not None and mentoring_request.status == MentoringStatus.AGREED


@rules.predicate
def has_ended(user, mentoring_request):
    return mentoring_request is not None and mentoring_request.status == MentoringStatus.ENDED


@rules.predicate
def fits_my_mentoring(user, mentoring_request):
    """An approved mentor for whom the open request is in the list of those that fit them."""
    if not user.is_authenticated or mentoring_request is None:
        return False
    profile = MentorProfile.objects.filter(user=user).first()
    return profile is not None and matching.fits(profile, mentoring_request)


@rules.predicate
def is_approved_mentor(user):
    return user.is_authenticated and MentorProfile.objects.approved().filter(user=user).exists()


@rules.predicate
def has_an_initiative(user):
    return user.is_authenticated and Initiative.objects.of_member(user).exists()


is_party = is_requester | is_its_mentor
can_coordinate = coordinates_its_country | is_administrator

rules.add_perm("mentoring.become_mentor", rules.is_authenticated)
rules.add_perm("mentoring.request_mentoring", has_an_initiative)
rules.add_perm("mentoring.coordinate", is_coordinator | is_administrator)
rules.add_perm("mentoring.decide_mentor", coordinates_a_country_of | is_administrator)
rules.add_perm("mentoring.view_request", is_party | can_coordinate | (is_open & fits_my_mentoring))
rules.add_perm("mentoring.propose_mentor", is_open & can_coordinate)
rules.add_perm("mentoring.offer_to_mentor", is_open & fits_my_mentoring)
rules.add_perm("mentoring.accept_mentor", is_proposed & is_requester)
rules.add_perm("mentoring.decline_proposal", is_proposed & is_party)
rules.add_perm("mentoring.withdraw_request", (is_open | is_proposed) & is_requester)
# Contact details are exchanged once both sides agreed; coordinators reach the requester.
rules.add_perm("mentoring.view_contacts", (is_party & is_agreed) | can_coordinate)
rules.add_perm("mentoring.log_meeting", is_party & is_running)
rules.add_perm("mentoring.view_meetings", (is_party & is_agreed) | can_coordinate)
rules.add_perm("mentoring.end_mentorship", is_running & (is_party | can_coordinate))
rules.add_perm("mentoring.give_feedback", is_party & has_ended)
# Each side sees only its own feedback; coordinators see both.
rules.add_perm("mentoring.view_all_feedback", can_coordinate)
