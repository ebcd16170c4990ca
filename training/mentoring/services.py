"""Every change of state in mentoring: mentor profiles and their approval, requests, proposals,
agreements, meetings, the end of a mentorship and its feedback.

A mentor's places are decided under a lock on their profile's row (``SELECT … FOR UPDATE``;
SQLite writes one transaction at a time): a proposal and an agreement each count the mentor's
mentorships while holding it, so two coordinators (or a coordinator and the mentor) can never
give a mentor more mentees than they offered to take. A proposed mentorship holds a place until
the mentee answers. Locks are always taken in the same order, the request first, then the
mentor's profile.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from initiatives.models import Initiative
from ncc_portal.emails import queue_email_to_user
from ncc_portal.models import User

from ..models import (
    MentoringFeedback,
    MentoringMeeting,
    MentoringRequest,
    MentoringSide,
    MentoringStatus,
    MentorProfile,
    MentorStatus,
)

# The states in which a mentorship takes one of the mentor's places.
HOLDING_A_PLACE = [MentoringStatus.PROPOSED, MentoringStatus.AGREED]
# The states in which an initiative has a request under way (one at a time).
UNDER_WAY = [MentoringStatus.OPEN, MentoringStatus.PROPOSED, MentoringStatus.AGREED]


def _name(user):
    return user.name or user.email if user else ""


def _initiative_title(mentoring_request, user):
    """The initiative's title as ``user`` reads it (their language, else the fallbacks)."""
    with translation.override(user.language):
        return str(mentoring_request.initiative.title)


def _email(user, template, mentoring_request, **context):
    if user is None or not user.is_active:
        return
    queue_email_to_user(
        user,
        template=template,
        context={
            "pk": mentoring_request.pk,
            "initiative": _initiative_title(mentoring_request, user),
            **context,
        },
    )


def side_of(mentoring_request, user):
    """The side ``user`` is on (``MentoringSide``), or None."""
    if user is None or not user.is_authenticated:
        return None
    if mentoring_request.requested_by_id == user.pk:
        return MentoringSide.MENTEE
    if mentoring_request.mentor_id and mentoring_request.mentor.user_id == user.pk:
        return MentoringSide.MENTOR
    return None


def places_taken(profile, *, excluding=None):
    taken = MentoringRequest.objects.filter(mentor=profile, status__in=HOLDING_A_PLACE)
    if excluding is not None:
        taken = taken.exclude(pk=excluding.pk)
    return taken.count()


# --- Mentor profiles -----------------------------------------------------------------------


PROFILE_FIELDS = ["languages", "countries", "capacity", "bio", "phone", "accepting"]


@transaction.atomic
def save_mentor_profile(*, user, values, themes):
    """Create or change the person's mentor profile. A new profile (or one withdrawn or not
    approved before) waits for a coordinator of one of its countries; an approved profile
    stays approved whatever is changed."""
    profile = MentorProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        profile = MentorProfile(user=user)
    for name in PROFILE_FIELDS:
        if name in values:
            setattr(profile, name, values[name])
    if profile.status in {MentorStatus.WITHDRAWN, MentorStatus.DECLINED}:
        profile.status = MentorStatus.PENDING
        profile.decided_by = None
        profile.decided_at = None
    if not themes:
        raise ValidationError({"themes": _("Choose at least one theme you can mentor on.")})
    profile.full_clean(exclude=["user", "themes"])
    profile.save()
    profile.themes.set(themes)
    return profile


@transaction.atomic
def withdraw_mentor_profile(*, profile):
    """The person stops mentoring: no new proposals, and proposals waiting for a mentee's answer
    go back to the coordinators (the mentee is told). Running mentorships go on until they end."""
    # The requests first, then the profile: the order in which proposals lock them.
    waiting = list(
        MentoringRequest.objects.select_for_update()
        .filter(mentor=profile, status=MentoringStatus.PROPOSED)
        .order_by("pk")
    )
    profile = _locked_profile(profile.pk)
    profile.status = MentorStatus.WITHDRAWN
    profile.accepting = False
    profile.save(update_fields=["status", "accepting"])
    for mentoring_request in waiting:
        decline_proposal(mentoring_request=mentoring_request, actor=profile.user)
    return profile


