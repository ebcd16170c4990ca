"""A searchable model's index, the same tokens on both databases.

Each searchable model has one index per *reader language* (``LANGUAGES``): what a reader of that
language sees of a record (each translated field in their language, or the fallback's, see
``ncc_portal.fallback``) carries the field's weight (A, B, C); the record's texts in its other
languages carry the lowest weight (D), so a record is found by words in any of its languages,
but ranks higher when its words are in the reader's.

- **PostgreSQL**: the model's ``search_<lang>`` ``tsvector`` columns (GIN-indexed) hold the
  analysed tokens, written as ``tsvector`` literals with their positions and weights (no
  text-search configuration is involved); ``ts_rank`` ranks.
- **SQLite**: one FTS5 table per reader language, ``<table>_fts_<lang>``, whose row id is the
  record's; columns ``a`` … ``d`` hold the primary tokens by weight in order, ``xa`` … ``xd``
  the extra ones; ``bm25`` ranks. ``CreateFullTextTables`` (a migration operation) makes them.

The suggestions' vocabulary (``SearchTerm``) learns the words of every indexed text.
"""

import logging
import time
from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, models, transaction
from django.db.migrations.operations.base import Operation
from django.db.models.expressions import RawSQL

from ..fallback import fallback_chain
from . import analysis, memory
from .analysis import LANGUAGES
from .query import to_fts5, to_tsquery
from .snippets import snippet
from .tables import FTS_COLUMNS, fts_table

logger = logging.getLogger(__name__)

WEIGHTS = ("A", "B", "C", "D")
# bm25's column weights: the weights' order as in ts_rank's default {1.0, 0.4, 0.2, 0.1}; an
# extra token (an accent-free form, a compound's part) counts a little less than the word.
BM25_WEIGHTS = (1.0, 0.4, 0.2, 0.1, 0.8, 0.3, 0.15, 0.08)
# Raise it when the analysis changes: ``rebuild_search_index --if-outdated`` (the release step)
# then rebuilds every index.
ANALYSIS_VERSION = 1


def is_postgres():
    return connection.vendor == "postgresql"


class CreateFullTextTables(Operation):
    """Migration operation: the FTS5 tables of a model's index on SQLite (nothing on
    PostgreSQL, whose vectors are columns of the model)."""

    reduces_to_sql = False
    reversible = True

    def __init__(self, db_table):
        self.db_table = db_table

    def deconstruct(self):
        return (self.__class__.__qualname__, [self.db_table], {})

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "sqlite":
            return
        columns = ", ".join(FTS_COLUMNS)
        for language in LANGUAGES:
            schema_editor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts_table(self.db_table, language)} "
                f"USING fts5({columns}, tokenize = 'unicode61 remove_diacritics 0', "
                "prefix = '5')"
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "sqlite":
            return
        for language in LANGUAGES:
            schema_editor.execute(f"DROP TABLE IF EXISTS {fts_table(self.db_table, language)}")

    def describe(self):
        return f"Create the full-text tables of {self.db_table} (SQLite)"


@dataclass
class Text:
    """A text of a record for the index: its weight and the language it is written in."""

    text: str
    weight: str
    language: str | None
    # The field it comes from (the first of an index's fields is the heading of a list's row).
    field: str = ""
    # Found by search, but never shown in a snippet (e.g. the text of a restricted file).
    private: bool = False


