"""The faceted-list engine that the registry, training, partner and library lists share.

A list's rows carry *facet tokens*: one JSON list per row naming its facet values as
``"<facet>:<value>"`` strings (``country:DE``, ``theme:7``, ``month:2027-03``). The app builds the
tokens from the row and its relations whenever what the public sees of it changes; a facet filter
is then one ``has_token`` lookup.

The counts of every facet's options, each counted with the other facets applied as faceted
search does, come from a *facet index*: for each token, the bitmap (``pyroaring``) of the ids of
the list's rows that carry it. Each process builds it once per version of the list (or takes the
copy another process put in the shared cache); a query then costs one statement, which gives
the page and the ids that the search matches, and a few hundred bitmap intersections, however
many rows match. The app says when the list changed (``FacetCache.changed``): the version moves,
which retires the cached counts and every process's index.

A list's FilterSet mixes in ``TokenFacets`` and provides ``FACETS``, ``searched`` (the full-text
search) and ``ordered`` (the chosen order); ``facet_page`` answers the list.
"""

import hashlib
import logging
import secrets

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Case, F, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from pyroaring import BitMap

from . import fulltext
from .bitmaps import bitmap, packed_ids
from .fulltext import memory
from .models import Region

logger = logging.getLogger(__name__)

COUNTS_CACHE_SECONDS = 600
# namespace -> FacetCache: the lists whose indexes a worker can warm by name.
_facet_caches = {}


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
    """The cached facet counts of one list and the version of the list they belong to.

    The version lives in the shared cache, so a change in any process is seen by all. It starts
    at a random number rather than at 1: a cache that is emptied (a Redis restart, the tests)
    must not bring back a version that a process still holds an index of. ``warm``: optionally,
    a function returning the base querysets whose facet index is built right after each change
    (once the change is committed, by a Celery task), so that no visitor waits for it: the
    worker puts it in the shared cache, where every web process finds it."""

    def __init__(self, namespace, warm=None, order=None):
        self.namespace = namespace
        self.warm = warm
        # The list's order without a search (and a search's ties): the worker reads the rows'
        # places in it with the facet index, so that pages come from the index too.
        self.order = order
        self._version_key = f"{namespace}:facets-version"
        _facet_caches[namespace] = self

    def version(self):
        return cache.get_or_set(self._version_key, _fresh_version, None)

    def changed(self):
        """Called by the services whenever the listed rows change: cached counts and facet
        indexes expire. Inside a transaction the version moves now and again once the change
        is committed: a process that read the rows in between would otherwise keep what it
        read under the new version."""
        self._next_version()
        if connection.in_atomic_block:
            transaction.on_commit(self._committed)
        else:
            self._warm()

    def _committed(self):
        self._next_version()
        self._warm()

    def _next_version(self):
        try:
            cache.incr(self._version_key)
        except ValueError:
            cache.set(self._version_key, _fresh_version(), None)

    def _warm(self):
        if self.warm is None:
            return
        from .celery import run_task

        try:
            run_task("ncc_portal.warm_facet_index", args=[self.namespace])
        except Exception:  # no broker: the first visitor of the list builds the index
            logger.warning("Could not queue the warming of %s's facet index", self.namespace)

    def key(self, data, *extra):
        digest = filters_digest(data, *extra)
        # ("facet-counts": the entries hold (total, counts); the former "facets" entries held
        # the counts alone and must not be read as the new ones after an upgrade.)
        return f"{self.namespace}:facet-counts:{self.version()}:{get_language()}:{digest}"


def _fresh_version():
    return secrets.randbits(48)


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


INDEX_CACHE_SECONDS = 24 * 3600
# How many facet indexes (lists × base querysets) a process keeps.
MAX_INDEXES = 16