@transaction.atomic
def decide_mentor(*, profile, actor, approve, now=None):
    """A coordinator approves a mentor (or does not); the person is emailed either way."""
    profile = _locked_profile(profile.pk)
    if profile.status != MentorStatus.PENDING:
        raise ValidationError(_("This mentor profile is not waiting for a decision."))
    profile.status = MentorStatus.APPROVED if approve else MentorStatus.DECLINED
    profile.decided_by = actor
    profile.decided_at = now or timezone.now()
    profile.save(update_fields=["status", "decided_by", "decided_at"])
    queue_email_to_user(
        profile.user,
        template="mentoring_mentor_approved" if approve else "mentoring_mentor_declined",
        context={"name": _name(profile.user)},
    )
    return profile


# --- Requests ------------------------------------------------------------------------------


@transaction.atomic
def request_mentoring(*, user, initiative, needs, languages, themes=None, now=None):
    """An innovator asks for a mentor for one of their initiatives; the coordinators of its
    country are emailed. Without themes, the initiative's own are used."""
    if not Initiative.objects.of_member(user).filter(pk=initiative.pk).exists():
        raise ValidationError(_("You can ask for mentoring only for your own initiatives."))
    # Locking the initiative serialises two requests for it sent at once (two tabs).
    list(Initiative.objects.select_for_update().filter(pk=initiative.pk).values_list("pk"))
    if initiative.mentoring_requests.filter(status__in=UNDER_WAY).exists():
        raise ValidationError(
            _("This initiative already has a mentoring request under way: see it on your page.")
        )
    mentoring_request = MentoringRequest(
        initiative=initiative,
        requested_by=user,
        country=initiative.country,
        needs=needs,
        languages=list(languages),
        created_at=now or timezone.now(),
    )
    mentoring_request.full_clean(exclude=["themes", "passed_over"])
    mentoring_request.save()
    mentoring_request.themes.set(themes or initiative.themes.all())
    for coordinator in User.objects.coordinators_of(initiative.country):
        _email(coordinator, "mentoring_request_received", mentoring_request, name=_name(user))
    return mentoring_request


def _locked_request(mentoring_request):
    return (
        # Only the request's row: the mentee's (nullable) join cannot be locked on PostgreSQL.
        MentoringRequest.objects.select_for_update(of=("self",))
        .select_related("initiative", "requested_by")
        .get(pk=mentoring_request.pk)
    )


def _locked_profile(profile_id):
    return (
        MentorProfile.objects.select_for_update(of=("self",))
        .select_related("user")
        .get(pk=profile_id)
    )


def _check_can_take(mentoring_request, profile):
    """Why ``profile`` cannot be proposed for ``mentoring_request``, raised; both are locked."""
    if not profile.is_approved:
        raise ValidationError(_("This mentor is not approved."))
    if not profile.accepting:
        raise ValidationError(_("This mentor is not taking new mentees at the moment."))
    if profile.user_id == mentoring_request.requested_by_id:
        raise ValidationError(_("Nobody can mentor their own request."))
    if mentoring_request.passed_over.filter(pk=profile.pk).exists():
        raise ValidationError(_("This mentor has already been declined for this request."))
    if places_taken(profile) >= profile.capacity:
        raise ValidationError(
            _("%(name)s has no free place for another mentee at the moment.")
            % {"name": _name(profile.user)}
        )


