"""The faceted-list engine that the registry, training and partner lists share.

A list's rows carry *facet tokens*: one JSON list per row naming its facet values as
``"<facet>:<value>"`` strings (``country:DE``, ``theme:7``, ``month:2027-03``). The app builds the
tokens from the row and its relations whenever what the public sees of it changes; a facet filter
is then one ``has_token`` lookup, and one SQL statement gives both a page of the list and the
counts of every facet's options, each counted with the other facets applied, as faceted search
does. Counts are cached per list until the app says the list changed (``FacetCache.changed``).

A list's FilterSet mixes in ``TokenFacets`` and provides ``FACETS``, ``searched`` (the full-text
search) and ``ordered`` (the chosen order); ``facet_page`` answers the list.
"""

import hashlib

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Case, CharField, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import Region

COUNTS_CACHE_SECONDS = 600


class RegionFilterForm(forms.Form):
    """The form of a list whose ``region`` filter takes a NUTS code: upper-cased, and refused
    with a clear message when there is no such region."""

    def clean_region(self):
        code = (self.cleaned_data.get("region") or "").strip().upper()
        if code and not Region.objects.filter(code=code).exists():
            raise ValidationError(
                _("There is no region with the code “%(code)s”. Choose one from the list."),
                params={"code": code},
            )
        return code


def filters_digest(data, *extra):
    """A short, stable digest of a list's filter values (paging and sorting aside) and of
    ``extra``, for the cache keys of its facet counts. ``data``: a QueryDict or a dict."""
    if hasattr(data, "getlist"):
        values = (
            (key, value)
            for key in data
            if key not in {"page", "sort"}
            for value in data.getlist(key)
        )
    else:
        values = ((key, value) for key, value in data.items() if key not in {"page", "sort"})
    relevant = sorted((key, str(value)) for key, value in values if value)
    return hashlib.sha1(repr((relevant, *extra)).encode()).hexdigest()


class FacetCache:
    """The cached facet counts of one list, valid until the list changes."""

    def __init__(self, namespace):
        self.namespace = namespace
        self._version_key = f"{namespace}:facets-version"

    def version(self):
        return cache.get_or_set(self._version_key, 1, None)

    def changed(self):
        """Called by the services whenever the listed rows change: cached counts expire."""
        try:
            cache.incr(self._version_key)
        except ValueError:
            cache.set(self._version_key, 2, None)

    def key(self, data, *extra):
        digest = filters_digest(data, *extra)
        return f"{self.namespace}:facets:{self.version()}:{get_language()}:{digest}"


class TokenFacets:
    """Mixed into a ``django_filters.FilterSet`` whose facet filters use
    ``method="filter_facet"``. Subclasses set ``FACETS`` (the facet names, which are also the
    filter names and the tokens' prefixes) and ``facet_cache``, and implement ``searched`` and
    ``ordered``."""

    FACETS: list[str] = []
    facet_cache: FacetCache

    def facet_token(self, facet, value):
        """The token of a facet's cleaned form value, or None when nothing is chosen."""
        if value in (None, ""):
            return None
        return f"{facet}:{value}"

    def searched(self, queryset, text):
        """``queryset`` narrowed to the rows matching ``text`` (annotated with ``rank`` where
        the database ranks)."""
        raise NotImplementedError

    def ordered(self, queryset):
        """``queryset`` in the order the visitor chose."""
        raise NotImplementedError

    def filter_facet(self, queryset, name, value: str):
        token = self.facet_token(name, value)
        return queryset.filter(facet_tokens__has_token=token) if token else queryset

    def chosen_tokens(self):
        """{facet: token} of the facets the visitor has chosen. Invalid choices are left out,
        as the list leaves them out (and shows their errors)."""
        self.form.is_valid()
        chosen = {}
        for facet in self.FACETS:
            token = self.facet_token(facet, self.form.cleaned_data.get(facet))
            if token:
                chosen[facet] = token
        return chosen

    def search_text(self):
        self.form.is_valid()
        return self.form.cleaned_data.get("q") or ""


def ids_and_counts(filterset, base_queryset, limit=None):
    """The list's ids (at most ``limit``, in its order; none without a limit) and the options
    of every facet with their counts, in one statement, so that the search runs once.

    The statement takes the rows that match the search text, in the chosen order, and marks
    each with how many chosen facets it fails and the first of them ("theme:"). Those failing
    none are the list. A token of facet F counts for a row that fails nothing or F alone: each
    facet is counted with the other facets applied."""
    passes = {
        facet: Q(facet_tokens__has_token=token)
        for facet, token in filterset.chosen_tokens().items()
    }
    matching = filterset.ordered(filterset.searched(base_queryset, filterset.search_text()))
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
            # Search once for both parts, and decide each row's failures once rather than
            # once per token.
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
    listed, counts = [], {facet: {} for facet in filterset.FACETS}
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


def facet_page(filterset, base_queryset, limit, *cache_extra):
    """The ids of the rows the list shows, in its order (at most ``limit``), and for each facet
    how many rows each option would give with the other facets applied. The counts are cached
    until the list changes; when they are not, one statement gives both. ``cache_extra``: what
    else the counts depend on (e.g. who is looking, when the base queryset depends on it)."""
    cache_key = filterset.facet_cache.key(filterset.data, *cache_extra)
    counts = cache.get(cache_key)
    if counts is not None:
        return list(filterset.qs.values_list("pk", flat=True)[:limit]), counts
    if filterset.chosen_tokens() or filterset.search_text():
        ids, counts = ids_and_counts(filterset, base_queryset, limit)
    else:
        # The whole list: its first page is an index away, and the counts need no search.
        ids = list(filterset.qs.values_list("pk", flat=True)[:limit])
        _ids, counts = ids_and_counts(filterset, base_queryset)
    cache.set(cache_key, counts, COUNTS_CACHE_SECONDS)
    return ids, counts


def options_of(data, counts, name, choices):
    """A facet's options as the template shows them: [(value, label, count, selected)].
    ``choices``: [(value, label)] or, where the facet tokens name an option by its primary
    key, [(value, label, key)]."""
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


def region_choices(data, counts, regions):
    """The regions worth offering: those with matches (or chosen), of the chosen country;
    ``regions``: the vocabularies' (code, name, level, country) rows."""
    country = data.get("country") or ""
    return [
        (code, f"{'– ' if level == 2 else ''}{name}")
        for code, name, level, region_country in regions
        if (not country or region_country == country)
        and (counts["region"].get(code) or code == data.get("region"))
    ]
