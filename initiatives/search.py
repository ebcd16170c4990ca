"""Full-text search over initiatives (see ``ncc_portal.fulltext`` for how it works)."""

from ncc_portal import fulltext
from ncc_portal.fulltext import is_postgres, shown_text  # noqa: F401 (used by the filters)

# (field, weight): the title matters most, the description least.
WEIGHTED_FIELDS = [("title", "A"), ("summary", "B"), ("description", "C")]


def update_search_vectors(queryset):
    """Rebuild the vectors of ``queryset``'s initiatives (a no-op on SQLite)."""
    if not is_postgres():
        return 0
    return queryset.update(**fulltext.vectors(WEIGHTED_FIELDS))


def search(queryset, text, language):
    return fulltext.search(
        queryset, text, language, fields=[field for field, _weight in WEIGHTED_FIELDS]
    )
