"""Full-text search, one engine for every searchable list, the same on PostgreSQL and SQLite.

- ``analysis``: the text analysis used at index and at query time (normalisation, elision,
  accent folding, Snowball stems of five languages, German and Dutch compounds, Dutch
  diminutives, stop words);
- ``query``: the search box's syntax (phrases, ``-word``, ``or``), compiled to a PostgreSQL
  ``tsquery`` and to an SQLite FTS5 expression;
- ``index``: a model's index (``SearchIndex``): ``tsvector`` columns on PostgreSQL, FTS5 tables
  on SQLite, one per reader language, with every language of a record searchable;
- ``suggestions``: "Did you mean …?" from the index's vocabulary;
- ``snippets``: the words found, highlighted in their context.

An app declares a ``SearchIndex`` for each searchable model, registers it in
``parts.search_indexes`` (so ``manage.py rebuild_search_index`` knows it), calls
``index.update(ids=…)`` whenever what the list shows of a record changes, and searches with
``search(queryset, text, language, index)``. The list's view adds ``search_summary`` (its
notes, suggestion and the page's snippets) to the context as ``search``, which
``includes/search_summary.html`` shows.
"""

from dataclasses import dataclass, field

from django.db.models import Case, F, TextField, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language

from ..fallback import fallback_chain
from .analysis import LANGUAGES
from .index import ANALYSIS_VERSION, CreateFullTextTables, SearchIndex, Text, is_postgres
from .query import Query, parse
from .snippets import Snippet, snippet
from .suggestions import suggest

__all__ = [
    "ANALYSIS_VERSION",
    "LANGUAGES",
    "CreateFullTextTables",
    "Query",
    "SearchIndex",
    "SearchSummary",
    "Snippet",
    "Text",
    "is_postgres",
    "parse",
    "search",
    "search_summary",
    "shown_text",
    "snippet",
]

# A search that finds fewer records than this gets a suggestion, when there is a better one.
SUGGEST_BELOW = 3


def shown_text(field, language, original_field=None):
    """The value a reader of ``language`` sees of a translated field: theirs or the fallback's
    (``ncc_portal.fallback``), as an expression (e.g. to sort by). ``original_field`` names the
    model's field that holds the language it was written in, which then comes right after the
    reader's own."""
    shown = [NullIf(F(f"{field}_{language}"), Value(""))]
    if original_field:
        shown.append(
            Case(
                *[
                    When(**{original_field: code}, then=NullIf(F(f"{field}_{code}"), Value("")))
                    for code in LANGUAGES
                ],
                default=Value(None),
                output_field=TextField(),
            )
        )
    shown += [NullIf(F(f"{field}_{code}"), Value("")) for code in fallback_chain(language)[1:]]
    return Coalesce(*shown, Value(""), output_field=TextField())


def search(queryset, text, language, index):
    """``queryset`` narrowed to the records of ``index`` that match ``text`` for a reader of
    ``language``, annotated with ``rank`` (higher is better). An empty ``text`` leaves it as it
    is; a text with nothing to look for (see ``Query.problem``) matches nothing."""
    if not (text or "").strip():
        return queryset
    return index.filter(queryset, parse(text), language)


@dataclass
class SearchSummary:
    """What a list says about its search: ``notes`` and ``problem`` (messages), ``suggestion``
    (a corrected search text that finds more, or None) with ``suggestion_query`` (the list's
    query string with it), the parsed ``query`` and ``snippets`` ({pk: Snippet} of the page)."""

    query: Query
    suggestion: str | None = None
    suggestion_query: str = ""
    notes: list = field(default_factory=list)
    problem: object = None
    snippets: dict = field(default_factory=dict)


def search_summary(data, found, index, count, page_ids=(), language=None):
    """The ``SearchSummary`` of a list whose search (``data["q"]``; ``data``: the request's
    query dict) found ``found`` records. ``count``: a function of a search text giving how many
    records the list would show (for the suggestion); ``page_ids``: the records shown, for
    their snippets in ``language``."""
    query = parse(data.get("q", ""))
    summary = SearchSummary(query=query, notes=list(query.notes), problem=query.problem)
    if not query:
        return summary
    if found < SUGGEST_BELOW:
        summary.suggestion = suggest(index.name, query.text, found, count)
        if summary.suggestion:
            corrected = data.copy()
            corrected["q"] = summary.suggestion
            corrected.pop("page", None)
            summary.suggestion_query = corrected.urlencode()
    if page_ids:
        language = language or get_language()
        for record in index.records(page_ids):
            summary.snippets[record.pk] = index.snippet(record, query, language)
    return summary
