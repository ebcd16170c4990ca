"""A searchable model's index in the process's memory, so that a search costs no more than a
list without one, however many records it matches.

For each reader language, a *term index* holds, for every token of the index (the tokens that
``index.py`` wrote into the ``search_<lang>`` vectors on PostgreSQL or the FTS5 tables on
SQLite), four compressed bitmaps (``pyroaring``) of the ids of the records that carry it: with
weight A, with weight B, with weight C, and with any weight. A query (``query.parse``) is then
bitmap algebra: a term's tokens, its prefix and its compound's parts are unions and
intersections, clauses intersect, ``-word`` subtracts. The matches come out as a bitmap, which
the facet engine (``ncc_portal.facets``) intersects with the list's rows and facets, and each
match gets a score from the weights it was found with (ts_rank's weights: A 1.0, B 0.4, C 0.2,
D 0.1, summed over the query's terms), ties going by the list's own order.

**Staying right.** A term index is built from the whole table in one statement (in the Celery
worker after changes, or by the first search of a process that has none) and shared through
the cache. Every time ``SearchIndex.update`` writes a record's tokens, it notes the record in
``SearchChange``; a search then reads, in one statement, which records changed since its term
index was built (and, in one more, the current tokens of those this process has not read in
their latest version), and takes those records from that small overlay instead of from the
index. When the changes pile up (``REBUILD_AFTER_CHANGES``), the worker builds the index
afresh. So a publication or an edit is found by the very next search, in every process,
without a rebuild.

**What it does not answer.** Phrases (``"…"``) need the words' positions, which the bitmaps do
not keep: such a query goes to the database as before (``SearchIndex.filter``), as does a
search while more than ``MAX_OVERLAY`` records changed since the last build. A list ordered
otherwise than by relevance takes the matches in its own order (``Positions``).
"""

import bisect
import logging
import secrets
import time
from datetime import timedelta

import numpy as np
from django.core.cache import cache
from django.db import connection, models
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from pyroaring import BitMap

from ..bitmaps import bitmap
from .analysis import LANGUAGES
from .query import Phrase
from .tables import FTS_COLUMNS, fts_table

logger = logging.getLogger(__name__)

# What each level adds to a record's score for a term: a term found with weight A scores
# 0.6 + 0.2 + 0.1 + 0.1 = 1.0, with B 0.4, with C 0.2, with D (another language) 0.1.
LEVEL_SCORES = (0.6, 0.2, 0.1, 0.1)
# A search reads the records changed since its index was built from the database; with more
# changes than this it asks the database instead, and the worker rebuilds.
MAX_OVERLAY = 2000
# After how many changed records the worker builds the term index afresh, and how long after
# the last build at the soonest (so that a bulk import rebuilds now and then, not after every
# batch).
REBUILD_AFTER_CHANGES = 200
REBUILD_INTERVAL = timedelta(minutes=5)
# A transaction that writes tokens takes less than this: changes noted up to this long before a
# build started count as changed after it (the build may not have seen them committed).
MARGIN = timedelta(minutes=5)
# How long the changes are kept, and how old an index may get before the worker builds it
# afresh at the next change (so that the changes a search reads stay few and are kept).
KEEP_CHANGES = timedelta(days=1)
MAX_AGE = timedelta(hours=20)
SHARED_SECONDS = 2 * 24 * 3600
EMPTY = BitMap()


# -- reading the tokens from the database ------------------------------------------------------


def _postings_sql(index, language):
    """SQL of the rows that ``_postings`` reads.

    On PostgreSQL, rows (tier, token, packed ids): tier 0, 1, 2 the records with the token at
    weight A, B, C (``ts_filter``), tier 3 every record with it. On SQLite, the FTS5 table's
    rows (``FTS_COLUMNS``: the tokens by weight, space-separated), as (id, columns …)."""
    table = index.model._meta.db_table
    if connection.vendor == "postgresql":
        column = f"t.search_{language}"
        where = f"{column} IS NOT NULL"
        parts = []
        for tier, weight in enumerate(("a", "b", "c", None)):
            vector = f"ts_filter({column}, '{{{weight}}}')" if weight else column
            parts.append(
                f"SELECT {tier}, token, string_agg(int4send(t.id::int4), '') "
                f'FROM "{table}" t, unnest(tsvector_to_array({vector})) AS token '
                f"WHERE {where} GROUP BY token"
            )
        return " UNION ALL ".join(parts)
    return f"SELECT rowid, {', '.join(FTS_COLUMNS)} FROM {fts_table(table, language)}"