class FacetIndex:
    """The row ids of a list's base queryset (``rows``) and, for each facet token, the ids of
    the rows that carry it, as compressed bitmaps: counting a token among the matches of a
    query is then the size of an intersection, however many rows match."""

    def __init__(self, rows, tokens):
        self.rows = rows
        self.tokens = tokens
        self.by_facet = {}
        # The places of the rows in the orders a search asked for (``positions``).
        self._positions = {}
        for token, ids in tokens.items():
            facet, _colon, value = token.partition(":")
            self.by_facet.setdefault(facet, []).append((value, ids))

    @staticmethod
    def sql(base_queryset):
        """(CTE, SELECT, params) of the statement part that reads the index: one row per
        token with its rows' ids, and one with all the ids and the token ``''``; each row is
        (NULL, NULL, token, packed ids)."""
        rows = base_queryset.order_by().values(row_id=F("pk"), row_tokens=F("facet_tokens"))
        rows_sql, params = rows.query.sql_with_params()
        if connection.vendor == "postgresql":
            each_token = "jsonb_array_elements_text(b.row_tokens) AS t(value)"
            cte = f"b AS MATERIALIZED ({rows_sql})"
        else:
            each_token = "json_each(b.row_tokens) AS t"
            cte = f"b AS ({rows_sql})"
        ids = packed_ids("b.row_id")
        select = (
            f"SELECT NULL, NULL, t.value, {ids} FROM b, {each_token} GROUP BY t.value "
            f"UNION ALL SELECT NULL, NULL, '', {ids} FROM b"
        )
        return cte, select, list(params)

    @classmethod
    def from_rows(cls, found):
        """The index from the rows of ``sql``'s part: [(token, packed ids)]."""
        tokens = {token: bitmap(packed) for token, packed in found if token}
        all_rows = next((bitmap(packed) for token, packed in found if token == ""), BitMap())
        return cls(all_rows, tokens)

    def serialize(self):
        return (
            self.rows.serialize(),
            {token: ids.serialize() for token, ids in self.tokens.items()},
            {key: positions.serialize() for key, positions in self._positions.items()},
        )

    @classmethod
    def deserialize(cls, data):
        rows, tokens, positions = data
        index = cls(
            BitMap.deserialize(rows),
            {token: BitMap.deserialize(ids) for token, ids in tokens.items()},
        )
        index._positions = {
            key: memory.Positions.deserialize(value) for key, value in positions.items()
        }
        return index

    def knows_order(self, order):
        """Whether the rows' places in ``order`` were read (``positions``)."""
        return repr(list(order)) in self._positions

    def positions(self, base_queryset, order):
        """Each row's place in ``base_queryset`` ordered by ``order`` (``memory.Positions``),
        read once per order and version of the list."""
        key = repr(list(order))
        if key not in self._positions:
            self._positions[key] = memory.Positions.of(base_queryset, order)
        return self._positions[key]

    def count(self, matched, chosen):
        """How many of the ``matched`` ids carry every chosen token."""
        passing = [self.tokens.get(token, BitMap()) for token in chosen.values()]
        return len(BitMap.intersection(matched & self.rows, *passing))

    def counts(self, matched, chosen, facets):
        """For each of ``facets``, {value: how many of the ``matched`` ids carry the token
        with the chosen facets applied, its own choice left out}; values counted nowhere are
        left out. ``chosen``: {facet: token}."""
        matched = matched & self.rows
        passing = {facet: self.tokens.get(token, BitMap()) for facet, token in chosen.items()}
        everything_applied = BitMap.intersection(matched, *passing.values())
        counts = {}
        for facet in facets:
            if facet in passing:
                others = [ids for other, ids in passing.items() if other != facet]
                within = BitMap.intersection(matched, *others) if others else matched
            else:
                within = everything_applied
            counts[facet] = {}
            for value, ids in self.by_facet.get(facet, ()):
                number = within.intersection_cardinality(ids)
                if number:
                    counts[facet][value] = number
        return counts


# (namespace, base queryset's digest) -> (version, FacetIndex): this process's indexes.
_indexes = {}


class _IndexSlot:
    """Where the facet index of one base queryset at the list's current version is kept:
    this process's copy, else the shared cache (another process built it)."""

    def __init__(self, facet_cache, base_queryset):
        self.version = facet_cache.version()
        sql, params = base_queryset.order_by().values("pk").query.sql_with_params()
        digest = hashlib.sha1(repr((sql, params)).encode()).hexdigest()
        self.local_key = (facet_cache.namespace, digest)
        self.shared_key = f"{facet_cache.namespace}:facet-index:{self.version}:{digest}"

    def get(self):
        held = _indexes.get(self.local_key)
        if held is not None and held[0] == self.version:
            return held[1]
        shared = cache.get(self.shared_key)
        if shared is None:
            return None
        index = FacetIndex.deserialize(shared)
        self._hold(index)
        return index

    def put(self, index):
        cache.set(self.shared_key, index.serialize(), INDEX_CACHE_SECONDS)
        self._hold(index)

    def _hold(self, index):
        _indexes.pop(self.local_key, None)
        while len(_indexes) >= MAX_INDEXES:
            _indexes.pop(next(iter(_indexes)))
        _indexes[self.local_key] = (self.version, index)


