"""What a visitor typed into a search box, parsed and compiled for PostgreSQL and for SQLite.

The syntax is the one the search box explains: words are all required; ``"a phrase"`` in quotes
(straight or typographic); ``-word`` or ``-"a phrase"`` leaves out what contains it; ``or``
between two words or phrases accepts either. The typed words are analysed like the indexed texts
(``analysis.py``), with the stemmer of every language, since the record may be found by a word in
any of its languages:

- a word is found by its case-folded form with and without accents, by its stem in each
  language, by the stem of each part when it is a German or Dutch compound (all parts then
  needed), by a Dutch diminutive's base, and, five letters or more, as the beginning of a longer
  word (the first part of a compound: "Pflege" finds "Pflegedienst");
- a phrase is found where its words stand one after another, as stems of one language.

Stop words of any language are left out; a query of nothing else, or of nothing but left-out
words, has nothing to look for, and ``Query.problem`` says so.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from . import analysis
from .analysis import LANGUAGES, fold, normalise, stem

# Longer queries are cut (at a word's end) and the visitor is told.
MAX_QUERY_LENGTH = 300
# Prefix matching starts at this many letters.
MIN_PREFIX = 5
QUOTES = '"\u201c\u201d\u201e\u00ab\u00bb\u2018\u201a'
OR_WORDS = {"or", "|"}
HYPHEN = re.compile(r"[-\u2010\u2011]")
TOKEN = re.compile(rf"(-?)[{QUOTES}]([^{QUOTES}]*)[{QUOTES}]?|(\S+)")
# What the query says, as messages for the visitor.
TOO_LONG = _("Your search was shortened to its first %(length)s characters.")
ONLY_STOP_WORDS = _(
    "Your search has only very common words (such as “and” or “the”), which every text "
    "contains. Add a word that describes what you are looking for."
)
ONLY_EXCLUSIONS = _(
    "Your search only says what to leave out. Add a word that describes what you are looking for."
)


@dataclass
class Term:
    """One typed word and the tokens it is found by."""

    typed: str
    tokens: tuple[str, ...]
    prefix: str | None
    # A compound's parts, each with its tokens: all of them together also find the word.
    parts: tuple[tuple[str, ...], ...] = ()
    # The word's stem in each language, for phrases.
    stems: dict[str, str] = field(default_factory=dict)


@dataclass
class Phrase:
    terms: list[Term]


@dataclass
class Clause:
    """Alternatives (joined by ``or``), all left out when ``negated``."""

    items: list
    negated: bool = False


@dataclass
class Query:
    text: str
    clauses: list[Clause]
    notes: list = field(default_factory=list)
    problem: object = None

    def __bool__(self):
        return any(not clause.negated for clause in self.clauses)

    def terms(self):
        """Every term looked for (not those left out), for suggestions and highlighting."""
        for clause in self.clauses:
            if clause.negated:
                continue
            for item in clause.items:
                yield from item.terms if isinstance(item, Phrase) else [item]


def make_term(word):
    """The term of one normalised typed word, or None for a stop word. A hyphenated word
    ("Reparatur-Café") is the joined word, or all of its parts."""
    hyphenated = [p for p in HYPHEN.split(word) if not analysis.is_stop_word_anywhere(p)]
    if len(hyphenated) > 1:
        term = make_term("".join(hyphenated))
        term.typed = word
        term.parts = tuple(make_term(p).tokens for p in hyphenated)
        return term
    word = "".join(hyphenated)
    if not word or analysis.is_stop_word_anywhere(word):
        return None
    folded = fold(word)
    tokens = {folded, word}
    stems = {}
    for language in LANGUAGES:
        stems[language] = fold(stem(word, language))
        tokens.update({stems[language], stem(folded, language)})
    for base in analysis.diminutive_bases(folded):
        tokens.add(stem(base, "nl"))
    parts = set()
    for language in analysis.COMPOUNDING:
        split = analysis.split_compound(folded, language)
        if split:
            parts.add(tuple(tuple(sorted({p, fold(stem(p, language))})) for p in split))
    prefix = folded if len(folded) >= MIN_PREFIX and folded.isalpha() else None
    return Term(
        typed=word,
        tokens=tuple(sorted(tokens)),
        prefix=prefix,
        parts=min(parts, key=len) if parts else (),
        stems=stems,
    )


def _cut(text):
    if len(text) <= MAX_QUERY_LENGTH:
        return text, False
    cut = text[:MAX_QUERY_LENGTH]
    if not text[MAX_QUERY_LENGTH].isspace() and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut, True


def parse(text):
    """The ``Query`` of what was typed."""
    text, was_cut = _cut((text or "").strip())
    notes = [TOO_LONG % {"length": MAX_QUERY_LENGTH}] if was_cut else []
    clauses = []
    join_next = False
    had_words = False
    for match in TOKEN.finditer(text):
        negated_phrase, phrase_text, word = match.groups()
        if word is not None and word.casefold() in OR_WORDS:
            join_next = bool(clauses) and not clauses[-1].negated
            continue
        negated = bool(negated_phrase) or bool(word and word.startswith("-") and len(word) > 1)
        if word is not None:
            items = []
            for w in analysis.WORD.findall(normalise(word)):
                had_words = True
                term = make_term(w)
                if term:
                    items.append(term)
        else:
            terms = []
            for w in analysis.WORD.findall(normalise(phrase_text)):
                for part in HYPHEN.split(w):
                    had_words = True
                    term = make_term(part)
                    if term:
                        terms.append(term)
            items = [Phrase(terms)] if len(terms) > 1 else terms
        if not items:
            join_next = False
            continue
        if join_next and not negated:
            clauses[-1].items.extend(items)
        else:
            clauses.append(Clause(items, negated=negated))
        join_next = False
    query = Query(text=text, clauses=clauses, notes=notes)
    if not query and had_words:
        query.problem = ONLY_EXCLUSIONS if clauses else ONLY_STOP_WORDS
    return query


# ---------------------------------------------------------------------------------------------
# PostgreSQL: a tsquery over the indexed tokens
# ---------------------------------------------------------------------------------------------


def _pg_lexeme(token, prefix=False):
    quoted = "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"
    return f"{quoted}:*" if prefix else quoted


def _term(term, lexeme, either, both):
    """A term in either dialect: its tokens, its prefix and its parts together as alternatives.
    ``lexeme(token, prefix=False)`` quotes a token; ``either`` and ``both``: OR and AND."""
    alternatives = [lexeme(token) for token in term.tokens]
    if term.prefix:
        alternatives.append(lexeme(term.prefix, prefix=True))
    if term.parts:
        together = both.join(
            "(" + either.join(lexeme(t) for t in tokens) + ")" for tokens in term.parts
        )
        alternatives.append(f"({together})")
    return "(" + either.join(alternatives) + ")"


def _pg_phrase(phrase):
    per_language = {
        " <-> ".join(_pg_lexeme(term.stems[language]) for term in phrase.terms)
        for language in LANGUAGES
    }
    return "(" + " | ".join(f"({p})" for p in sorted(per_language)) + ")"


def _pg_item(item):
    return _pg_phrase(item) if isinstance(item, Phrase) else _term(item, _pg_lexeme, " | ", " & ")


def to_tsquery(query):
    """The query as PostgreSQL ``tsquery`` text (cast with ``::tsquery``)."""
    parts = []
    for clause in query.clauses:
        expression = "(" + " | ".join(_pg_item(item) for item in clause.items) + ")"
        parts.append(f"!{expression}" if clause.negated else expression)
    return " & ".join(parts)


# ---------------------------------------------------------------------------------------------
# SQLite: an FTS5 MATCH expression
# ---------------------------------------------------------------------------------------------

# The columns of the FTS5 tables (``index.FTS_COLUMNS``) that hold the primary tokens in order.
PRIMARY_COLUMNS = "{a b c d}"


def _fts_token(token, prefix=False):
    return '"' + token.replace('"', '""') + '"' + ("*" if prefix else "")


def _fts_phrase(phrase):
    per_language = {
        '"' + " ".join(term.stems[language].replace('"', '""') for term in phrase.terms) + '"'
        for language in LANGUAGES
    }
    return f"({PRIMARY_COLUMNS} : (" + " OR ".join(sorted(per_language)) + "))"


def _fts_item(item):
    if isinstance(item, Phrase):
        return _fts_phrase(item)
    return _term(item, _fts_token, " OR ", " AND ")


def to_fts5(query):
    """The query as an FTS5 MATCH expression. FTS5's NOT is binary: what is looked for comes
    first, then each exclusion."""
    wanted, excluded = [], []
    for clause in query.clauses:
        expression = "(" + " OR ".join(_fts_item(item) for item in clause.items) + ")"
        (excluded if clause.negated else wanted).append(expression)
    expression = " AND ".join(wanted)
    for exclusion in excluded:
        expression = f"({expression}) NOT {exclusion}"
    return expression