class SearchIndex:
    """The full-text index of one model.

    ``fields``: [(translated field, weight)], the first one the heading of a list's row unless
    ``heading`` names another field (of ``fields`` or of ``extra``'s texts); snippets leave the
    heading out, the list shows it anyway. ``original_field``: the model's field naming the
    language a record was written in (its texts fall back to it first); ``extra``: a function
    of a record giving more ``Text``s for every reader (an organisation's name, the text of
    files), ``language=None`` meaning "analyse in the reader's language"; ``select_related`` and
    ``prefetch_related`` what ``extra`` reads."""

    order = 100
    # Called after ``rebuild``: an app's other per-record indexes (facet tokens), when the
    # rebuild should repair them too.
    after_rebuild = None

    def __init__(
        self,
        name,
        model,
        fields,
        *,
        original_field=None,
        extra=None,
        select_related=(),
        prefetch_related=(),
        heading=None,
    ):
        self.name = name
        self.heading = heading or fields[0][0]
        self.model_label = model
        self.fields = fields
        self.original_field = original_field
        self.extra = extra
        self.select_related = select_related
        self.prefetch_related = prefetch_related

    @property
    def model(self):
        return apps.get_model(self.model_label)

    # -- what a record says ------------------------------------------------------------------

    def texts(self, obj, reader):
        """The ``Text``s of ``obj`` for a reader of ``reader``'s language."""
        original = getattr(obj, self.original_field, None) if self.original_field else None
        chain = fallback_chain(reader, original)
        texts = []
        for field_name, weight in self.fields:
            values = {code: getattr(obj, f"{field_name}_{code}", "") or "" for code in LANGUAGES}
            shown = next((code for code in chain if values.get(code)), None)
            for code, value in values.items():
                if value:
                    texts.append(Text(value, weight if code == shown else "D", code, field_name))
        if self.extra:
            for text in self.extra(obj):
                texts.append(
                    Text(text.text, text.weight, text.language or reader, text.field, text.private)
                )
        return texts

    def snippet(self, obj, query, reader):
        """The ``Snippet`` of ``obj`` for ``query`` (see ``snippets``): from the texts the
        reader is shown, the heading aside, else from the record's other languages."""
        heading = self.heading
        texts = [
            (text.text, text.language, text.weight != "D")
            for text in self.texts(obj, reader)
            if not text.private and not (text.field == heading and text.weight != "D")
        ]
        texts.sort(key=lambda t: not t[2])
        return snippet(texts, query, reader)

    def all_texts(self, obj):
        """Every text of ``obj`` once, in its language: what the vocabulary learns."""
        seen = {}
        for reader in LANGUAGES:
            for text in self.texts(obj, reader):
                seen.setdefault((text.text, text.language), text)
        return list(seen.values())

    # -- writing -----------------------------------------------------------------------------

    def update(self, queryset=None, *, ids=None, batch_size=200, note=True):
        """Re-index the records of ``queryset`` (or with these ``ids``; all when neither is
        given). Returns how many were indexed. ``note``: record the change for the term
        indexes (``memory``), which ``rebuild`` builds afresh instead."""
        model = self.model
        if ids is None:
            queryset = model._default_manager.all() if queryset is None else queryset
            ids = list(queryset.order_by().values_list("pk", flat=True))
        ids = list(ids)
        load_vocabulary()
        for start in range(0, len(ids), batch_size):
            records = self.records(ids[start : start + batch_size])
            words = set()
            for obj in records:
                for text in self.all_texts(obj):
                    words |= analysis.surface_words(text.text)
            # The batch's own words are compound parts too, before its texts are split.
            analysis.lexicon.extend(words)
            with transaction.atomic():
                if is_postgres():
                    self._write_vectors(records)
                else:
                    self._write_fts(records)
                learn_words(self.name, words)
                if note:
                    # The term indexes built before read these records from the database.
                    memory.note_changes(self.name, [obj.pk for obj in records])
        if ids and note:
            self._refresh_term_indexes()
        return len(ids)

    def _refresh_term_indexes(self):
        """Once the change is committed, the worker rebuilds the term indexes when enough
        records changed since they were built (``memory.refresh``)."""
        from ..celery import run_task

        def queue():
            try:
                run_task("ncc_portal.refresh_term_index", args=[self.name])
            except Exception:  # no broker: the overlay serves until the next rebuild
                logger.warning("Could not queue the refresh of %s's term index", self.name)

        transaction.on_commit(queue)

    def _write_vectors(self, records):
        table = self.model._meta.db_table
        columns = ", ".join(f"search_{code} = %s::tsvector" for code in LANGUAGES)
        rows = [
            [*(tsvector(self.texts(obj, code)) for code in LANGUAGES), obj.pk] for obj in records
        ]
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {table} SET {columns} WHERE id = %s", rows)

    def _write_fts(self, records):
        table = self.model._meta.db_table
        placeholders = ", ".join(["%s"] * (len(FTS_COLUMNS) + 1))
        with connection.cursor() as cursor:
            for code in LANGUAGES:
                rows = [[obj.pk, *fts_columns(self.texts(obj, code))] for obj in records]
                cursor.executemany(
                    f"INSERT OR REPLACE INTO {fts_table(table, code)} "
                    f"(rowid, {', '.join(FTS_COLUMNS)}) VALUES ({placeholders})",
                    rows,
                )

    def rebuild(self, batch_size=500):
        """Index every record afresh, the vocabulary too. Returns how many were indexed. The
        vocabulary is learnt first, so that every compound is split by the same lexicon."""
        self.clear()
        model = self.model
        ids = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            batch = self.records(ids[start : start + batch_size])
            words = set().union(
                *(analysis.surface_words(t.text) for obj in batch for t in self.all_texts(obj))
            )
            analysis.lexicon.extend(words)
            learn_words(self.name, words)
        # (Not noted as changes: the term indexes are built afresh below, and every process
        # takes them at its next search.)
        count = self.update(ids=ids, note=False)
        if self.after_rebuild:
            self.after_rebuild()
        memory.build(self)
        return count

    def records(self, ids):
        """The records ``ids`` with what their texts need, without the index's own columns
        (the search vectors and facet tokens, which are large and read by nobody here)."""
        derived = [
            f.name
            for f in self.model._meta.concrete_fields
            if f.name.startswith("search_") or f.name == "facet_tokens"
        ]
        return list(
            self.model._default_manager.filter(pk__in=ids)
            .defer(*derived)
            .select_related(*self.select_related)
            .prefetch_related(*self.prefetch_related)
        )

    def clear(self):
        """Empty the index and its vocabulary (the records stay)."""
        table = self.model._meta.db_table
        with connection.cursor() as cursor:
            if is_postgres():
                columns = ", ".join(f"search_{code} = NULL" for code in LANGUAGES)
                cursor.execute(f"UPDATE {table} SET {columns}")
            else:
                for code in LANGUAGES:
                    cursor.execute(f"DELETE FROM {fts_table(table, code)}")
        from ..models import SearchTerm

        SearchTerm.objects.filter(index=self.name).delete()

    # -- reading -----------------------------------------------------------------------------

    def filter(self, queryset, query, language):
        """``queryset`` narrowed to the records matching ``query`` (``query.parse``) for a
        reader of ``language``, annotated with ``rank`` (higher is better)."""
        if not query:
            # Nothing to look for: the list is empty when that is because of what was typed
            # (``query.problem`` says why). A condition rather than ``none()``, since the
            # facet engine compiles the queryset into a larger statement.
            rank = queryset.annotate(rank=models.Value(0.0, output_field=models.FloatField()))
            return rank.filter(pk__isnull=True) if query.problem else rank
        table = queryset.model._meta.db_table
        if is_postgres():
            tsquery = to_tsquery(query)
            column = f'"{table}"."search_{language}"'
            return queryset.filter(
                RawSQL(f"{column} @@ %s::tsquery", [tsquery], output_field=models.BooleanField())
            ).annotate(
                rank=RawSQL(
                    f"ts_rank({column}, %s::tsquery)", [tsquery], output_field=models.FloatField()
                )
            )
        match = to_fts5(query)
        fts = fts_table(table, language)
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        return queryset.filter(
            pk__in=RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [match])
        ).annotate(
            rank=RawSQL(
                f"(SELECT -bm25({fts}, {weights}) FROM {fts} WHERE {fts} MATCH %s "
                f'AND {fts}.rowid = "{table}"."{queryset.model._meta.pk.column}")',
                [match],
                output_field=models.FloatField(),
            )
        )