def facet_index(facet_cache, base_queryset):
    """The facet index of ``base_queryset`` at the list's current version, built (and shared)
    when no process has it yet. A change anywhere moves the version (``FacetCache.changed``)
    and so retires every copy."""
    slot = _IndexSlot(facet_cache, base_queryset)
    return slot.get() or _built_index(slot, base_queryset)


def warm_facet_index(namespace):
    """Build (and share) the facet indexes of a list's base querysets at its current version,
    as the task queued after each change does. Returns how many were built or found."""
    facet_cache = _facet_caches.get(namespace)
    if facet_cache is None or facet_cache.warm is None:
        return 0
    base_querysets = list(facet_cache.warm())
    for base_queryset in base_querysets:
        index = facet_index(facet_cache, base_queryset)
        if facet_cache.order and not index.knows_order(facet_cache.order):
            index.positions(base_queryset, facet_cache.order)
            _IndexSlot(facet_cache, base_queryset).put(index)
    return len(base_querysets)


def _page_matches_and_index(filterset, base_queryset, limit, with_index):
    """In one statement, so that the search runs once: the list's first ``limit`` ids in its
    order; the ids of all the rows the search matches (the facets not applied), None without a
    search; and, when ``with_index``, the rows of the facet index (``FacetIndex.sql``)."""
    text = filterset.search_text()
    passes = [Q(facet_tokens__has_token=token) for token in filterset.chosen_tokens().values()]
    matching = filterset.ordered(filterset.searched(base_queryset, text) if text else base_queryset)
    columns = {
        # The list's order, carried out of the search as a number.
        "position": Window(RowNumber(), order_by=list(matching.query.order_by)),
        "listed": Case(When(Q(*passes), then=Value(True)), default=Value(False))
        if passes
        else Value(True),
    }
    rows = matching.annotate(**columns).order_by().values(*columns, row_id=F("pk"))
    rows_sql, params = rows.query.sql_with_params()
    materialized = "MATERIALIZED " if connection.vendor == "postgresql" else ""
    ctes = [f"m AS {materialized}({rows_sql})"]
    # Rows: (id, position, NULL, NULL) of the page; (NULL, NULL, NULL, ids) of the matches.
    parts = [
        "SELECT page.row_id, page.position, NULL, NULL FROM (SELECT row_id, position FROM m "
        "WHERE m.listed ORDER BY position LIMIT %s) AS page"
    ]
    if text:
        parts.append(f"SELECT NULL, NULL, NULL, {packed_ids('m.row_id')} FROM m")
    if with_index:
        index_cte, index_select, index_params = FacetIndex.sql(base_queryset)
        ctes.append(index_cte)
        parts.append(index_select)
        params = [*params, *index_params]
    # (The page's limit comes last in the statement, after the CTEs.)
    params = [*params, limit]
    page, matched, index_rows = [], None, []
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {', '.join(ctes)} " + " UNION ALL ".join(parts), params)
        for row_id, position, token, packed in cursor.fetchall():
            if row_id is not None:
                page.append((position, row_id))
            elif token is None:
                matched = bitmap(packed)
            else:
                index_rows.append((token, packed))
    if text and matched is None:
        matched = BitMap()
    index = FacetIndex.from_rows(index_rows) if with_index else None
    return [row_id for _position, row_id in sorted(page)], matched, index


class Matches:
    """The ids of the rows a list shows, in its order, for Django's ``Paginator``: how many
    there are is known (from the facet index), the first ``len(known)`` ids too (from the
    statement that counted); a page beyond them is one query of ``queryset``."""

    def __init__(self, total, known, queryset):
        self.total = total
        self.known = known
        self.queryset = queryset

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item : item + 1][0]
        start, stop, _step = item.indices(self.total)
        if stop <= len(self.known) or len(self.known) >= self.total:
            return self.known[start:stop]
        return list(self.queryset.values_list("pk", flat=True)[start:stop])

    def __iter__(self):
        return iter(self[0 : self.total])


