"""Partnerships' panel of the coordinators' dashboard: the introductions started in the period,
by stage and country, by month, and their outcomes, with a CSV download."""

from datetime import timedelta

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from ncc_portal.choices import Country
from ncc_portal.parts import DashboardPanel, Download

from .models import Introduction, Outcome, Stage

STAGES = list(Stage)


def _window(since, until):
    today = timezone.localdate()
    until = until or today
    since = since or (until - timedelta(days=365))
    return since, until


def introductions_in(country, since, until):
    """The introductions started in the period, of one country (the initiative's) or all."""
    since, until = _window(since, until)
    introductions = Introduction.objects.filter(
        created_at__date__gte=since, created_at__date__lte=until
    )
    if country:
        introductions = introductions.filter(country=country)
    return introductions


def _introductions(scope):
    return scope.memo(
        "partnerships.introductions",
        lambda: introductions_in(scope.country, scope.since, scope.until),
    )


def by_stage_and_country(introductions, countries):
    """Rows (country code, label, [count per stage in ``STAGES``], total)."""
    counts = {
        (row["country"], row["stage"]): row["n"]
        for row in introductions.values("country", "stage").annotate(n=Count("pk")).order_by()
    }
    labels = dict(Country.choices)
    rows = []
    for code in countries:
        per_stage = [counts.get((code, stage.value), 0) for stage in STAGES]
        rows.append((code, str(labels.get(code, code)), per_stage, sum(per_stage)))
    return rows


def per_month(introductions):
    """(month, started, introduced) per month the introductions were started."""
    rows = (
        introductions.annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("pk"), introduced=Count("introduced_at"))
        .order_by("month")
    )
    return [
        (
            row["month"].date() if hasattr(row["month"], "date") else row["month"],
            row["n"],
            row["introduced"],
        )
        for row in rows
    ]


def outcomes(introductions):
    counts = dict(
        introductions.filter(stage=Stage.ENDED)
        .values_list("outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [(str(outcome.label), counts.get(outcome.value, 0)) for outcome in Outcome]


def pipeline(scope):
    introductions = _introductions(scope)
    return {
        "partnership_stages": [str(stage.label) for stage in STAGES],
        "partnership_rows": by_stage_and_country(introductions, scope.countries),
        "partnership_monthly": scope.memo("partnerships.monthly", lambda: per_month(introductions)),
        "partnership_outcomes": outcomes(introductions),
    }


def downloads(scope, key):
    if key == "partnerships-pipeline":
        introductions = _introductions(scope)
        return Download(
            filename="dashboard-partnerships-pipeline.csv",
            header=[_("Country"), *[str(stage.label) for stage in STAGES], _("Total")],
            rows=[
                [code, *counts, total]
                for code, _label, counts, total in by_stage_and_country(
                    introductions, scope.countries
                )
            ],
        )
    if key == "partnerships-monthly":
        return Download(
            filename="dashboard-partnerships-monthly.csv",
            header=[_("Month"), _("Introductions started"), _("Introduced")],
            rows=[[m.strftime("%Y-%m"), n, i] for m, n, i in per_month(_introductions(scope))],
        )
    return None


PANELS = [
    DashboardPanel(
        "partnerships.pipeline",
        "partnerships/dashboard/pipeline.html",
        pipeline,
        order=70,
        downloads=downloads,
    ),
]
