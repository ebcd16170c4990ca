"""Full-text search in the reader's language, with fallback, shared by every searchable model.

On PostgreSQL a model has one vector column per language (``search_<lang>``, GIN-indexed),
built with that language's text-search configuration from the text a reader of that language
sees: the translation, or the fallback language's text when there is none. PostgreSQL 15 has no
Estonian configuration: Estonian uses ``simple``. On SQLite a case-insensitive match over the same
coalesced text stands in.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, Q, TextField, Value, When
from django.db.models.functions import Coalesce, NullIf

from .fallback import fallback_chain

SEARCH_CONFIGS = {"de": "german", "en": "english", "et": "simple", "nl": "dutch", "fr": "french"}


def shown_text(field, language, original_field=None):
    """The value a reader of ``language`` sees of a translated field: theirs or the fallback's
    (``ncc_portal.fallback``). ``original_field`` names the model's field that holds the
    language it was written in, which then comes right after the reader's own."""
    shown = [NullIf(F(f"{field}_{language}"), Value(""))]
    if original_field:
        shown.append(
            Case(
                *[
                    When(**{original_field: code}, then=NullIf(F(f"{field}_{code}"), Value("")))
                    for code in SEARCH_CONFIGS
                ],
                default=Value(None),
                output_field=TextField(),
            )
        )
    shown += [NullIf(F(f"{field}_{code}"), Value("")) for code in fallback_chain(language)[1:]]
    return Coalesce(*shown, Value(""), output_field=TextField())


def is_postgres():
    return connection.vendor == "postgresql"


def vectors(weighted, extra=None, original_field=None):
    """``{"search_<lang>": vector}`` for ``queryset.update``. ``weighted``: [(translated field,
    weight)]; ``extra``: an optional (expression, weight) of untranslated text to include;
    ``original_field``: see ``shown_text``."""
    result = {}
    for language, config in SEARCH_CONFIGS.items():
        vector = None
        for field, weight in weighted:
            shown = shown_text(field, language, original_field)
            part = SearchVector(shown, config=config, weight=weight)
            vector = part if vector is None else vector + part
        if extra is not None:
            expression, weight = extra
            vector = vector + SearchVector(expression, config=config, weight=weight)
        result[f"search_{language}"] = vector
    return result


def search(queryset, text, language, fields, original_field=None):
    """Filter ``queryset`` by ``text`` in ``language``; on PostgreSQL also annotate ``rank``.
    ``fields`` are the translated fields the SQLite fallback looks in (``original_field``: see
    ``shown_text``)."""
    text = text.strip()
    if not text:
        return queryset
    if is_postgres():
        query = SearchQuery(text, config=SEARCH_CONFIGS[language], search_type="websearch")
        return queryset.filter(**{f"search_{language}": query}).annotate(
            rank=SearchRank(F(f"search_{language}"), query)
        )
    condition = Q()
    for word in text.split():
        word_matches = Q()
        for field in fields:
            word_matches |= Q(**{f"_shown_{field}__icontains": word})
        condition &= word_matches
    return queryset.annotate(
        **{f"_shown_{field}": shown_text(field, language, original_field) for field in fields}
    ).filter(condition)
