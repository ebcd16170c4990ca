"""The library's faceted search: one FilterSet serves the list, the CSV export and the saved
searches' digests (``ResourceFilter(data, queryset=Resource.objects.published())``)."""

import django_filters
from django.core.cache import cache
from django.db import connection
from django.db.models import Exists, OuterRef
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ncc_portal import fulltext
from ncc_portal.facets import filters_digest
from ncc_portal.models import Country, Language, Theme

from ..models import AccessLevel, Audience, Resource, ResourceFile, ResourceType
from .search import search_resources
from .services import library_version

TRANSNATIONAL = "transnational"
SORTS = [
    ("relevance", _("Relevance")),
    ("newest", _("Newest")),
    ("title", _("Title")),
]


class ResourceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    type = django_filters.ChoiceFilter(
        label=_("Type"), choices=ResourceType.choices, empty_label=_("All types")
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        empty_label=_("All themes"),
    )
    audience = django_filters.ModelChoiceFilter(
        label=_("Audience"),
        field_name="audiences",
        to_field_name="slug",
        queryset=Audience.objects.all(),
        empty_label=_("All audiences"),
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        choices=[*Country.choices, (TRANSNATIONAL, _("Transnational"))],
        method="filter_country",
        empty_label=_("All countries"),
    )
    file_language = django_filters.ChoiceFilter(
        label=_("Language of the file"),
        choices=Language.choices,
        method="filter_file_language",
        empty_label=_("All languages"),
    )
    year = django_filters.NumberFilter(label=_("Year"), field_name="year")
    access_level = django_filters.ChoiceFilter(
        label=_("Who may open it"), choices=AccessLevel.choices, empty_label=_("Anyone")
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORTS, method="filter_sort", empty_label=None
    )

    class Meta:
        model = Resource
        fields = []

    def filter_search(self, queryset, name, value):
        return search_resources(queryset, value, get_language())

    def filter_country(self, queryset, name, value):
        return queryset.filter(country="" if value == TRANSNATIONAL else value)

    def filter_file_language(self, queryset, name, value):
        return queryset.filter(
            Exists(ResourceFile.objects.filter(resource=OuterRef("pk"), language=value))
        )

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in ``qs``, once the search rank exists

    @property
    def qs(self):
        queryset = super().qs
        valid = self.form.is_valid()
        sort = self.form.cleaned_data.get("sort") if valid else ""
        query = self.form.cleaned_data.get("q") if valid else ""
        if sort == "title":
            return queryset.order_by(fulltext.shown_text("title", get_language()).asc(), "pk")
        if sort in ("", "relevance") and query:
            return queryset.order_by("-rank", "-year", "-published_at", "pk")
        return queryset.order_by("-year", "-published_at", "-pk")


FACETS = ["type", "theme", "audience", "country", "file_language", "year", "access_level"]

# facet -> the SQL that counts its options among the matching ids (the CTE ``m``). The link
# tables hold unique pairs, so they are counted without DISTINCT; files are not unique per
# language, so they are.
_FACET_SQL = {
    "type": "SELECT type AS v, COUNT(*) AS n FROM ecosystem_resource "
    "WHERE id IN (SELECT id FROM m) GROUP BY type",
    "country": f"SELECT CASE WHEN country = '' THEN '{TRANSNATIONAL}' ELSE country END AS v, "
    "COUNT(*) AS n FROM ecosystem_resource WHERE id IN (SELECT id FROM m) GROUP BY country",
    "year": "SELECT CAST(year AS TEXT) AS v, COUNT(*) AS n FROM ecosystem_resource "
    "WHERE id IN (SELECT id FROM m) GROUP BY year",
    "access_level": "SELECT access_level AS v, COUNT(*) AS n FROM ecosystem_resource "
    "WHERE id IN (SELECT id FROM m) GROUP BY access_level",
    "theme": "SELECT t.slug AS v, COUNT(*) AS n FROM ecosystem_resource_themes l "
    "JOIN ncc_portal_theme t ON t.id = l.theme_id "
    "WHERE l.resource_id IN (SELECT id FROM m) GROUP BY t.slug",
    "audience": "SELECT a.slug AS v, COUNT(*) AS n FROM ecosystem_resource_audiences l "
    "JOIN ecosystem_audience a ON a.id = l.audience_id "
    "WHERE l.resource_id IN (SELECT id FROM m) GROUP BY a.slug",
    "file_language": "SELECT language AS v, COUNT(DISTINCT resource_id) AS n "
    "FROM ecosystem_resourcefile WHERE resource_id IN (SELECT id FROM m) GROUP BY language",
}


def _without(data, name):
    data = data.copy()
    for key in (name, "sort", "page"):
        data.pop(key, None)
    return data


def _count_facets(groups, base_queryset):
    """Count facets in one statement. ``groups``: [(facets, filter data)]; each group's matching
    ids are a CTE and each facet's counts are a branch of a UNION ALL."""
    ctes, branches, params = [], [], []
    for g, (facets, data) in enumerate(groups):
        matching = ResourceFilter(data, queryset=base_queryset).qs.order_by().values("pk")
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


def _counts_cache_key(data, base_queryset):
    digest = filters_digest(data, str(base_queryset.query))
    return f"library:facets:{library_version()}:{get_language()}:{digest}"


def facet_counts(filterset, base_queryset):
    """For each facet, how many resources each option would give with the other facets applied,
    in a single statement: facets that are not chosen share the full selection, each chosen
    facet is counted without its own choice. Cached until the library changes."""
    cache_key = _counts_cache_key(filterset.data, base_queryset)
    counts = cache.get(cache_key)
    if counts is not None:
        return counts
    data = _without(filterset.data, "page")
    chosen = [facet for facet in FACETS if data.get(facet)]
    groups = [([f for f in FACETS if f not in chosen], data)]
    groups += [([facet], _without(data, facet)) for facet in chosen]
    counts = _count_facets(groups, base_queryset)
    cache.set(cache_key, counts, 600)
    return counts


def facet_options(filterset, counts):
    """The facets as the template shows them: (name, label, [(value, label, count, selected)])."""
    data = filterset.data
    fields = filterset.form.fields

    def options(name, choices):
        selected = str(data.get(name) or "")
        facet_counts = counts.get(name, {})
        return [
            (str(value), label, facet_counts.get(str(value), 0), str(value) == selected)
            for value, label in choices
        ]

    years = {int(y) for y in counts.get("year", {}) if y.isdigit()}
    if str(data.get("year") or "").isdigit():
        years.add(int(data["year"]))
    return [
        ("type", fields["type"].label, options("type", ResourceType.choices)),
        (
            "theme",
            fields["theme"].label,
            options("theme", [(t.slug, t.name) for t in Theme.objects.all()]),
        ),
        (
            "audience",
            fields["audience"].label,
            options("audience", [(a.slug, a.name) for a in Audience.objects.all()]),
        ),
        ("country", fields["country"].label, options("country", fields["country"].choices[1:])),
        (
            "file_language",
            fields["file_language"].label,
            options("file_language", Language.choices),
        ),
        (
            "year",
            fields["year"].label,
            options("year", [(y, y) for y in sorted(years, reverse=True)]),
        ),
        (
            "access_level",
            fields["access_level"].label,
            options("access_level", AccessLevel.choices),
        ),
    ]
