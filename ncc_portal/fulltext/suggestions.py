"""“Did you mean …?”: near spellings of the words typed, from the index's own vocabulary.

The vocabulary (``SearchTerm``) holds every word of the indexed texts, case-folded, with the
accent-free form it is compared by. A typed word that the vocabulary does not know is compared by
trigram similarity (``pg_trgm`` on PostgreSQL, the same formula in Python on SQLite); the closest
known word replaces it in the suggested search. The suggestion is only offered when it finds
more than what was typed: a word of a record nobody may see is never suggested.
"""

import re

from django.db.models.functions import Length

from . import analysis
from .index import is_postgres
from .query import parse

# pg_trgm's default threshold preselects; this is what a suggestion must reach.
MIN_SIMILARITY = 0.4
# Words compared per query (the rest are kept as typed).
MAX_WORDS = 6
# On SQLite, candidates differ in length by at most this.
LENGTH_SLACK = 3


def trigrams(word):
    """pg_trgm's trigrams of one word: padded with two spaces before and one after."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a, b):
    """pg_trgm's ``similarity``: shared trigrams over all trigrams of both."""
    ta, tb = trigrams(a), trigrams(b)
    shared = len(ta & tb)
    return shared / (len(ta) + len(tb) - shared) if ta or tb else 0.0


def _known(index_name, folded):
    from ..models import SearchTerm

    return SearchTerm.objects.filter(index=index_name, folded=folded).exists()


def closest_word(index_name, folded):
    """The vocabulary's word closest to ``folded`` (an accent-free, case-folded word), or None."""
    from ..models import SearchTerm

    terms = SearchTerm.objects.filter(index=index_name).exclude(folded=folded)
    if is_postgres():
        from django.contrib.postgres.search import TrigramSimilarity

        candidates = (
            terms.filter(folded__trigram_similar=folded)
            .annotate(similarity=TrigramSimilarity("folded", folded))
            .order_by("-similarity", "folded")
            .values_list("term", "folded")[:20]
        )
    else:
        candidates = (
            terms.annotate(length=Length("folded"))
            .filter(length__gte=len(folded) - LENGTH_SLACK, length__lte=len(folded) + LENGTH_SLACK)
            .values_list("term", "folded")
        )
    scored = [(similarity(folded, f), f, term) for term, f in candidates]
    scored = [s for s in scored if s[0] >= MIN_SIMILARITY]
    if not scored:
        return None
    # Most similar first; of equals, the accent-free form's order, as on PostgreSQL.
    scored.sort(key=lambda s: (-s[0], s[1]))
    return scored[0][2]


def _as_typed(typed, word):
    return word[:1].upper() + word[1:] if typed[:1].isupper() else word


def suggest(index_name, text, found, finds):
    """A corrected version of ``text`` (which found ``found`` records) that ``finds`` (a
    function of a search text giving how many records it finds) says finds more, or None."""
    query = parse(text)
    if not query:
        return None
    corrected = query.text
    changed = False
    for term in list(query.terms())[:MAX_WORDS]:
        folded = analysis.fold(term.typed)
        if len(folded) < 4 or not folded.isalpha() or _known(index_name, folded):
            continue
        word = closest_word(index_name, folded)
        if not word:
            continue
        pattern = re.compile(rf"(?<!\w){re.escape(term.typed)}(?!\w)", re.IGNORECASE)
        corrected, replaced = pattern.subn(
            lambda m, word=word: _as_typed(m.group(), word), corrected, count=1
        )
        changed = changed or bool(replaced)
    if not changed or corrected == query.text:
        return None
    return corrected if finds(corrected) > found else None
