"""The text analysis of full-text search, the same at index and at query time, on both databases.

A text in a known language becomes a sequence of *words*, each with the tokens it is found by:

- its **primary** token, which phrases and positions follow: the Snowball stem of the word in the
  text's language (Estonian included, from PyStemmer), accents then folded away;
- **extra** tokens at the same position: the word itself, case-folded, with and without accents
  ("café", "cafe"); the stem of the word written without accents (Snowball's rules can differ
  for "võrumaal" and "vorumaal"); for German and Dutch the stems of a compound's parts
  ("Pflegedienst": "pfleg", "dienst") and of a Dutch diminutive's base ("dorpjes": "dorp"); and
  for a hyphenated compound the joined word ("Reparatur-Café": "reparaturcafe").

Before that the text is Unicode-normalised (NFKC) and case-folded, French elisions are cut off
(l’, d’, qu’ … with either apostrophe) and stop words of the text's language are dropped (they
take no position, on either database). The query side (``query.py``) analyses what was typed with
every language's stemmer, since a record is found by words in any of its languages.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import Stemmer

LANGUAGES = ("de", "en", "et", "nl", "fr")
SNOWBALL = {"de": "german", "en": "english", "et": "estonian", "nl": "dutch", "fr": "french"}
DATA = Path(__file__).resolve().parent.parent / "data" / "search"

# Words are runs of letters and digits; hyphens (and the Unicode hyphens) inside a word join
# the parts of a compound.
WORD = re.compile(r"[^\W_]+(?:[-\u2010\u2011][^\W_]+)*")
# French (and Italian-style) elisions before a word, with the straight or the typographic
# apostrophe: l’emploi, d'insertion, qu’elle, jusqu'au.
ELISION = re.compile(
    r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['\u2019\u02bc](?=\w)", re.IGNORECASE
)
# Letters that decomposition does not fold.
FOLD_EXTRA = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ı": "i"})

# Decompounding: the shortest part, and the linking elements between parts.
MIN_PART = 3
MIN_COMPOUND = 7
LINKS = {"de": ("", "s", "es", "n", "en", "e", "er"), "nl": ("", "s", "e", "en")}
COMPOUNDING = tuple(LINKS)
# Dutch diminutives: the endings, longest first, and what is left of the base.
DIMINUTIVES = ("etjes", "etje", "tjes", "tje", "pjes", "pje", "kjes", "kje", "jes", "je")
# Longest text analysed per field (the index must stay well under PostgreSQL's 1 MB tsvector).
MAX_TEXT = 400_000
# PostgreSQL keeps positions up to 16,383.
MAX_POSITION = 16383


@dataclass
class Word:
    """One word of a text: where it is (for snippets), its position and its tokens."""

    start: int
    end: int
    position: int
    primary: str
    extras: list[str] = field(default_factory=list)

    def tokens(self):
        return [self.primary, *self.extras]


def normalise(text):
    """NFKC, case-folded, elisions cut: the form both sides of search work on."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return ELISION.sub("", text)


@lru_cache(maxsize=200_000)
def fold(word):
    """``word`` without accents (ä → a, õ → o, é → e, ø → o)."""
    decomposed = unicodedata.normalize("NFKD", word.translate(FOLD_EXTRA))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def _stemmer(language):
    return Stemmer.Stemmer(SNOWBALL[language])


@lru_cache(maxsize=200_000)
def stem(word, language):
    """The Snowball stem of a case-folded ``word`` in ``language``."""
    return _stemmer(language).stemWord(word)


@cache
def stop_words(language):
    """The stop words of ``language``, case-folded, with and without accents."""
    path = DATA / f"stopwords-{language}.txt"
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word = normalise(line)
            words.update({word, fold(word)})
    return frozenset(words)


def is_stop_word(word, language):
    return word in stop_words(language)


def is_stop_word_anywhere(word):
    return any(word in stop_words(language) for language in LANGUAGES)


# ---------------------------------------------------------------------------------------------
# Decompounding (German and Dutch)
# ---------------------------------------------------------------------------------------------


