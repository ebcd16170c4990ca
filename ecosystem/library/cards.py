"""The cards of the library's lists (the list, a collection): the public facts a card shows,
read in one query without model instances, as the registry's cards are (``initiatives.cards``).
Themes, audiences and the files' languages come from the facet tokens, their names from the
cached vocabularies and ``audience_vocabulary``."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import get_language

from ncc_portal.fallback import fallback_chain, shown_in_row
from ncc_portal.models import Country, Language
from ncc_portal.vocabularies import labels

from ..models import SEARCH_LANGUAGES, AccessLevel, Audience, Resource, ResourceType


@dataclass(frozen=True)
class Card:
    pk: int
    url: str
    title: str
    abstract: str
    # The languages of title and abstract: another than the page's when a translation is missing.
    title_language: str
    abstract_language: str
    type: str
    year: int
    # The country's name, or "" for a transnational resource.
    country: str
    publisher: str
    # The access level's label, or "" when everyone may open the files.
    restricted_to: str
    themes: list
    audiences: list
    file_languages: list
    # The words a search found, highlighted (ncc_portal.fulltext.Snippet), or None.
    snippet: object = None


def audience_vocabulary():
    """[(pk, slug, name)] of the audiences, names in the active language."""
    return [(audience.pk, audience.slug, audience.name) for audience in Audience.objects.all()]


def cards(pks, audiences=None):
    """Cards of the resources ``pks``, in that order, in the active language. ``audiences``:
    ``audience_vocabulary()``, when the caller has it already."""
    translated = [f"{field}_{code}" for field in ("title", "abstract") for code in SEARCH_LANGUAGES]
    rows = Resource.objects.filter(pk__in=pks).values(
        "pk",
        "slug",
        "title",
        "abstract",
        *translated,
        "type",
        "year",
        "country",
        "publisher__name",
        "access_level",
        "facet_tokens",
    )
    themes = {f"theme:{pk}": name for pk, _slug, name in labels()["themes"]}
    audiences = audience_vocabulary() if audiences is None else audiences
    audience_tokens = {f"audience:{pk}": name for pk, _slug, name in audiences}
    languages = {f"file_language:{code}": name for code, name in Language.choices}
    countries, types = dict(Country.choices), dict(ResourceType.choices)
    access = dict(AccessLevel.choices)
    chain = fallback_chain(get_language())
    by_pk = {}
    for row in rows:
        tokens = row["facet_tokens"]
        title, title_language = shown_in_row(row, "title", chain, row["title"])
        abstract, abstract_language = shown_in_row(row, "abstract", chain, row["abstract"])
        by_pk[row["pk"]] = Card(
            pk=row["pk"],
            url=reverse("library:resource-detail", kwargs={"slug": row["slug"]}),
            title=title,
            abstract=abstract,
            title_language=title_language,
            abstract_language=abstract_language,
            type=types.get(row["type"], row["type"]),
            year=row["year"],
            country=countries.get(row["country"], "") if row["country"] else "",
            publisher=row["publisher__name"] or "",
            restricted_to=""
            if row["access_level"] == AccessLevel.PUBLIC
            else access.get(row["access_level"], ""),
            themes=sorted(themes[token] for token in tokens if token in themes),
            audiences=sorted(audience_tokens[t] for t in tokens if t in audience_tokens),
            file_languages=[name for token, name in languages.items() if token in tokens],
        )
    # (One deleted since its id was read is left out.)
    return [by_pk[pk] for pk in pks if pk in by_pk]
