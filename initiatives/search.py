"""Full-text search over initiatives in the reader's language, with fallback.

On PostgreSQL each language has its own vector column (``search_<lang>``), built with that
language's text-search configuration from the text a reader of that language sees: the
translation, or the fallback language's text when there is none. So an Estonian reader also finds
an initiative that exists only in English. PostgreSQL 15 has no Estonian configuration: Estonian
uses ``simple``. On SQLite, a case-insensitive match over the same coalesced text stands in.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Coalesce, NullIf

SEARCH_CONFIGS = {"de": "german", "en": "english", "et": "simple", "nl": "dutch", "fr": "french"}
# (field, weight): the title matters most, the description least.
WEIGHTED_FIELDS = [("title", "A"), ("summary", "B"), ("description", "C")]


def fallback_chain(language):
    chain = settings.MODELTRANSLATION_FALLBACK_LANGUAGES["default"]
    return [language, *[code for code in chain if code != language]]


def shown_text(field, language):
    """The column value a reader of ``language`` sees: their translation or the fallback's."""
    return Coalesce(
        *[NullIf(F(f"{field}_{code}"), Value("")) for code in fallback_chain(language)],
        Value(""),
        output_field=TextField(),
    )


def is_postgres():
    return connection.vendor == "postgresql"


def update_search_vectors(queryset):
    """Rebuild the vectors of ``queryset``'s initiatives (a no-op on SQLite)."""
    if not is_postgres():
        return 0
    vectors = {}
    for language, config in SEARCH_CONFIGS.items():
        vector = None
        for field, weight in WEIGHTED_FIELDS:
            part = SearchVector(shown_text(field, language), config=config, weight=weight)
            vector = part if vector is None else vector + part
        vectors[f"search_{language}"] = vector
    return queryset.update(**vectors)


def search(queryset, text, language):
    """Filter ``queryset`` by ``text``; on PostgreSQL also annotate ``rank`` for ordering."""
    text = text.strip()
    if not text:
        return queryset
    if is_postgres():
        query = SearchQuery(text, config=SEARCH_CONFIGS[language], search_type="websearch")
        column = F(f"search_{language}")
        return queryset.filter(**{f"search_{language}": query}).annotate(
            rank=SearchRank(column, query)
        )
    condition = Q()
    for word in text.split():
        word_matches = Q()
        for field, _weight in WEIGHTED_FIELDS:
            word_matches |= Q(**{f"_shown_{field}__icontains": word})
        condition &= word_matches
    return queryset.annotate(
        **{f"_shown_{field}": shown_text(field, language) for field, _w in WEIGHTED_FIELDS}
    ).filter(condition)