def _propose(*, mentoring_request, profile, actor, now):
    mentoring_request = _locked_request(mentoring_request)
    if mentoring_request.status != MentoringStatus.OPEN:
        raise ValidationError(_("This request is not looking for a mentor any more."))
    profile = _locked_profile(profile.pk)
    _check_can_take(mentoring_request, profile)
    mentoring_request.status = MentoringStatus.PROPOSED
    mentoring_request.mentor = profile
    mentoring_request.proposed_by = actor
    mentoring_request.proposed_at = now or timezone.now()
    mentoring_request.save(update_fields=["status", "mentor", "proposed_by", "proposed_at"])
    _email(
        mentoring_request.requested_by,
        "mentoring_mentor_proposed",
        mentoring_request,
        mentor=_name(profile.user),
        by_mentor=actor.pk == profile.user_id,
    )
    return mentoring_request


@transaction.atomic
def propose_mentor(*, mentoring_request, profile, actor, now=None):
    """A coordinator proposes a mentor: the mentee and the mentor are emailed; the mentee
    accepts or declines, the mentor may decline."""
    mentoring_request = _propose(
        mentoring_request=mentoring_request, profile=profile, actor=actor, now=now
    )
    _email(
        mentoring_request.mentor.user,
        "mentoring_proposed_to_mentor",
        mentoring_request,
        coordinator=_name(actor),
    )
    return mentoring_request


@transaction.atomic
def offer_to_mentor(*, mentoring_request, user, now=None):
    """An approved mentor offers to take an open request; the mentee is emailed and answers."""
    profile = MentorProfile.objects.filter(user=user).first()
    if profile is None:
        raise ValidationError(_("Create your mentor profile first."))
    if mentoring_request.country not in profile.countries:
        raise ValidationError(_("You can offer to mentor only in the countries you mentor in."))
    return _propose(mentoring_request=mentoring_request, profile=profile, actor=user, now=now)


@transaction.atomic
def accept_mentor(*, mentoring_request, user, now=None):
    """The mentee accepts the proposed mentor: the mentorship is agreed and both are emailed
    the other's contact details."""
    mentoring_request = _locked_request(mentoring_request)
    if mentoring_request.requested_by_id != user.pk:
        raise ValidationError(_("Only the person who asked can accept a mentor."))
    if mentoring_request.status != MentoringStatus.PROPOSED:
        raise ValidationError(_("There is no mentor proposal to answer."))
    profile = _locked_profile(mentoring_request.mentor_id)
    # The proposal held a place; a capacity lowered since may have taken it away.
    if places_taken(profile, excluding=mentoring_request) >= profile.capacity:
        raise ValidationError(
            _("%(name)s has no free place for another mentee at the moment.")
            % {"name": _name(profile.user)}
        )
    mentoring_request.status = MentoringStatus.AGREED
    mentoring_request.agreed_at = now or timezone.now()
    mentoring_request.save(update_fields=["status", "agreed_at"])
    mentee, mentor = mentoring_request.requested_by, profile.user
    _email(
        mentor,
        "mentoring_agreed",
        mentoring_request,
        other=_name(mentee),
        other_email=mentee.email,
        other_phone="",
        side=MentoringSide.MENTOR,
    )
    _email(
        mentee,
        "mentoring_agreed",
        mentoring_request,
        other=_name(mentor),
        other_email=mentor.email,
        other_phone=profile.phone,
        side=MentoringSide.MENTEE,
    )
    return mentoring_request


@transaction.atomic
def decline_proposal(*, mentoring_request, actor):
    """The mentee declines the proposed mentor, or the mentor declines: the request is open
    again and that mentor is not suggested for it again. The other side (and the coordinator
    who proposed) is emailed."""
    mentoring_request = _locked_request(mentoring_request)
    if mentoring_request.status != MentoringStatus.PROPOSED:
        raise ValidationError(_("There is no mentor proposal to answer."))
    profile = mentoring_request.mentor
    side = side_of(mentoring_request, actor)
    if side is None:
        raise ValidationError(_("Only the mentee or the proposed mentor can decline."))
    proposer = mentoring_request.proposed_by
    mentoring_request.passed_over.add(profile)
    mentoring_request.status = MentoringStatus.OPEN
    mentoring_request.mentor = None
    mentoring_request.proposed_by = None
    mentoring_request.proposed_at = None
    mentoring_request.save(update_fields=["status", "mentor", "proposed_by", "proposed_at"])
    told = {actor.pk}
    other = profile.user if side == MentoringSide.MENTEE else mentoring_request.requested_by
    for person in (other, proposer):
        if person is not None and person.pk not in told:
            told.add(person.pk)
            _email(
                person,
                "mentoring_proposal_declined",
                mentoring_request,
                by=_name(actor),
                mentor=_name(profile.user),
                by_mentee=side == MentoringSide.MENTEE,
            )
    return mentoring_request