def _shared(tiers):
    """``tiers`` with a weight's bitmap that equals the token's "any weight" one replaced by
    that very bitmap (a token found only in titles, say): a sixth less memory."""
    present = tiers[3]
    for tier in range(3):
        if tiers[tier] is not EMPTY and tiers[tier] == present:
            tiers[tier] = present
    return tiers


def _postings(rows):
    """{token: [A, B, C, any] bitmaps} of the rows of ``_postings_sql``."""
    postings = {}
    if connection.vendor == "postgresql":
        for tier, token, packed in rows:
            postings.setdefault(token, [EMPTY, EMPTY, EMPTY, EMPTY])[tier] = bitmap(packed)
        return {token: _shared(tiers) for token, tiers in postings.items()}
    # (A record's best weight per token gives the same levels as every weight it has.)
    found = {}
    for pk, *columns in rows:
        for token, tier in _best_tiers(columns).items():
            if tier < 3:
                found.setdefault((tier, token), []).append(pk)
            found.setdefault((3, token), []).append(pk)
    for (tier, token), ids in found.items():
        postings.setdefault(token, [EMPTY, EMPTY, EMPTY, EMPTY])[tier] = BitMap(ids)
    return {token: _shared(tiers) for token, tiers in postings.items()}


def _best_tiers(columns):
    """{token: its best tier} of one record's token columns: on PostgreSQL the arrays of its
    tokens at weight A, B, C and of all of them; on SQLite the FTS5 columns (``FTS_COLUMNS``:
    a b c d, then the extra tokens xa xb xc xd, space-separated). Tier 3 is weight D."""
    postgres = connection.vendor == "postgresql"
    best = {}
    for position, value in enumerate(columns):
        tier = position if postgres else position % 4
        tokens = (value or ()) if postgres else (value or "").split()
        for token in tokens:
            if tier < best.get(token, 4):
                best[token] = tier
    return best


class TermIndex:
    """The tokens of one index for one reader language: {token: [A, B, C, any] bitmaps}."""

    def __init__(self, postings, built_from=None, generation=None):
        self.postings = postings
        self.tokens = sorted(postings)
        self.built_from = built_from
        self.generation = generation

    @classmethod
    def from_rows(cls, rows, **kwargs):
        return cls(_postings(rows), **kwargs)

    @classmethod
    def build(cls, index, language):
        """The term index of every record of ``index`` in ``language``, from the database."""
        built_from = timezone.now() - MARGIN
        with connection.cursor() as cursor:
            cursor.execute(_postings_sql(index, language))
            rows = cursor.fetchall()
        return cls.from_rows(rows, built_from=built_from)

    def serialize(self):
        return (
            self.built_from,
            self.generation,
            {token: [b.serialize() for b in tiers] for token, tiers in self.postings.items()},
        )

    @classmethod
    def deserialize(cls, data):
        built_from, generation, postings = data
        return cls(
            {
                token: _shared([BitMap.deserialize(b) for b in tiers])
                for token, tiers in postings.items()
            },
            built_from=built_from,
            generation=generation,
        )

    # -- the bitmaps of a token --------------------------------------------------------------

    def levels(self, token):
        """The records with ``token`` at weight A, at A or B, at A to C, at any weight."""
        tiers = self.postings.get(token)
        if tiers is None:
            return (EMPTY, EMPTY, EMPTY, EMPTY)
        a, b, c, present = tiers
        at_least_b = a | b
        return (a, at_least_b, at_least_b | c, present)

    def prefix_levels(self, prefix):
        start = bisect.bisect_left(self.tokens, prefix)
        found = []
        for token in self.tokens[start:]:
            if not token.startswith(prefix):
                break
            found.append(self.levels(token))
        return _either(found)


