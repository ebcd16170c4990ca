"""The registry's faceted search: one FilterSet serves the HTML list, the exports and the feed."""

import hashlib

import django_filters
from django.core.cache import cache
from django.db import connection
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ncc_portal.models import Country, Region, SustainableDevelopmentGoal, TargetGroup, Theme

from . import search
from .models import FundingKind, Initiative, Stage

SORTS = [
    ("relevance", _("Relevance")),
    ("newest", _("Newest")),
    ("name", _("Name")),
]
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class InitiativeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=Country.choices, empty_label=_("All countries")
    )
    region = django_filters.CharFilter(label=_("Region"), method="filter_region")
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        empty_label=_("All themes"),
    )
    sdg = django_filters.ModelChoiceFilter(
        label=_("SDG"),
        field_name="sdgs",
        queryset=SustainableDevelopmentGoal.objects.all(),
        empty_label=_("All goals"),
    )
    stage = django_filters.ChoiceFilter(
        label=_("Stage"), choices=Stage.choices, empty_label=_("All stages")
    )
    target_group = django_filters.ModelChoiceFilter(
        label=_("Target group"),
        field_name="target_groups",
        to_field_name="slug",
        queryset=TargetGroup.objects.all(),
        empty_label=_("All target groups"),
    )
    funding = django_filters.ChoiceFilter(
        label=_("Funding source"),
        field_name="funding__kind",
        choices=FundingKind.choices,
        empty_label=_("All funding sources"),
    )
    replication = django_filters.ChoiceFilter(
        label=_("Open for replication"),
        choices=YES_NO,
        method="filter_flag",
        empty_label=_("Any"),
    )
    partners = django_filters.ChoiceFilter(
        label=_("Seeking partners"), choices=YES_NO, method="filter_flag", empty_label=_("Any")
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORTS, method="filter_sort", empty_label=None
    )

    FLAG_FIELDS = {"replication": "open_for_replication", "partners": "seeking_partners"}
    # The facets whose options the list shows with counts.
    FACETS = [
        "country",
        "theme",
        "sdg",
        "stage",
        "target_group",
        "funding",
        "replication",
        "partners",
        "region",
    ]

    class Meta:
        model = Initiative
        fields = []

    def filter_search(self, queryset, name, value):
        return search.search(queryset, value, get_language())

    def filter_region(self, queryset, name, value):
        # NUTS codes nest: DE3 contains DE30, which contains DE300.
        return queryset.filter(regions__code__startswith=value.strip().upper()).distinct()

    def filter_flag(self, queryset, name, value):
        return queryset.filter(**{self.FLAG_FIELDS[name]: value == "yes"})

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in ``qs``, once the search rank exists

    @property
    def qs(self):
        queryset = super().qs
        sort = self.form.cleaned_data.get("sort") if self.form.is_valid() else ""
        query = self.form.cleaned_data.get("q") if self.form.is_valid() else ""
        if sort == "name":
            return queryset.order_by(search.shown_text("title", get_language()).asc(), "pk")
        if (sort in ("", "relevance")) and query and search.is_postgres():
            return queryset.order_by("-rank", "-published_at", "pk")
        return queryset.order_by("-published_at", "-pk")

    @property
    def active_region(self):
        code = (self.data.get("region") or "").strip().upper()
        return Region.objects.filter(code=code).first() if code else None


def _without(data, name):
    data = data.copy()
    data.pop(name, None)
    data.pop("sort", None)
    data.pop("page", None)
    return data


# facet -> the SQL that counts its options among the matching ids (the CTE ``m``).
# Link tables are counted directly: (initiative, theme) pairs are unique, so no DISTINCT.
_FACET_SQL = {
    "country": "SELECT country AS v, COUNT(*) AS n FROM initiatives_initiative "
    "WHERE id IN (SELECT id FROM m) GROUP BY country",
    "stage": "SELECT stage AS v, COUNT(*) AS n FROM initiatives_initiative "
    "WHERE id IN (SELECT id FROM m) GROUP BY stage",
    "replication": "SELECT CASE WHEN open_for_replication THEN 'yes' ELSE 'no' END AS v, "
    "COUNT(*) AS n FROM initiatives_initiative WHERE id IN (SELECT id FROM m) "
    "GROUP BY open_for_replication",
    "partners": "SELECT CASE WHEN seeking_partners THEN 'yes' ELSE 'no' END AS v, "
    "COUNT(*) AS n FROM initiatives_initiative WHERE id IN (SELECT id FROM m) "
    "GROUP BY seeking_partners",
    "theme": "SELECT t.slug AS v, COUNT(*) AS n FROM initiatives_initiative_themes l "
    "JOIN ncc_portal_theme t ON t.id = l.theme_id "
    "WHERE l.initiative_id IN (SELECT id FROM m) GROUP BY t.slug",
    "sdg": "SELECT CAST(l.sustainabledevelopmentgoal_id AS TEXT) AS v, COUNT(*) AS n "
    "FROM initiatives_initiative_sdgs l WHERE l.initiative_id IN (SELECT id FROM m) "
    "GROUP BY l.sustainabledevelopmentgoal_id",
    "target_group": "SELECT g.slug AS v, COUNT(*) AS n FROM initiatives_initiative_target_groups l "
    "JOIN ncc_portal_targetgroup g ON g.id = l.targetgroup_id "
    "WHERE l.initiative_id IN (SELECT id FROM m) GROUP BY g.slug",
    "funding": "SELECT kind AS v, COUNT(*) AS n FROM initiatives_funding "
    "WHERE initiative_id IN (SELECT id FROM m) GROUP BY kind",
    # NUTS codes nest (DE3 > DE30 > DE300): count per NUTS-1 and NUTS-2 prefix.
    "region": "SELECT SUBSTR(region_id, 1, 3) AS v, COUNT(DISTINCT initiative_id) AS n "
    "FROM initiatives_initiative_regions WHERE initiative_id IN (SELECT id FROM m) "
    "GROUP BY SUBSTR(region_id, 1, 3) "
    "UNION ALL SELECT SUBSTR(region_id, 1, 4) AS v, COUNT(DISTINCT initiative_id) AS n "
    "FROM initiatives_initiative_regions WHERE initiative_id IN (SELECT id FROM m) "
    "GROUP BY SUBSTR(region_id, 1, 4)",
}


