"""Warn before a duplicate is created: initiatives whose title closely matches a new one."""

import re
from difflib import SequenceMatcher

from django.db.models import Q

from .models import Initiative, Status
from .snapshots import LANGUAGE_CODES

SIMILARITY = 0.8
_WORD = re.compile(r"\w{4,}")


def _normalised(title):
    return " ".join(re.findall(r"\w+", title.lower()))


def similar_initiatives(data, *, exclude_pk=None, limit=5):
    """Initiatives of the same organisation or country whose title in any language is close to
    the new title (ratio of matching characters at least 0.8)."""
    title = _normalised(data.get(f"title_{data['original_language']}", ""))
    if not title:
        return []
    words = sorted(_WORD.findall(title), key=len, reverse=True)[:3]
    if not words:
        return []
    # Explicit language columns: modeltranslation would rewrite ``title`` to the active one.
    word_match = Q()
    for word in words:
        for code in LANGUAGE_CODES:
            word_match |= Q(**{f"title_{code}__icontains": word})
    candidates = (
        Initiative.objects.exclude(status=Status.REJECTED)
        .filter(Q(organisation_id=data["organisation"]) | Q(country=data["country"]))
        .filter(word_match)
        .exclude(pk=exclude_pk)
        .select_related("organisation")[:200]
    )
    scored = []
    for candidate in candidates:
        ratio = max(
            SequenceMatcher(None, title, _normalised(candidate_title)).ratio()
            for candidate_title in [getattr(candidate, f"title_{code}") for code in LANGUAGE_CODES]
            if candidate_title
        )
        if ratio >= SIMILARITY:
            scored.append((ratio, candidate))
    scored.sort(key=lambda pair: -pair[0])
    return [candidate for _ratio, candidate in scored[:limit]]
