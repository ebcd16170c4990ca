"""Training's part of a person's data export (GDPR Art. 15 and 20) and of erasing them."""

from django.db import transaction
from django.utils import timezone

from . import services
from .models import CalendarFeed, Feedback, Offer, Registration


def export_personal_data(user):
    """The person's registrations with their answers, the offers they proposed and whether
    they have a calendar feed (datetimes are left to the core's encoder)."""
    return {
        "training_registrations": [
            {
                "offer": r.session.offer.slug,
                "session_starts_at": r.session.starts_at,
                "status": r.status,
                "answers": r.answers,
                "registered_at": r.created_at,
                "confirmed_at": r.confirmed_at,
                "cancelled_at": r.cancelled_at,
                "attended": r.attended,
            }
            for r in Registration.objects.filter(user=user).select_related("session__offer")
        ],
        "training_offers_proposed": list(
            Offer.objects.filter(created_by=user).values_list("slug", flat=True)
        ),
        "training_feedback": [
            {
                "offer": f.session.offer.slug,
                "session_starts_at": f.session.starts_at,
                "rating": f.rating,
                "usefulness": f.usefulness,
                "comment": f.comment,
                "given_at": f.created_at,
            }
            for f in Feedback.objects.filter(registration__user=user).select_related(
                "session__offer"
            )
        ],
        "training_calendar_feed": CalendarFeed.objects.filter(user=user).exists(),
    }


@transaction.atomic
def erase_personal_data(user):
    """Places the person holds or waits for are given up (a freed seat goes to the next person
    waiting); past registrations stay as counts, without answers or a name (``user`` is
    SET_NULL when the account goes)."""
    to_come = Registration.objects.filter(user=user, session__starts_at__gt=timezone.now())
    for registration in to_come.active():
        services.cancel_registration(registration=registration, actor=None, quiet=True)
    Registration.objects.filter(user=user).update(answers={})
    CalendarFeed.objects.filter(user=user).delete()