def facet_page(filterset, base_queryset, limit, *cache_extra):
    """The rows the list shows (``Matches``: how many, and their ids in its order, the first
    ``limit`` of a search at hand), and for each facet how many rows each option would give
    with the other facets applied. The counts come from the list's facet index intersected
    with the rows the search matches, and are cached until the list changes. ``cache_extra``:
    what else the counts depend on (e.g. who is looking, when the base queryset depends on
    it).

    A search of a list with a ``search_index`` comes from its term index
    (``fulltext.memory``: one statement, for the records changed since it was built); the
    page's ids then come from the facet index, ordered by score and by the rows' places in the
    list's order, as a list without a search does once the worker read those places
    (``FacetCache.order``). Otherwise one statement at most: the page, the search's matches
    and, when this process has no index of the list's current version yet, the index's rows;
    without a search and with the index at hand, no statement: the page is then an index scan
    away, when it is shown."""
    cache_key = filterset.facet_cache.key(filterset.data, *cache_extra)
    cached = cache.get(cache_key)
    text = filterset.search_text()
    in_memory = bool(text) and getattr(filterset, "search_index", None) is not None
    slot = _IndexSlot(filterset.facet_cache, base_queryset)
    index = slot.get()
    found = None
    if in_memory:
        if index is None:
            index = _built_index(slot, base_queryset)
        found = _searched_in_memory(filterset, base_queryset, index, limit)
    elif index is not None:
        found = _listed_in_memory(filterset, base_queryset, index, limit)
    if cached is not None:
        total, counts = cached
        return Matches(total, found[0] if found else [], filterset.qs), counts
    if found is not None:
        ids, matched = found
    elif index is None or text:
        ids, matched, built = _page_matches_and_index(
            filterset, base_queryset, limit, with_index=index is None
        )
        if built is not None:
            index = built
            slot.put(index)
    else:
        ids, matched = [], None
    chosen = filterset.chosen_tokens()
    counts = index.counts(index.rows if matched is None else matched, chosen, filterset.FACETS)
    total = index.count(index.rows if matched is None else matched, chosen)
    cache.set(cache_key, (total, counts), COUNTS_CACHE_SECONDS)
    return Matches(total, ids, filterset.qs), counts


def _built_index(slot, base_queryset):
    cte, select, params = FacetIndex.sql(base_queryset)
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {cte} {select}", params)
        index = FacetIndex.from_rows([row[2:] for row in cursor.fetchall()])
    slot.put(index)
    return index


def _listed_in_memory(filterset, base_queryset, index, limit):
    """Without a search: (the first ``limit`` ids in the list's order, None) from the facet
    index, when it holds the rows' places in that order (the worker read them), else None:
    the page is then one indexed query."""
    order = list(filterset.ordered(base_queryset).query.order_by)
    if not index.knows_order(order):
        return None
    chosen = filterset.chosen_tokens().values()
    listed = BitMap.intersection(index.rows, *(index.tokens.get(t, BitMap()) for t in chosen))
    return memory.ranked([], listed, index.positions(base_queryset, order), limit), None


def _searched_in_memory(filterset, base_queryset, index, limit):
    """(the first ``limit`` ids in the list's order, the ids the search matches) from the
    list's term index (``fulltext.memory``), or None when it cannot answer the search."""
    query = fulltext.parse(filterset.search_text())
    if not query:
        return None
    found = memory.search(filterset.search_index, query, get_language())
    if found is None:
        return None
    matched, terms = found
    matched = matched & index.rows  # (a new bitmap: the term index's own stay as they are)
    chosen = filterset.chosen_tokens().values()
    listed = BitMap.intersection(matched, *(index.tokens.get(t, BitMap()) for t in chosen))
    order = list(filterset.ordered(base_queryset.annotate(rank=Value(0.0))).query.order_by)
    if order and order[0] == "-rank":
        order = order[1:]
    else:
        terms = []  # (ordered otherwise than by relevance: the scores do not matter)
    ids = memory.ranked(terms, listed, index.positions(base_queryset, order), limit)
    return ids, matched


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