def _count_facets(groups, base_queryset, matching_ids=None):
    """Count facets in one statement. ``groups``: [(facets, filter data)]; each group's matching
    ids are a CTE and each facet's counts are a branch of a UNION ALL. ``matching_ids``, when
    the caller already has the first group's ids, spares that group's search."""
    ctes, branches, params = [], [], []
    for g, (facets, data) in enumerate(groups):
        if g == 0 and matching_ids is not None and connection.vendor == "postgresql":
            matching_sql, matching_params = "SELECT unnest(%s::bigint[])", [matching_ids]
        else:
            matching = InitiativeFilter(data, queryset=base_queryset).qs.order_by().values("pk")
            matching_sql, matching_params = matching.query.sql_with_params()
        ctes.append(f"m{g}(id) AS ({matching_sql})")
        params.extend(matching_params)
        for facet in facets:
            counting = _FACET_SQL[facet].replace("SELECT id FROM m)", f"SELECT id FROM m{g})")
            branches.append(
                f"SELECT '{facet}' AS facet, v, n FROM ({counting}) AS c{len(branches)}"
            )
    counts = {facet: {} for facets, _data in groups for facet in facets}
    with connection.cursor() as cursor:
        cursor.execute("WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(branches), params)
        for facet, value, n in cursor.fetchall():
            if value is not None:
                counts[facet][str(value)] = n
    return counts


def facet_counts(filterset, base_queryset, matching_ids=None):
    """For each facet, how many initiatives each option would give with the other facets
    applied (the usual faceted-search counts), in a single query. Facets that are not chosen
    share the full selection; each chosen facet is counted without its own choice. Results are
    cached until the registry changes (see ``registry_version``)."""
    cache_key = _counts_cache_key(filterset.data)
    counts = cache.get(cache_key)
    if counts is not None:
        return counts
    data = _without(filterset.data, "page")
    chosen = [facet for facet in _FACET_SQL if data.get(facet)]
    groups = [([f for f in _FACET_SQL if f not in chosen], data)]
    groups += [([facet], _without(data, facet)) for facet in chosen]
    counts = _count_facets(groups, base_queryset, matching_ids)
    cache.set(cache_key, counts, FACET_CACHE_SECONDS)
    return counts


FACET_CACHE_SECONDS = 600
_VERSION_KEY = "initiatives:registry-version"


def registry_version():
    return cache.get_or_set(_VERSION_KEY, 1, None)


def registry_changed():
    """Called by the services whenever the published registry changes: cached counts expire."""
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 2, None)


def _counts_cache_key(data):
    relevant = (
        sorted(
            (key, value)
            for key in data
            if key not in {"page", "sort"}
            for value in data.getlist(key)
            if value
        )
        if hasattr(data, "getlist")
        else sorted((k, v) for k, v in data.items() if v)
    )
    digest = hashlib.sha1(repr(relevant).encode()).hexdigest()
    return f"initiatives:facets:{registry_version()}:{get_language()}:{digest}"


def facet_options(filterset, counts):
    """The facets as the template shows them: (name, label, [(value, label, count, selected)])."""
    data = filterset.data
    country = data.get("country") or ""

    def options(name, choices):
        selected = str(data.get(name) or "")
        facet_counts = counts.get(name, {})
        return [
            (str(value), label, facet_counts.get(str(value), 0), str(value) == selected)
            for value, label in choices
        ]

    regions = Region.objects.filter(level__in=[1, 2]).order_by("code")
    if country:
        regions = regions.filter(country=country)
    region_choices = [
        (r.code, f"{'– ' if r.level == 2 else ''}{r.name}")
        for r in regions
        if counts["region"].get(r.code) or r.code == data.get("region")
    ]
    fields = filterset.form.fields
    return [
        ("country", fields["country"].label, options("country", Country.choices)),
        ("region", fields["region"].label, options("region", region_choices)),
        (
            "theme",
            fields["theme"].label,
            options("theme", [(t.slug, t.name) for t in Theme.objects.all()]),
        ),
        (
            "sdg",
            fields["sdg"].label,
            options("sdg", [(g.number, str(g)) for g in SustainableDevelopmentGoal.objects.all()]),
        ),
        ("stage", fields["stage"].label, options("stage", Stage.choices)),
        (
            "target_group",
            fields["target_group"].label,
            options("target_group", [(g.slug, g.name) for g in TargetGroup.objects.all()]),
        ),
        ("funding", fields["funding"].label, options("funding", FundingKind.choices)),
        ("replication", fields["replication"].label, options("replication", YES_NO)),
        ("partners", fields["partners"].label, options("partners", YES_NO)),
    ]
