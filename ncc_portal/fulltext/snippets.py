"""Highlighted snippets: the words of a record that a search found, in their context.

The record's texts are analysed word by word, as the index analysed them, and a word is marked
when one of its tokens is one the query looks for. The snippet is the stretch of one text with
the most marked words; everything is escaped, only the ``<mark>`` elements are markup. Texts the
reader is shown come first; when the words were found only in another language of the record,
the snippet says which.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from . import analysis

# Words shown around the best match.
WINDOW = 28


@dataclass
class Snippet:
    html: str
    language: str
    # True when the words were found in a language other than the reader's shown text.
    other_language: bool


def _matcher(query):
    exact = set()
    prefixes = set()
    for term in query.terms():
        exact.update(term.tokens)
        for tokens in term.parts:
            exact.update(tokens)
        if term.prefix:
            prefixes.add(term.prefix)

    def matches(tokens):
        return any(t in exact for t in tokens) or any(
            t.startswith(p) for t in tokens for p in prefixes
        )

    # A text holds a match only if it holds one of these (the first letters of each token
    # sought, which Snowball's stems and the compounds' parts keep): most texts of a page are
    # passed over without analysing them word by word.
    needles = {token[:NEEDLE] for token in exact | prefixes if token}

    def may_be_in(text):
        folded = _folded(text)
        return any(needle in folded for needle in needles)

    matches.may_be_in = may_be_in
    return matches


# How many first letters of a token a text must contain to be analysed for it.
NEEDLE = 3


# The combining marks that accent folding drops from Latin letters (``analysis.fold`` drops
# every combining character, one word at a time; a whole text is folded here at once).
COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _folded(text):
    text = analysis.normalise(text)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(analysis.FOLD_EXTRA))
    return COMBINING.sub("", decomposed)


def _words(text, language):
    """(start, end, tokens) of each word of ``text`` as written (offsets into ``text``)."""
    result = []
    for match in analysis.WORD.finditer(text):
        for part in re.finditer(r"[^\W_]+", match.group()):
            word = analysis.normalise(part.group())
            if not word or analysis.is_stop_word(word, language):
                continue
            primary, extras = analysis.cached_word_tokens(word, language)
            start = match.start() + part.start()
            result.append((start, start + len(part.group()), [primary, *extras]))
    return result


def _best(text, language, matches):
    words = _words(text, language)
    hits = [i for i, (_s, _e, tokens) in enumerate(words) if matches(tokens)]
    if not hits:
        return None
    # The window that holds the most marked words.
    best_start, best_count = 0, 0
    for first in hits:
        start = max(0, first - 3)
        count = sum(1 for h in hits if start <= h < start + WINDOW)
        if count > best_count:
            best_start, best_count = start, count
    window = words[best_start : best_start + WINDOW]
    begin, end = window[0][0], window[-1][1]
    if best_start == 0:
        begin = 0
    marked = {i for i in hits if best_start <= i < best_start + WINDOW}
    out = ["… " if begin > 0 else ""]
    cursor = begin
    for i, (start, stop, _tokens) in enumerate(window, start=best_start):
        if i in marked:
            out.append(escape(text[cursor:start]))
            out.append(f"<mark>{escape(text[start:stop])}</mark>")
            cursor = stop
    out.append(escape(text[cursor:end]))
    if end < len(text.rstrip()):
        out.append(" …")
    return "".join(out), best_count


def snippet(texts, query, shown_language):
    """The snippet of ``texts`` ([(text, language, shown)]; ``shown``: the reader sees this
    text) for ``query``, or None. Texts are tried in order; a shown text wins over the others."""
    if not query:
        return None
    matches = _matcher(query)
    found = None
    for text, language, shown in texts:
        plain = " ".join(strip_tags(text or "").split())
        if not plain or not matches.may_be_in(plain):
            continue
        best = _best(plain, language, matches)
        if best is None:
            continue
        if shown:
            return Snippet(mark_safe(best[0]), language, False)
        if found is None or best[1] > found[1]:
            found = (best[0], best[1], language)
    if found is None:
        return None
    return Snippet(mark_safe(found[0]), found[2], found[2] != shown_language)
