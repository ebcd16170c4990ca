"""Aggregate figures about initiatives, computed in the database (dashboard and reports)."""

from datetime import date

from django.db.models import Count, Min, Q
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone

from ncc_portal.models import Region, SustainableDevelopmentGoal, TargetGroup, Theme

from .models import Action, ChangeStatus, Event, FundingKind, Initiative, Stage, Status


def published(country=None, since=None, until=None):
    queryset = Initiative.objects.published()
    if country:
        queryset = queryset.filter(country=country)
    if since:
        queryset = queryset.filter(published_at__date__gte=since)
    if until:
        queryset = queryset.filter(published_at__date__lte=until)
    return queryset


def _counted(queryset, field):
    return dict(
        queryset.order_by()
        .values_list(field)
        .annotate(n=Count("pk", distinct=True))
        .values_list(field, "n")
    )


def by_choice(queryset, field, choices):
    counts = _counted(queryset, field)
    return [(value, label, counts.get(value, 0)) for value, label in choices]


def by_country(queryset):
    from ncc_portal.models import Country

    return by_choice(queryset, "country", Country.choices)


def by_stage(queryset):
    return by_choice(queryset, "stage", Stage.choices)


def by_funding(queryset):
    return by_choice(queryset, "funding__kind", FundingKind.choices)


def by_theme(queryset):
    counts = _counted(queryset, "themes")
    return sorted(
        ((t.slug, t.name, counts.get(t.pk, 0)) for t in Theme.objects.all()),
        key=lambda row: (-row[2], row[1]),
    )


def by_sdg(queryset):
    counts = _counted(queryset, "sdgs")
    return [
        (g.number, str(g), counts.get(g.pk, 0)) for g in SustainableDevelopmentGoal.objects.all()
    ]


def by_target_group(queryset):
    counts = _counted(queryset, "target_groups")
    return sorted(
        ((g.slug, g.name, counts.get(g.pk, 0)) for g in TargetGroup.objects.all()),
        key=lambda row: (-row[2], row[1]),
    )


def by_nuts2(queryset):
    """Initiatives per NUTS-2 region (an initiative counts once in each region it works in)."""
    counts = dict(
        queryset.order_by()
        .annotate(nuts2=Substr("regions__code", 1, 4))
        .values_list("nuts2")
        .annotate(n=Count("pk", distinct=True))
        .values_list("nuts2", "n")
    )
    regions = Region.objects.filter(level=2)
    return [(r.code, r.name, counts.get(r.code, 0)) for r in regions]


def flags(queryset):
    return queryset.aggregate(
        total=Count("pk"),
        open_for_replication=Count("pk", filter=Q(open_for_replication=True)),
        seeking_partners=Count("pk", filter=Q(seeking_partners=True)),
    )


def _months_back(today, n):
    year, month = today.year, today.month
    months = []
    for _step in range(n):
        months.append(date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(months))


def per_month(country=None, months=24, today=None):
    """Submissions and first publications per month over the last ``months`` months."""
    today = today or timezone.localdate()
    window = _months_back(today, months)
    events = Event.objects.filter(created_at__date__gte=window[0])
    if country:
        events = events.filter(initiative__country=country)
    rows = (
        events.filter(action__in=[Action.SUBMITTED, Action.PUBLISHED])
        .annotate(month=TruncMonth("created_at"))
        .values_list("month", "action")
        .annotate(n=Count("pk"))
        .values_list("month", "action", "n")
    )
    table = {month: {"submitted": 0, "published": 0} for month in window}
    for month, action, n in rows:
        key = month.date() if hasattr(month, "date") else month
        if key in table:
            table[key][action] = n
    return [(month, values["submitted"], values["published"]) for month, values in table.items()]


def moderation_queue(country=None):
    """How many submissions wait and since when the oldest waits."""
    waiting = Initiative.objects.filter(status=Status.SUBMITTED)
    changes = Initiative.objects.filter(pending_changes__status=ChangeStatus.SUBMITTED)
    if country:
        waiting, changes = waiting.filter(country=country), changes.filter(country=country)
    first = waiting.aggregate(n=Count("pk"), oldest=Min("submitted_at"))
    second = changes.aggregate(n=Count("pk"), oldest=Min("pending_changes__submitted_at"))
    oldest = [moment for moment in (first["oldest"], second["oldest"]) if moment]
    return {"size": first["n"] + second["n"], "oldest": min(oldest) if oldest else None}
