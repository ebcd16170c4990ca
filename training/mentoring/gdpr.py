"""Mentoring's part of a person's data export (GDPR Art. 15 and 20) and of erasing them."""

from django.db import transaction
from django.db.models import Q

from ..models import (
    MentoringFeedback,
    MentoringMeeting,
    MentoringRequest,
    MentoringSide,
    MentoringStatus,
    MentorProfile,
)
from . import services


def _meetings(mentorship):
    return [
        {
            "date": meeting.date,
            "duration_minutes": meeting.duration_minutes,
            "topic": meeting.topic,
            "notes": meeting.notes,
        }
        for meeting in mentorship.meetings.all()
    ]


def _own_feedback(mentorship, side):
    return [
        {"rating": f.rating, "comment": f.comment, "given_at": f.created_at}
        for f in mentorship.feedback.all()
        if f.side == side
    ]


def _mentorship(mentorship, side):
    return {
        "initiative": mentorship.initiative.slug,
        "status": mentorship.status,
        "asked_at": mentorship.created_at,
        "agreed_at": mentorship.agreed_at,
        "ended_at": mentorship.ended_at,
        "meetings": _meetings(mentorship) if mentorship.contact_shared else [],
        "your_feedback": _own_feedback(mentorship, side),
    }


def export_personal_data(user):
    """The person's mentor profile, the mentoring they asked for (with what they wrote) and the
    mentorships they ran as a mentor, with the meetings and their own feedback (not the other
    side's)."""
    profile = MentorProfile.objects.filter(user=user).prefetch_related("themes").first()
    mine = MentoringRequest.objects.filter(requested_by=user).select_related("initiative")
    mine = mine.prefetch_related("themes", "meetings", "feedback")
    mentored = MentoringRequest.objects.filter(mentor__user=user).select_related("initiative")
    mentored = mentored.exclude(status=MentoringStatus.OPEN).prefetch_related(
        "meetings", "feedback"
    )
    return {
        "mentor_profile": (
            {
                "themes": [theme.slug for theme in profile.themes.all()],
                "languages": profile.languages,
                "countries": profile.countries,
                "capacity": profile.capacity,
                "bio": profile.bio,
                "phone": profile.phone,
                "taking_new_mentees": profile.accepting,
                "status": profile.status,
                "created_at": profile.created_at,
            }
            if profile
            else None
        ),
        "mentoring_requests": [
            {
                **_mentorship(r, MentoringSide.MENTEE),
                "needs": r.needs,
                "themes": [theme.slug for theme in r.themes.all()],
                "languages": r.languages,
            }
            for r in mine
        ],
        "mentorships_as_mentor": [_mentorship(r, MentoringSide.MENTOR) for r in mentored],
    }


@transaction.atomic
def erase_personal_data(user):
    """Requests not yet agreed are withdrawn and running mentorships ended, without emails; the
    notes the person wrote and their feedback comments are blanked; the mentor profile goes.
    The requests and mentorships stay as counts for the centre's figures (the requester and
    the mentor are SET_NULL once the account and the profile are deleted)."""
    mine = MentoringRequest.objects.filter(requested_by=user)
    for mentoring_request in mine.filter(
        status__in=[MentoringStatus.OPEN, MentoringStatus.PROPOSED]
    ):
        services.withdraw_request(mentoring_request=mentoring_request, actor=None, quiet=True)
    running = MentoringRequest.objects.filter(
        Q(requested_by=user) | Q(mentor__user=user), status=MentoringStatus.AGREED
    )
    for mentorship in running:
        services.end_mentorship(mentorship=mentorship, actor=None, quiet=True)
    # A mentor's proposals still waiting for the mentee's answer go back to the coordinators.
    for mentoring_request in MentoringRequest.objects.filter(
        mentor__user=user, status=MentoringStatus.PROPOSED
    ):
        services.decline_proposal(mentoring_request=mentoring_request, actor=user)
    MentoringMeeting.objects.filter(logged_by=user).update(notes="")
    for side, requests in [
        (MentoringSide.MENTEE, MentoringRequest.objects.filter(requested_by=user)),
        (MentoringSide.MENTOR, MentoringRequest.objects.filter(mentor__user=user)),
    ]:
        MentoringFeedback.objects.filter(mentorship__in=requests, side=side).update(comment="")
    MentoringRequest.objects.filter(requested_by=user).update(needs="")
    MentorProfile.objects.filter(user=user).delete()