class Lexicon:
    """The words a compound may be split into: a shipped list of common parts per language
    (``data/search/compound-parts-<lang>.txt``) and the words of the portal's own texts (the
    search vocabulary, ``SearchTerm``), which ``extend`` adds. Kept as folded words and as
    their stems, so that "Diensten" counts as the part "dienst"."""

    def __init__(self):
        self._words = None
        self.generation = 0

    def _known(self):
        # The shipped lists are read on first use, not when the module is imported.
        if self._words is None:
            self._words = {language: set() for language in COMPOUNDING}
            for language in COMPOUNDING:
                path = DATA / f"compound-parts-{language}.txt"
                lines = path.read_text(encoding="utf-8").splitlines()
                self.extend(
                    (line.strip() for line in lines if line.strip() and not line.startswith("#")),
                    languages=[language],
                    shipped=True,
                )
        return self._words

    def extend(self, words, languages=COMPOUNDING, shipped=False):
        """Add ``words``. The shipped lists' words count with their stems ("Diensten" is the
        part "dienst"); words from the portal's texts count as written, have four letters or
        more and are no stop word of any language (a Dutch stem such as "vrijwil" or a German
        "den" would split ordinary words)."""
        added = False
        known_words = self._known()
        for word in words:
            word = fold(normalise(word))
            if len(word) < (MIN_PART if shipped else MIN_PART + 1) or not word.isalpha():
                continue
            if not shipped and is_stop_word_anywhere(word):
                continue
            for language in languages:
                if is_stop_word(word, language):
                    continue
                known = known_words[language]
                if word not in known:
                    known.add(word)
                    if shipped:
                        known.add(stem(word, language))
                    added = True
        if added:
            self.generation += 1
            _split.cache_clear()

    def knows(self, part, language):
        known = self._known()[language]
        return part in known or stem(part, language) in known


lexicon = Lexicon()


def split_compound(word, language):
    """The parts of a folded compound ``word`` (German or Dutch), or () when it is none: every
    part a word of the lexicon, linked by the language's linking elements ("Arbeit-s-markt").
    Of several splits the one with the fewest parts, then the longest first part, wins."""
    if language not in LINKS or len(word) < MIN_COMPOUND:
        return ()
    return _split(word, language)


@lru_cache(maxsize=100_000)
def _split(word, language):
    best = ()
    for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
        head, rest = word[:cut], word[cut:]
        if not lexicon.knows(head, language):
            continue
        for link in LINKS[language]:
            if not rest.startswith(link):
                continue
            tail = rest[len(link) :]
            if len(tail) < MIN_PART:
                continue
            if lexicon.knows(tail, language):
                parts = (head, tail)
            else:
                rest_parts = _split(tail, language) if len(tail) >= MIN_COMPOUND else ()
                if not rest_parts:
                    continue
                parts = (head, *rest_parts)
            if not best or len(parts) < len(best):
                best = parts
        if best and len(best) == 2:
            break
    return best


def diminutive_bases(word):
    """The possible bases of a Dutch diminutive ("dorpjes" → "dorp", "balletje" → "bal")."""
    bases = []
    for ending in DIMINUTIVES:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_PART:
            base = word[: -len(ending)]
            bases.append(base)
            if ending.startswith("e") and len(base) > MIN_PART and base[-1] == base[-2]:
                bases.append(base[:-1])  # balletje → ball → bal
    return bases


# ---------------------------------------------------------------------------------------------
# Analysis
# ---------------------------------------------------------------------------------------------


def word_tokens(word, language):
    """(primary, extras) of one case-folded word in ``language``."""
    folded = fold(word)
    primary = fold(stem(word, language))
    extras = {folded, word, stem(folded, language)}
    for part in split_compound(folded, language):
        extras.add(fold(stem(part, language)))
    if language == "nl":
        for base in diminutive_bases(folded):
            extras.add(stem(base, language))
    extras.discard(primary)
    return primary, sorted(extras)


@lru_cache(maxsize=100_000)
def _word_tokens(word, language, generation):
    return word_tokens(word, language)


def cached_word_tokens(word, language):
    """``word_tokens``, remembered until the compound lexicon changes."""
    return _word_tokens(word, language, lexicon.generation)


def analyse(text, language, first_position=1):
    """The words of ``text`` in ``language`` (see the module's docstring), positions counted
    from ``first_position``. Offsets refer to the normalised text (``normalise``)."""
    text = normalise(text[:MAX_TEXT])
    words = []
    position = first_position
    for match in WORD.finditer(text):
        group = match.group()
        parts = re.split(r"[-\u2010\u2011]", group)
        offset = match.start()
        kept = []
        for part in parts:
            start = text.index(part, offset)
            offset = start + len(part)
            if is_stop_word(part, language):
                continue
            primary, extras = cached_word_tokens(part, language)
            words.append(Word(start, offset, min(position, MAX_POSITION), primary, list(extras)))
            kept.append(part)
            position += 1
        if len(kept) > 1:
            # The joined compound, found where the last part is ("Reparatur-Café Ruhr":
            # "reparaturcafe" followed by "ruhr").
            joined = "".join(kept)
            words[-1].extras += sorted(
                {fold(joined), fold(stem(joined, language))} - set(words[-1].tokens())
            )
    return words


def surface_words(text):
    """The case-folded words of ``text`` as people write them (for the suggestions'
    vocabulary): letters only, three or more, no stop word of any language."""
    return {
        word
        for word in re.findall(r"[^\W\d_]{3,}", normalise(text))
        if not is_stop_word_anywhere(word)
    }