class Overlay:
    """A term index with the records changed since it was built (``changed``, a bitmap) taken
    from ``fresh`` instead: {token: {record id: tier}} of those records, read from the
    database (``_record_tokens``)."""

    def __init__(self, base, changed, fresh):
        self.base = base
        self.changed = changed
        self.fresh = fresh
        self.tokens = sorted(fresh)

    def _fresh_levels(self, tiers):
        a, at_least_b, at_least_c, present = [], [], [], []
        for pk, tier in tiers.items():
            present.append(pk)
            if tier <= 2:
                at_least_c.append(pk)
                if tier <= 1:
                    at_least_b.append(pk)
                    if tier == 0:
                        a.append(pk)
        return tuple(BitMap(ids) for ids in (a, at_least_b, at_least_c, present))

    def _merge(self, old, new):
        return tuple((o - self.changed) | n for o, n in zip(old, new, strict=True))

    def levels(self, token):
        tiers = self.fresh.get(token)
        new = self._fresh_levels(tiers) if tiers else (EMPTY, EMPTY, EMPTY, EMPTY)
        return self._merge(self.base.levels(token), new)

    def prefix_levels(self, prefix):
        start = bisect.bisect_left(self.tokens, prefix)
        found = []
        for token in self.tokens[start:]:
            if not token.startswith(prefix):
                break
            found.append(self._fresh_levels(self.fresh[token]))
        return self._merge(self.base.prefix_levels(prefix), _either(found))


def _either(alternatives):
    if not alternatives:
        return (EMPTY, EMPTY, EMPTY, EMPTY)
    if len(alternatives) == 1:
        return alternatives[0]
    return tuple(BitMap.union(*level) for level in zip(*alternatives, strict=True))


def _both(required):
    return tuple(BitMap.intersection(*level) for level in zip(*required, strict=True))


def _term_levels(source, term):
    alternatives = [source.levels(token) for token in term.tokens]
    if term.prefix:
        alternatives.append(source.prefix_levels(term.prefix))
    if term.parts:
        alternatives.append(
            _both([_either([source.levels(t) for t in tokens]) for tokens in term.parts])
        )
    return _either(alternatives)


def answers(query):
    """Whether a term index can answer ``query`` (not when it has a phrase)."""
    return not any(isinstance(item, Phrase) for clause in query.clauses for item in clause.items)


def evaluate(source, query):
    """(the ids matching ``query``, [the levels of each term looked for]) in ``source`` (a
    ``TermIndex`` or an ``Overlay``)."""
    matched = None
    excluded = []
    terms = []
    for clause in query.clauses:
        items = [_term_levels(source, item) for item in clause.items]
        present = BitMap.union(*(levels[3] for levels in items))
        if clause.negated:
            excluded.append(present)
            continue
        matched = present if matched is None else matched & present
        terms.extend(items)
    matched = matched if matched is not None else BitMap()
    if excluded:
        matched = matched - BitMap.union(*excluded)
    return matched, terms


def ranked(terms, listed, positions, limit):
    """The first ``limit`` ids of ``listed`` (a bitmap) by score, best first, ties in the order
    of ``positions`` (an array: an id's place in the list's order)."""
    if not listed:
        return []
    ids = np.frombuffer(listed.to_array(), dtype=np.uint32)
    scores = np.zeros(len(ids))
    if terms:
        # (Summed by id in an array as long as the largest id, then read for the listed ids.)
        by_id = np.zeros(int(ids[-1]) + 1)
        for levels in terms:
            for level, score in zip(levels, LEVEL_SCORES, strict=True):
                hits = level & listed
                if hits:
                    by_id[np.frombuffer(hits.to_array(), dtype=np.uint32)] += score
        scores = by_id[ids]
    place = positions.at(ids)
    # Scores are sums of the level scores: ten times a score is (nearly) an integer.
    key = -np.rint(scores * 10) * (positions.size + 1) + place
    if len(ids) > limit:
        best = np.argpartition(key, limit - 1)[:limit]
        order = best[np.argsort(key[best], kind="stable")]
    else:
        order = np.argsort(key, kind="stable")
    return ids[order].tolist()