@transaction.atomic
def withdraw_request(*, mentoring_request, actor, quiet=False):
    """The mentee withdraws a request not yet agreed; a proposed mentor is told (unless
    ``quiet``: the account is being erased)."""
    mentoring_request = _locked_request(mentoring_request)
    if mentoring_request.status not in {MentoringStatus.OPEN, MentoringStatus.PROPOSED}:
        raise ValidationError(_("Only a request that is not yet agreed can be withdrawn."))
    proposed = mentoring_request.mentor if mentoring_request.status == "proposed" else None
    mentoring_request.status = MentoringStatus.WITHDRAWN
    mentoring_request.save(update_fields=["status"])
    if proposed is not None and not quiet:
        _email(proposed.user, "mentoring_request_withdrawn", mentoring_request)
    return mentoring_request


# --- The mentorship ------------------------------------------------------------------------


@transaction.atomic
def log_meeting(*, mentorship, actor, date, duration_minutes, topic, notes="", today=None):
    """Either side records a meeting of their agreed mentorship; it cannot lie in the future
    nor before the agreement."""
    mentorship = _locked_request(mentorship)
    if mentorship.status != MentoringStatus.AGREED:
        raise ValidationError(_("Meetings can be logged only while the mentorship runs."))
    today = today or timezone.localdate()
    if date > today:
        raise ValidationError({"date": _("A meeting can be logged once it has taken place.")})
    agreed_on = timezone.localdate(mentorship.agreed_at)
    if date < agreed_on:
        raise ValidationError(
            {
                "date": _("The mentorship was agreed on %(date)s: a meeting cannot be earlier.")
                % {"date": agreed_on.isoformat()}
            }
        )
    meeting = MentoringMeeting(
        mentorship=mentorship,
        date=date,
        duration_minutes=duration_minutes,
        topic=topic,
        notes=notes,
        logged_by=actor,
    )
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def end_mentorship(*, mentorship, actor, now=None, quiet=False):
    """Either side or a coordinator ends a running mentorship; both sides are asked for their
    feedback by email (unless ``quiet``: an account is being erased). The mentor's place is
    free again."""
    mentorship = _locked_request(mentorship)
    if mentorship.status != MentoringStatus.AGREED:
        raise ValidationError(_("Only a running mentorship can be ended."))
    mentorship.status = MentoringStatus.ENDED
    mentorship.ended_at = now or timezone.now()
    mentorship.save(update_fields=["status", "ended_at"])
    if not quiet:
        mentor = mentorship.mentor.user if mentorship.mentor else None
        for person in (mentorship.requested_by, mentor):
            _email(person, "mentoring_ended", mentorship, by=_name(actor))
    return mentorship


def give_feedback(*, mentorship, user, rating, comment="", now=None):
    """One side's short feedback on an ended mentorship, once per side."""
    side = side_of(mentorship, user)
    if side is None:
        raise ValidationError(_("Only the mentee and the mentor give feedback."))
    if mentorship.status != MentoringStatus.ENDED:
        raise ValidationError(_("Feedback can be given once the mentorship has ended."))
    feedback = MentoringFeedback(
        mentorship=mentorship,
        side=side,
        rating=rating,
        comment=comment,
        created_at=now or timezone.now(),
    )
    feedback.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError as error:
        # The unique constraint: a second time, or twice at once (a double click).
        raise ValidationError(_("You have already given your feedback. Thank you.")) from error
    return feedback
