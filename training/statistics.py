"""Training in figures, for the coordinators' dashboard and the activity report."""

from datetime import timedelta

from django.db.models import Avg, Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from ncc_portal.models import Country

from .models import Audience, Feedback, Registration, RegistrationStatus, Session, SessionStatus

CONFIRMED = Q(registrations__status=RegistrationStatus.CONFIRMED)


def _window(since, until):
    today = timezone.localdate()
    until = until or today
    since = since or (until - timedelta(days=365))
    return since, until


def sessions_in(country, since, until):
    """The sessions that took place (started) in the period, of one country or all."""
    since, until = _window(since, until)
    sessions = Session.objects.filter(
        starts_at__date__gte=since, starts_at__date__lte=until, starts_at__lte=timezone.now()
    )
    if country:
        sessions = sessions.filter(offer__centre__country=country)
    return sessions


def _ratio(part, whole):
    return round(100 * part / whole, 1) if whole else None


def figures(sessions):
    """The headline figures of ``sessions`` (percentages, or None where nothing was counted)."""
    held = sessions.filter(status=SessionStatus.SCHEDULED)
    registrations = Registration.objects.filter(session__in=held)
    counts = registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        present=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED, attended=True)),
        absent=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED, attended=False)),
        waited=Count("pk", filter=Q(was_waiting=True)),
        waited_and_came_in=Count(
            "pk", filter=Q(was_waiting=True, status=RegistrationStatus.CONFIRMED)
        ),
    )
    scheduled = Q(status=SessionStatus.SCHEDULED)
    totals = sessions.aggregate(
        held=Count("pk", filter=scheduled),
        cancelled=Count("pk", filter=Q(status=SessionStatus.CANCELLED)),
        seats=Sum("capacity", filter=scheduled),
    )
    capacity = totals["seats"] or 0
    satisfaction = Feedback.objects.filter(session__in=held).aggregate(
        rating=Avg("rating"), usefulness=Avg("usefulness"), responses=Count("pk")
    )
    marked = counts["present"] + counts["absent"]
    return {
        "sessions": totals["held"],
        "cancelled": totals["cancelled"],
        "registrations": counts["confirmed"],
        "fill_rate": _ratio(counts["confirmed"], capacity),
        "attendance_rate": _ratio(counts["present"], marked),
        "no_show_rate": _ratio(counts["absent"], marked),
        "waiting_conversion": _ratio(counts["waited_and_came_in"], counts["waited"]),
        "waited": counts["waited"],
        "satisfaction": round(satisfaction["rating"], 1) if satisfaction["rating"] else None,
        "usefulness": round(satisfaction["usefulness"], 1) if satisfaction["usefulness"] else None,
        "responses": satisfaction["responses"],
        "certificates": counts["present"],
    }


def per_month(sessions):
    """(month, sessions, confirmed registrations, present) per month of the sessions' start."""
    rows = (
        sessions.filter(status=SessionStatus.SCHEDULED)
        .annotate(month=TruncMonth("starts_at"))
        .values("month")
        .annotate(
            n_sessions=Count("pk", distinct=True),
            n_registrations=Count("registrations", filter=CONFIRMED),
            n_present=Count("registrations", filter=CONFIRMED & Q(registrations__attended=True)),
        )
        .order_by("month")
    )
    return [
        (
            row["month"].date() if hasattr(row["month"], "date") else row["month"],
            row["n_sessions"],
            row["n_registrations"],
            row["n_present"],
        )
        for row in rows
    ]


def by_country(sessions):
    rows = dict(
        sessions.filter(status=SessionStatus.SCHEDULED)
        .values_list("offer__centre__country")
        .annotate(n=Count("registrations", filter=CONFIRMED))
    )
    return [(code, label, rows.get(code, 0)) for code, label in Country.choices]


def by_audience(sessions):
    """Confirmed participants by the audiences of the offers (an offer may have several)."""
    counts = {code: 0 for code, _label in Audience.choices}
    for audiences, n in (
        sessions.filter(status=SessionStatus.SCHEDULED)
        .values_list("offer__audiences")
        .annotate(n=Count("registrations", filter=CONFIRMED))
    ):
        for code in audiences or []:
            if code in counts:
                counts[code] += n
    return [(code, label, counts[code]) for code, label in Audience.choices]