class Positions:
    """Each id's place in a list's order (ids the list does not hold come last)."""

    def __init__(self, ordered_ids):
        ordered = np.asarray(ordered_ids, dtype=np.int64)
        self.ordered = ordered
        self.size = len(ordered)
        top = int(ordered.max()) + 1 if self.size else 1
        self._place = np.full(top, self.size, dtype=np.int64)
        self._place[ordered] = np.arange(self.size, dtype=np.int64)

    def serialize(self):
        return self.ordered.astype(np.uint32).tobytes()

    @classmethod
    def deserialize(cls, data):
        return cls(np.frombuffer(data, dtype=np.uint32).astype(np.int64))

    def at(self, ids):
        inside = ids < len(self._place)
        place = np.full(len(ids), self.size, dtype=np.int64)
        place[inside] = self._place[ids[inside]]
        return place

    @classmethod
    def of(cls, queryset, order_by):
        """The positions of ``queryset``'s rows ordered by ``order_by``, in one query."""
        rows = (
            queryset.annotate(position=Window(RowNumber(), order_by=list(order_by)))
            .order_by()
            .values("position", row_id=F("pk"))
        )
        sql, params = rows.query.sql_with_params()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT string_agg(int4send(p.row_id::int4), '' ORDER BY p.position) "
                    f"FROM ({sql}) AS p",
                    params,
                )
                packed = cursor.fetchone()[0]
                ordered = _unpack_ordered(packed)
            else:
                cursor.execute(f"SELECT p.row_id FROM ({sql}) AS p ORDER BY p.position", params)
                ordered = [row[0] for row in cursor.fetchall()]
        return cls(ordered)


def _unpack_ordered(packed):
    if not packed:
        return []
    return np.frombuffer(bytes(packed), dtype=">u4").astype(np.int64)


# -- the term indexes this process holds --------------------------------------------------------

# (index name, language) -> TermIndex
_held = {}


def _generation_key(index_name):
    return f"fulltext:{index_name}:term-index"


def _data_key(index_name, language, generation):
    return f"fulltext:{index_name}:term-index:{generation}:{language}"


def term_index(index, language):
    """This process's term index of ``index`` in ``language``: the one it holds, or the one
    another process shared, or (when there is none) one built now and shared."""
    generation = cache.get(_generation_key(index.name))
    held = _held.get((index.name, language))
    # (However old, an index is right: the changes since it was built come from the database.)
    if held is not None and generation in (None, held.generation):
        return held
    if generation is not None:
        shared = cache.get(_data_key(index.name, language, generation))
        if shared is not None:
            loaded = _held[(index.name, language)] = TermIndex.deserialize(shared)
            return loaded
    # (Under the generation the cache names, when its copy for this language is gone: this
    # process then keeps the one it builds instead of building again at every search.)
    return build(index, languages=[language], generation=generation)[language]


def build(index, languages=LANGUAGES, generation=None):
    """Build the term indexes of ``index`` afresh and share them: {language: TermIndex}.
    Built for every language, they are a new generation that every process takes."""
    started = time.monotonic()
    built = {language: TermIndex.build(index, language) for language in languages}
    if generation is None:
        generation = secrets.randbits(48)
    for language, term_index_ in built.items():
        term_index_.generation = generation
        cache.set(
            _data_key(index.name, language, generation),
            term_index_.serialize(),
            SHARED_SECONDS,
        )
        _held[(index.name, language)] = term_index_
    if set(languages) == set(LANGUAGES):
        # Processes take the shared indexes of this generation from now on.
        cache.set(_generation_key(index.name), generation, SHARED_SECONDS)
    logger.info(
        "Built the term indexes of %s (%s) in %.1f s",
        index.name,
        ", ".join(languages),
        time.monotonic() - started,
    )
    return built


def note_changes(index_name, ids):
    """Note that the records ``ids`` of the index were indexed anew (``SearchIndex.update``)."""
    from ..models import SearchChange

    SearchChange.objects.bulk_create(
        [SearchChange(index=index_name, record_id=pk) for pk in ids], batch_size=1000
    )


