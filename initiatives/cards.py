"""The cards of the registry list: just the public facts a card shows, read without model
instances (a page of twenty initiatives with their organisations would cost more to build as
models than to query)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import get_language

from ncc_portal.fallback import fallback_chain, shown_in_row
from ncc_portal.models import Country
from ncc_portal.vocabularies import labels

from .models import LANGUAGES, Initiative, Stage


@dataclass(frozen=True)
class Card:
    pk: int
    url: str
    title: str
    summary: str
    # The languages of title and summary: another than the page's when a translation is missing.
    title_language: str
    summary_language: str
    organisation: str
    country: str
    regions: list
    stage: str
    themes: list
    open_for_replication: bool
    seeking_partners: bool
    # The words a search found, highlighted (ncc_portal.fulltext.Snippet), or None.
    snippet: object = None
    # The peer portal a harvested record comes from ("" for this portal's own); its ``url``
    # is then the original page there.
    source: str = ""


def cards(pks):
    """Cards of the listed initiatives ``pks``, in that order, in the active language, read
    in one query: a row per region (the link table joined), theme names from the facet tokens,
    labels from the cached vocabularies."""
    translated = [f"{field}_{code}" for field in ("title", "summary") for code in LANGUAGES]
    rows = (
        Initiative.objects.filter(pk__in=pks)
        .values(
            "pk",
            "slug",
            "original_language",
            *translated,
            "organisation__name",
            "peer_record__portal__name",
            "peer_record__source_url",
            "peer_record__organisation_name",
            "country",
            "stage",
            "open_for_replication",
            "seeking_partners",
            "facet_tokens",
            "regions",
        )
        .order_by("pk", "regions")
    )
    vocabularies = labels()
    themes = {f"theme:{pk}": (slug, name) for pk, slug, name in vocabularies["themes"]}
    region_names = vocabularies["region_names"]
    countries, stages = dict(Country.choices), dict(Stage.choices)
    language = get_language()
    by_pk = {}
    for row in rows:
        if row["pk"] in by_pk:  # the same initiative, another of its regions
            by_pk[row["pk"]].regions.append(region_names.get(row["regions"], row["regions"]))
            continue
        shown_themes = sorted(themes[token] for token in row["facet_tokens"] if token in themes)
        chain = fallback_chain(language, row["original_language"])
        title, title_language = shown_in_row(row, "title", chain)
        summary, summary_language = shown_in_row(row, "summary", chain)
        source = row["peer_record__portal__name"] or ""
        by_pk[row["pk"]] = Card(
            pk=row["pk"],
            url=row["peer_record__source_url"]
            if source
            else reverse("initiatives:initiative-detail", kwargs={"slug": row["slug"]}),
            title=title,
            summary=summary,
            title_language=title_language,
            summary_language=summary_language,
            organisation=row["organisation__name"] or row["peer_record__organisation_name"] or "",
            source=source,
            country=countries[row["country"]],
            regions=[region_names.get(row["regions"], row["regions"])] if row["regions"] else [],
            stage=stages[row["stage"]],
            themes=[name for _slug, name in shown_themes],
            open_for_replication=row["open_for_replication"],
            seeking_partners=row["seeking_partners"],
        )
    # (One deleted since its id was read is left out.)
    return [by_pk[pk] for pk in pks if pk in by_pk]
