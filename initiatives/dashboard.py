"""The registry's panels of the coordinators' dashboard: the registry in figures, each chart with
its data and a CSV download. The panels of one page share their figures (``scope.memo``)."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from ncc_portal import charts, maps
from ncc_portal.parts import DashboardPanel, Download

from . import statistics


def _registry_link(**params):
    query = urlencode({k: v for k, v in params.items() if v})
    return reverse("initiatives:initiative-list") + (f"?{query}" if query else "")


def _published(scope):
    return scope.memo(
        "initiatives.published",
        lambda: statistics.published(scope.country, scope.since, scope.until),
    )


def _nuts2(scope):
    def compute():
        rows = statistics.by_nuts2(_published(scope))
        return [row for row in rows if not scope.country or row[0][:2] == scope.country]

    return scope.memo("initiatives.nuts2", compute)


def _monthly(scope):
    return scope.memo("initiatives.monthly", lambda: statistics.per_month(scope.country or None))


def _tables(scope):
    def compute():
        queryset = _published(scope)
        tables = [
            ("themes", _("Initiatives by theme"), "theme", statistics.by_theme(queryset)),
            ("stages", _("Initiatives by stage"), "stage", statistics.by_stage(queryset)),
            (
                "sdgs",
                _("Initiatives by Sustainable Development Goal"),
                "sdg",
                statistics.by_sdg(queryset),
            ),
            (
                "target-groups",
                _("Initiatives by target group"),
                "target_group",
                statistics.by_target_group(queryset),
            ),
            (
                "funding",
                _("Initiatives by funding source"),
                "funding",
                statistics.by_funding(queryset),
            ),
        ]
        if not scope.country:
            tables.insert(
                0,
                (
                    "countries",
                    _("Initiatives by country"),
                    "country",
                    statistics.by_country(queryset),
                ),
            )
        tables.append(
            (
                "regions",
                _("Initiatives by NUTS-2 region"),
                "region",
                sorted((r for r in _nuts2(scope) if r[2]), key=lambda r: (-r[2], r[1])),
            )
        )
        base = {"country": scope.country}
        return [
            {
                "key": key,
                "heading": heading,
                "rows": [
                    {"label": label, "count": n, "link": _registry_link(**{**base, facet: value})}
                    for value, label, n in rows
                ],
                "chart": charts.bar_chart([(label, n) for _v, label, n in rows], title=heading),
            }
            for key, heading, facet, rows in tables
        ]

    return scope.memo("initiatives.tables", compute)


def at_a_glance(scope):
    return {
        "country": scope.country,
        "queue": statistics.moderation_queue(scope.country or None),
        "flags": statistics.flags(_published(scope)),
        "replication_link": _registry_link(country=scope.country, replication="yes"),
        "partners_link": _registry_link(country=scope.country, partners="yes"),
    }


def monthly(scope):
    rows = _monthly(scope)
    return {
        "monthly": rows,
        "monthly_chart": charts.column_chart(
            [(m.strftime("%m/%y"), s) for m, s, _p in rows],
            title=_("Submissions per month"),
            label_every=3,
        ),
        "published_chart": charts.column_chart(
            [(m.strftime("%m/%y"), p) for m, _s, p in rows],
            title=_("Publications per month"),
            label_every=3,
        ),
    }


def monthly_download(scope, key):
    if key != "monthly":
        return None
    return Download(
        filename="dashboard-monthly.csv",
        header=[_("Month"), _("Submissions"), _("Publications")],
        rows=[[m.strftime("%Y-%m"), s, p] for m, s, p in _monthly(scope)],
    )


def regions_map(scope):
    nuts2 = _nuts2(scope)
    return {
        "choropleth": maps.choropleth(
            {code: n for code, _name, n in nuts2},
            level=2,
            title=_("Published initiatives per NUTS-2 region"),
            countries=scope.countries,
            links={code: _registry_link(region=code) for code, _name, _n in nuts2},
        )
    }


def tables(scope):
    return {"tables": _tables(scope)}


def table_download(scope, key):
    table = next((t for t in _tables(scope) if t["key"] == key), None)
    if table is None:
        return None
    return Download(
        filename=f"dashboard-{key}.csv",
        header=[table["heading"], _("Initiatives")],
        rows=[[row["label"], row["count"]] for row in table["rows"]],
    )


PANELS = [
    DashboardPanel(
        "initiatives.at-a-glance",
        "initiatives/dashboard/at_a_glance.html",
        at_a_glance,
        order=10,
    ),
    DashboardPanel(
        "initiatives.monthly",
        "initiatives/dashboard/monthly.html",
        monthly,
        order=20,
        downloads=monthly_download,
    ),
    DashboardPanel("initiatives.map", "initiatives/dashboard/map.html", regions_map, order=40),
    DashboardPanel(
        "initiatives.tables",
        "initiatives/dashboard/tables.html",
        tables,
        order=50,
        downloads=table_download,
    ),
]