def refresh(index):
    """Build the term indexes of ``index`` afresh when many records changed since the shared
    ones were built, or when they are old (the task queued after every change). Returns
    whether it built them."""
    from ..models import SearchChange

    generation = cache.get(_generation_key(index.name))
    shared = cache.get(_data_key(index.name, LANGUAGES[0], generation)) if generation else None
    if shared is not None:
        built_from = shared[0]
        # (Changes in the margin before the build are read by every search, but the build
        # most likely saw them: they do not call for another.)
        changed = (
            SearchChange.objects.filter(index=index.name, changed_at__gte=built_from + MARGIN)
            .values("record_id")
            .distinct()
            .count()
        )
        built_at = built_from + MARGIN
        now = timezone.now()
        due = changed >= REBUILD_AFTER_CHANGES and built_at <= now - REBUILD_INTERVAL
        if not (due or built_from <= now - MAX_AGE):
            return False
    build(index)
    SearchChange.objects.filter(
        index=index.name, changed_at__lt=timezone.now() - KEEP_CHANGES
    ).delete()
    return True


def forget():
    """Drop this process's term indexes (the tests start each test without them)."""
    _held.clear()
    _changes.clear()


def _record_tokens(index, language, ids):
    """{record id: {token: tier}} of the records ``ids`` as the database holds them now (tier
    0, 1, 2: the best weight A, B, C; 3: D)."""
    table = index.model._meta.db_table
    placeholders = ", ".join(["%s"] * len(ids))
    if connection.vendor == "postgresql":
        column = f"search_{language}"
        sql = (
            f"SELECT id, tsvector_to_array(ts_filter({column}, '{{a}}')), "
            f"tsvector_to_array(ts_filter({column}, '{{b}}')), "
            f"tsvector_to_array(ts_filter({column}, '{{c}}')), tsvector_to_array({column}) "
            f'FROM "{table}" WHERE id IN ({placeholders}) AND {column} IS NOT NULL'
        )
    else:
        sql = (
            f"SELECT rowid, {', '.join(FTS_COLUMNS)} FROM {fts_table(table, language)} "
            f"WHERE rowid IN ({placeholders})"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(ids))
        rows = cursor.fetchall()
    records = {pk: {} for pk in ids}
    records.update((pk, _best_tiers(columns)) for pk, *columns in rows)
    return records


class _Changes:
    """The records changed since a term index was built, as this process last read them:
    {record id: (when it last changed, {token: tier})}, and the overlay made of them."""

    def __init__(self, generation):
        self.generation = generation
        self.records = {}
        self.overlay = None


# (index name, language) -> _Changes
_changes = {}


def search(index, query, language):
    """The ids matching ``query`` and the levels of its terms (``evaluate``), from the term
    index, with the records changed since it was built read from the database: which they are
    (one statement), and the tokens of those this process has not read yet in their latest
    version (one more). None when a term index cannot answer (see the module's docstring)."""
    if not answers(query):
        return None
    base = term_index(index, language)
    from ..models import SearchChange

    changed_now = dict(
        SearchChange.objects.filter(index=index.name, changed_at__gte=base.built_from)
        .values_list("record_id")
        .annotate(last=models.Max("changed_at"))
        .order_by()[: MAX_OVERLAY + 1]
    )
    if len(changed_now) > MAX_OVERLAY:
        return None
    if not changed_now:
        return evaluate(base, query)
    known = _changes.get((index.name, language))
    if known is None or known.generation != base.generation:
        known = _changes[(index.name, language)] = _Changes(base.generation)
    read = {pk: at for pk, (at, _tokens) in known.records.items()}
    if known.overlay is None or known.overlay.base is not base or read != changed_now:
        unread = [pk for pk, at in changed_now.items() if known.records.get(pk, (None,))[0] != at]
        if unread:
            for pk, tokens in _record_tokens(index, language, unread).items():
                known.records[pk] = (changed_now[pk], tokens)
        for pk in set(known.records) - set(changed_now):
            del known.records[pk]
        fresh = {}
        for pk, (_at, tokens) in known.records.items():
            for token, tier in tokens.items():
                fresh.setdefault(token, {})[pk] = tier
        known.overlay = Overlay(base, BitMap(changed_now), fresh)
    return evaluate(known.overlay, query)
