"""The registry's faceted search: one FilterSet serves the HTML list, the exports and the feed."""

import django_filters
from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Case, CharField, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ncc_portal.facets import filters_digest
from ncc_portal.models import Country, Region
from ncc_portal.vocabularies import labels

from . import search
from .models import FundingKind, Initiative, Stage

SORTS = [
    ("relevance", _("Relevance")),
    ("newest", _("Newest")),
    ("name", _("Name")),
]
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def vocabulary_choices(vocabulary):
    """(slug, name) choices of the themes or target groups, from the cached vocabularies:
    validating a choice needs no query."""
    return [(slug, name) for _pk, slug, name in labels()[vocabulary]]


class InitiativeFilterForm(forms.Form):
    def clean_region(self):
        code = (self.cleaned_data.get("region") or "").strip().upper()
        if code and not Region.objects.filter(code=code).exists():
            raise ValidationError(
                _("There is no region with the code “%(code)s”. Choose one from the list."),
                params={"code": code},
            )
        return code


class InitiativeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    # The facets filter by the initiatives' facet tokens (initiatives.search.facet_tokens),
    # which the counts below are made of too.
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        choices=Country.choices,
        empty_label=_("All countries"),
        method="filter_facet",
    )
    region = django_filters.CharFilter(label=_("Region"), method="filter_facet")
    theme = django_filters.ChoiceFilter(
        label=_("Theme"),
        choices=lambda: vocabulary_choices("themes"),
        empty_label=_("All themes"),
        method="filter_facet",
    )
    sdg = django_filters.ChoiceFilter(
        label=_("SDG"),
        choices=lambda: labels()["sdgs"],
        empty_label=_("All goals"),
        method="filter_facet",
    )
    stage = django_filters.ChoiceFilter(
        label=_("Stage"),
        choices=Stage.choices,
        empty_label=_("All stages"),
        method="filter_facet",
    )
    target_group = django_filters.ChoiceFilter(
        label=_("Target group"),
        choices=lambda: vocabulary_choices("target_groups"),
        empty_label=_("All target groups"),
        method="filter_facet",
    )
    funding = django_filters.ChoiceFilter(
        label=_("Funding source"),
        choices=FundingKind.choices,
        empty_label=_("All funding sources"),
        method="filter_facet",
    )
    replication = django_filters.ChoiceFilter(
        label=_("Open for replication"),
        choices=YES_NO,
        empty_label=_("Any"),
        method="filter_facet",
    )
    partners = django_filters.ChoiceFilter(
        label=_("Seeking partners"), choices=YES_NO, empty_label=_("Any"), method="filter_facet"
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORTS, method="filter_sort", empty_label=None
    )

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
        form = InitiativeFilterForm

    def filter_search(self, queryset, name, value):
        return search.search(queryset, value, get_language())

    def filter_facet(self, queryset, name, value):
        token = facet_token(name, value)
        return queryset.filter(facet_tokens__has_token=token) if token else queryset

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in ``qs``, once the search rank exists

    @property
    def qs(self):
        return self.ordered(super().qs)

    def ordered(self, queryset):
        """``queryset`` in the order the visitor chose; by relevance it needs the rank that
        the search annotates."""
        sort = self.form.cleaned_data.get("sort") if self.form.is_valid() else ""
        query = self.form.cleaned_data.get("q") if self.form.is_valid() else ""
        if sort == "name":
            title = search.shown_text("title", get_language(), "original_language")
            return queryset.order_by(title.asc(), "pk")
        if (sort in ("", "relevance")) and query and search.is_postgres():
            return queryset.order_by("-rank", "-published_at", "pk")
        return queryset.order_by("-published_at", "-pk")


# Facets whose form values are slugs while their tokens name primary keys, which stay put
# when a slug is changed.
_BY_SLUG = {"theme": "themes", "target_group": "target_groups"}


def facet_token(facet, value):
    """The token (see ``initiatives.search.facet_tokens``) of a facet's cleaned form value,
    or None when nothing is chosen."""
    if value in (None, ""):
        return None
    if facet in _BY_SLUG:
        # (A slug the cached vocabulary no longer knows matches nothing.)
        pks = {slug: pk for pk, slug, _name in labels()[_BY_SLUG[facet]]}
        value = pks.get(value, value)
    # A region's code: NUTS codes nest (DE3 > DE30 > DE300), and an initiative has a token
    # for each level of its regions.
    return f"{facet}:{value}"


def _chosen_tokens(filterset):
    """{facet: token} of the facets the visitor has chosen. Invalid choices are left out, as
    the list leaves them out (and shows their errors)."""
    filterset.form.is_valid()
    chosen = {}
    for facet in InitiativeFilter.FACETS:
        token = facet_token(facet, filterset.form.cleaned_data.get(facet))
        if token:
            chosen[facet] = token
    return chosen


