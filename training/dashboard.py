"""Training's panel of the coordinators' dashboard: sessions, participants, attendance and
satisfaction in the chosen period, per month and country, with a chart and CSV downloads."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ncc_portal import charts
from ncc_portal.parts import DashboardPanel, Download

from . import statistics


def _sessions(scope):
    return scope.memo(
        "training.sessions",
        lambda: statistics.sessions_in(scope.country, scope.since, scope.until),
    )


def _monthly(scope):
    return scope.memo("training.monthly", lambda: statistics.per_month(_sessions(scope)))


def activity(scope):
    monthly = _monthly(scope)
    return {
        "training": statistics.figures(_sessions(scope)),
        "training_monthly": monthly,
        "training_chart": charts.column_chart(
            [(m.strftime("%m/%y"), registrations) for m, _s, registrations, _p in monthly],
            title=_("Participants per month"),
        ),
        "training_countries": [] if scope.country else statistics.by_country(_sessions(scope)),
    }


def downloads(scope, key):
    if key == "training-monthly":
        return Download(
            filename="dashboard-training-monthly.csv",
            header=[_("Month"), _("Sessions"), _("Participants"), _("Present")],
            rows=[[m.strftime("%Y-%m"), s, r, p] for m, s, r, p in _monthly(scope)],
        )
    if key == "training-figures":
        figures = statistics.figures(_sessions(scope))
        return Download(
            filename="dashboard-training.csv",
            header=[_("Figure"), _("Value")],
            rows=[[name, "" if value is None else value] for name, value in figures.items()],
        )
    return None


def support(scope):
    monthly = scope.memo(
        "training.support_monthly",
        lambda: statistics.support_per_month(scope.country, scope.since, scope.until),
    )
    return {
        "mentoring": statistics.mentoring_figures(scope.country, scope.since, scope.until),
        "advice": statistics.advice_figures(scope.country, scope.since, scope.until),
        "support_monthly": monthly,
        "support_chart": charts.column_chart(
            [(m.strftime("%m/%y"), questions) for m, _r, _a, questions, _d in monthly],
            title=_("Questions to the centre per month"),
        ),
        "support_countries": (
            [] if scope.country else statistics.support_by_country(scope.since, scope.until)
        ),
    }


SUPPORT_FIGURES = {
    "mentoring": {
        "requests": gettext_lazy("Mentoring requests"),
        "matches": gettext_lazy("Mentorships agreed"),
        "days_to_match": gettext_lazy("Median days from request to agreement"),
        "running": gettext_lazy("Mentorships running now"),
        "waiting": gettext_lazy("Requests waiting for a mentor now"),
        "ended": gettext_lazy("Mentorships ended"),
        "meetings": gettext_lazy("Mentoring meetings"),
        "meeting_hours": gettext_lazy("Hours of mentoring meetings"),
        "satisfaction": gettext_lazy("Mentoring satisfaction (of 5)"),
        "responses": gettext_lazy("Mentoring feedback responses"),
        "mentors": gettext_lazy("Approved mentors"),
    },
    "advice": {
        "questions": gettext_lazy("Questions to the centre"),
        "answered": gettext_lazy("Questions answered"),
        "median_first_response_days": gettext_lazy("Median days to the first answer"),
        "within_target": gettext_lazy("Answered within the target (%)"),
        "waiting": gettext_lazy("Questions waiting for the centre now"),
        "overdue": gettext_lazy("Questions overdue now"),
        "faq_entries": gettext_lazy("Turned into FAQ entries"),
    },
}


def support_downloads(scope, key):
    if key == "support-monthly":
        return Download(
            filename="dashboard-mentoring-advice-monthly.csv",
            header=[
                _("Month"),
                _("Mentoring requests"),
                _("Mentorships agreed"),
                _("Questions to the centre"),
                _("Median days to the first answer"),
            ],
            rows=[
                [m.strftime("%Y-%m"), r, a, q, "" if d is None else d]
                for m, r, a, q, d in support(scope)["support_monthly"]
            ],
        )
    if key == "support-figures":
        context = support(scope)
        rows = [
            [str(label), "" if context[part][name] is None else context[part][name]]
            for part, labels in SUPPORT_FIGURES.items()
            for name, label in labels.items()
        ]
        return Download(
            filename="dashboard-mentoring-advice.csv", header=[_("Figure"), _("Value")], rows=rows
        )
    return None


PANELS = [
    DashboardPanel(
        "training.activity",
        "training/dashboard/activity.html",
        activity,
        order=60,
        downloads=downloads,
    ),
    DashboardPanel(
        "training.support",
        "training/dashboard/support.html",
        support,
        order=61,
        downloads=support_downloads,
    ),
]
