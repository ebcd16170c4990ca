"""Training's panel of the coordinators' dashboard: sessions, participants, attendance and
satisfaction in the chosen period, per month and country, with a chart and CSV downloads."""

from django.utils.translation import gettext as _

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


PANELS = [
    DashboardPanel(
        "training.activity",
        "training/dashboard/activity.html",
        activity,
        order=60,
        downloads=downloads,
    ),
]