def _ids_and_counts(filterset, base_queryset, limit=None):
    """The list's ids (at most ``limit``, in its order; none without a limit) and the options
    of every facet with their counts, in one statement, so that the search runs once.

    The statement takes the initiatives that match the search text, in the chosen order, and
    marks each with how many chosen facets it fails and the first of them ("theme:"). Those
    failing none are the list. A token of facet F counts for an initiative that fails nothing
    or F alone: each facet is counted with the other facets applied, as faceted search does."""
    passes = {
        facet: Q(facet_tokens__has_token=token)
        for facet, token in _chosen_tokens(filterset).items()
    }
    text = filterset.form.cleaned_data.get("q") or ""
    matching = filterset.ordered(search.search(base_queryset, text, get_language()))
    failures = Value(0)
    for passed in passes.values():
        failures += Case(When(passed, then=0), default=1)
    failed = (
        Case(*(When(~passed, then=Value(f"{facet}:")) for facet, passed in passes.items()))
        if passes
        else Value(None, output_field=CharField())
    )
    columns = {"failures": failures, "failed": failed}
    if limit:
        # The list's order, carried out of the search as a number.
        columns["position"] = Window(RowNumber(), order_by=list(matching.query.order_by))
    rows = matching.annotate(**columns).order_by().values("pk", "facet_tokens", *columns)
    rows_sql, params = rows.query.sql_with_params()
    rows_cte = f"f AS ({rows_sql})"
    if connection.vendor == "postgresql":
        if limit or passes:
            # Search once for both parts, and decide each initiative's failures once rather
            # than once per token.
            rows_cte = f"f AS MATERIALIZED ({rows_sql})"
        each_token = "jsonb_array_elements_text(f.facet_tokens) AS t(value)"
    else:
        each_token = "json_each(f.facet_tokens) AS t"
    parts = []
    if limit:
        # the list: (NULL, id, position)
        parts.append(
            "SELECT NULL, page.pk, page.position FROM (SELECT pk, position FROM f "
            "WHERE f.failures = 0 ORDER BY position LIMIT %s) AS page"
        )
        params = [*params, limit]
    # the counts: (token, count, NULL)
    parts.append(
        f"SELECT t.value, COUNT(*), NULL FROM f, {each_token} WHERE f.failures <= 1 "
        "AND (f.failures = 0 OR SUBSTR(t.value, 1, LENGTH(f.failed)) = f.failed) "
        "GROUP BY t.value"
    )
    sql = f"WITH {rows_cte} " + " UNION ALL ".join(parts)
    listed, counts = [], {facet: {} for facet in InitiativeFilter.FACETS}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for token, number, position in cursor.fetchall():
            if token is None:
                listed.append((position, number))
                continue
            facet, _colon, value = token.partition(":")
            if facet in counts:
                counts[facet][value] = number
    return [pk for _position, pk in sorted(listed)], counts


def search_registry(filterset, base_queryset, limit):
    """The ids of the initiatives the list shows, in its order (at most ``limit``), and for
    each facet how many initiatives each option would give with the other facets applied. The
    counts are cached until the registry changes (``registry_version``); when they are not,
    one statement gives both."""
    cache_key = _counts_cache_key(filterset.data)
    counts = cache.get(cache_key)
    if counts is not None:
        return list(filterset.qs.values_list("pk", flat=True)[:limit]), counts
    # (_chosen_tokens cleans the form's data first.)
    if _chosen_tokens(filterset) or filterset.form.cleaned_data.get("q"):
        ids, counts = _ids_and_counts(filterset, base_queryset, limit)
    else:
        # The whole registry: its newest are an index away, and the counts need no search.
        ids = list(filterset.qs.values_list("pk", flat=True)[:limit])
        _ids, counts = _ids_and_counts(filterset, base_queryset)
    cache.set(cache_key, counts, FACET_CACHE_SECONDS)
    return ids, counts


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
    return f"initiatives:facets:{registry_version()}:{get_language()}:{filters_digest(data)}"


def facet_options(filterset, counts):
    """The facets as the template shows them: (name, label, [(value, label, count, selected)])."""
    data = filterset.data
    country = data.get("country") or ""

    def options(name, choices):
        """``choices``: [(value, label)] or, where the facet tokens name an option by its
        primary key, [(value, label, key)]."""
        selected = str(data.get(name) or "")
        facet_counts = counts.get(name, {})
        return [
            (
                str(value),
                label,
                facet_counts.get(str(key[0] if key else value), 0),
                str(value) == selected,
            )
            for value, label, *key in choices
        ]

    vocabularies = labels()
    region_choices = [
        (code, f"{'– ' if level == 2 else ''}{name}")
        for code, name, level, region_country in vocabularies["regions"]
        if (not country or region_country == country)
        and (counts["region"].get(code) or code == data.get("region"))
    ]
    fields = filterset.form.fields
    return [
        ("country", fields["country"].label, options("country", Country.choices)),
        ("region", fields["region"].label, options("region", region_choices)),
        (
            "theme",
            fields["theme"].label,
            options("theme", [(slug, name, pk) for pk, slug, name in vocabularies["themes"]]),
        ),
        ("sdg", fields["sdg"].label, options("sdg", vocabularies["sdgs"])),
        ("stage", fields["stage"].label, options("stage", Stage.choices)),
        (
            "target_group",
            fields["target_group"].label,
            options(
                "target_group",
                [(slug, name, pk) for pk, slug, name in vocabularies["target_groups"]],
            ),
        ),
        ("funding", fields["funding"].label, options("funding", FundingKind.choices)),
        ("replication", fields["replication"].label, options("replication", YES_NO)),
        ("partners", fields["partners"].label, options("partners", YES_NO)),
    ]
