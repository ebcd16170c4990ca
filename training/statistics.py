"""Training in figures, for the coordinators' dashboard and the activity report."""

from datetime import timedelta
from statistics import median

from django.db.models import Avg, Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from ncc_portal.models import Country

from .models import (
    AdviceQuestion,
    Audience,
    Feedback,
    MentoringFeedback,
    MentoringMeeting,
    MentoringRequest,
    MentoringStatus,
    MentorProfile,
    QuestionStatus,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
)

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


# ---------------------------------------------------------------------------------------------
# Mentoring and advice
# ---------------------------------------------------------------------------------------------
# Few rows (requests and questions, not registrations): the months and medians are computed in
# Python, the same on PostgreSQL and SQLite.


def _in_window(queryset, field, since, until):
    return queryset.filter(_window_q(field, since, until))


def _window_q(field, since, until):
    since, until = _window(since, until)
    return Q(**{f"{field}__date__gte": since, f"{field}__date__lte": until})


def _days(delta):
    return delta.total_seconds() / 86400


def _median_days(deltas):
    return round(median(_days(d) for d in deltas), 1) if deltas else None


def _month(moment):
    return timezone.localtime(moment).date().replace(day=1)


def mentoring_requests(country):
    requests = MentoringRequest.objects.all()
    return requests.filter(country=country) if country else requests


def advice_questions(country):
    questions = AdviceQuestion.objects.all()
    return questions.filter(centre__country=country) if country else questions


def mentoring_figures(country, since, until):
    """Requests asked and mentorships agreed in the period, how long a match took, the
    meetings held and how both sides rated the mentorships that ended (five queries)."""
    requests = mentoring_requests(country)
    counts = requests.aggregate(
        requests=Count("pk", filter=_window_q("created_at", since, until)),
        ended=Count("pk", filter=_window_q("ended_at", since, until)),
        running=Count("pk", filter=Q(status=MentoringStatus.AGREED)),
        waiting=Count("pk", filter=Q(status__in=[MentoringStatus.OPEN, MentoringStatus.PROPOSED])),
    )
    matched = list(
        _in_window(requests, "agreed_at", since, until).values_list("created_at", "agreed_at")
    )
    first_day, last_day = _window(since, until)
    met = MentoringMeeting.objects.filter(
        mentorship__in=requests, date__gte=first_day, date__lte=last_day
    ).aggregate(n=Count("pk"), minutes=Sum("duration_minutes"))
    rated = MentoringFeedback.objects.filter(
        mentorship__in=_in_window(requests, "ended_at", since, until)
    ).aggregate(rating=Avg("rating"), responses=Count("pk"))
    mentors = MentorProfile.objects.approved().values_list("countries", flat=True)
    return {
        "requests": counts["requests"],
        "matches": len(matched),
        "days_to_match": _median_days([agreed - asked for asked, agreed in matched]),
        "running": counts["running"],
        "waiting": counts["waiting"],
        "ended": counts["ended"],
        "meetings": met["n"],
        "meeting_hours": round((met["minutes"] or 0) / 60, 1),
        "satisfaction": round(rated["rating"], 1) if rated["rating"] else None,
        "responses": rated["responses"],
        "mentors": sum(1 for countries in mentors if not country or country in (countries or [])),
    }


def _answer_times(rows):
    answered = [(asked, first, due) for asked, first, due in rows if first is not None]
    return {
        "answered": len(answered),
        "median_first_response_days": _median_days([first - a for a, first, _due in answered]),
        "within_target": _ratio(
            sum(1 for _a, first, due in answered if first <= due), len(answered)
        ),
    }


def advice_figures(country, since, until):
    """Questions asked in the period, how fast the centre first answered them (median, in
    days), how many within the target, and what waits now (two queries)."""
    questions = advice_questions(country)
    asked = list(
        _in_window(questions, "created_at", since, until).values_list(
            "created_at", "first_response_at", "due_at", "faq_resource"
        )
    )
    now = timezone.now()
    open_now = Q(status=QuestionStatus.OPEN)
    waiting = questions.aggregate(
        waiting=Count("pk", filter=open_now),
        overdue=Count("pk", filter=open_now & Q(first_response_at__isnull=True, due_at__lt=now)),
    )
    return {
        "questions": len(asked),
        **_answer_times([(a, first, due) for a, first, due, _faq in asked]),
        "waiting": waiting["waiting"],
        "overdue": waiting["overdue"],
        "faq_entries": sum(1 for *_rest, faq in asked if faq),
    }


def support_per_month(country, since, until):
    """(month, mentoring requests, mentorships agreed, advice questions, median days to the
    first answer) per month."""
    months = {}

    def row(moment):
        return months.setdefault(_month(moment), [0, 0, 0, []])

    requests = mentoring_requests(country)
    for (asked,) in _in_window(requests, "created_at", since, until).values_list("created_at"):
        row(asked)[0] += 1
    for (agreed,) in _in_window(requests, "agreed_at", since, until).values_list("agreed_at"):
        row(agreed)[1] += 1
    questions = _in_window(advice_questions(country), "created_at", since, until)
    for asked, first in questions.values_list("created_at", "first_response_at"):
        values = row(asked)
        values[2] += 1
        if first is not None:
            values[3].append(first - asked)
    return [
        (month, asked, agreed, questions, _median_days(deltas))
        for month, (asked, agreed, questions, deltas) in sorted(months.items())
    ]


def support_by_country(since, until):
    """(code, label, mentoring requests, mentorships agreed, advice questions, median days to
    the first answer) per country (three queries)."""
    requests = MentoringRequest.objects.all()
    asked = dict(
        _in_window(requests, "created_at", since, until)
        .values_list("country")
        .annotate(n=Count("pk"))
    )
    agreed = dict(
        _in_window(requests, "agreed_at", since, until)
        .values_list("country")
        .annotate(n=Count("pk"))
    )
    questions = {}
    for country, created, first, due in _in_window(
        AdviceQuestion.objects.all(), "created_at", since, until
    ).values_list("centre__country", "created_at", "first_response_at", "due_at"):
        questions.setdefault(country, []).append((created, first, due))
    return [
        (
            code,
            label,
            asked.get(code, 0),
            agreed.get(code, 0),
            len(questions.get(code, [])),
            _answer_times(questions.get(code, []))["median_first_response_days"],
        )
        for code, label in Country.choices
    ]