def _grouped(texts):
    """[(weight, [Word])] of ``texts``, positions running on across them."""
    position = 1
    result = []
    for text in texts:
        words = analysis.analyse(text.text, text.language, first_position=position)
        if words:
            position = words[-1].position + 2  # no phrase across two texts
        result.append((text.weight, words))
    return result


def tsvector(texts):
    """The ``tsvector`` literal of ``texts``: every token with its positions and weights."""
    positions = defaultdict(dict)
    for weight, words in _grouped(texts):
        for word in words:
            for token in word.tokens():
                here = positions[token]
                # The heaviest weight at a position wins (A is heaviest).
                if word.position not in here or weight < here[word.position]:
                    here[word.position] = weight
    parts = []
    for token, at in positions.items():
        # PostgreSQL keeps 256 positions per token.
        spots = sorted(at.items())[:256]
        listed = ",".join(f"{p}{'' if w == 'D' else w}" for p, w in spots)
        parts.append("'" + token.replace("\\", "\\\\").replace("'", "''") + "':" + listed)
    return " ".join(parts)


def fts_columns(texts):
    """The eight FTS5 column values of ``texts`` (``FTS_COLUMNS``)."""
    primary = {weight: [] for weight in WEIGHTS}
    extra = {weight: [] for weight in WEIGHTS}
    for weight, words in _grouped(texts):
        for word in words:
            primary[weight].append(word.primary)
            extra[weight].extend(word.extras)
    return [
        *(" ".join(primary[w]) for w in WEIGHTS),
        *(" ".join(extra[w]) for w in WEIGHTS),
    ]


_vocabulary_loaded_at = None
# How long a process trusts the vocabulary it loaded into the compound lexicon.
VOCABULARY_SECONDS = 600


def load_vocabulary():
    """Extend the compound lexicon (``analysis.lexicon``) with the vocabulary of every index,
    once per process and again after ``VOCABULARY_SECONDS``: the words other processes indexed
    meanwhile split compounds here too."""
    global _vocabulary_loaded_at
    now = time.monotonic()
    if _vocabulary_loaded_at is not None and now - _vocabulary_loaded_at < VOCABULARY_SECONDS:
        return
    from ..models import SearchTerm

    _vocabulary_loaded_at = now
    analysis.lexicon.extend(SearchTerm.objects.values_list("folded", flat=True).distinct())


def learn_words(index_name, words):
    """Add ``words`` to the suggestions' vocabulary of the index."""
    from ..models import SearchTerm

    SearchTerm.objects.bulk_create(
        [
            SearchTerm(index=index_name, term=word[:100], folded=analysis.fold(word)[:100])
            for word in words
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
