"""The registry's faceted search: one FilterSet serves the HTML list, the exports and the feed."""

import django_filters
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ncc_portal import fulltext
from ncc_portal.choices import Contribution
from ncc_portal.facets import (
    FacetCache,
    RegionFilterForm,
    TokenFacets,
    facet_page,
    options_of,
    region_choices,
)
from ncc_portal.models import Country
from ncc_portal.vocabularies import labels

from . import search
from .models import FundingKind, Initiative, PeerPortal, Stage

SORTS = [
    ("relevance", _("Relevance")),
    ("newest", _("Newest")),
    ("name", _("Name")),
]
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


_PEERS_KEY = "initiatives:peer-portals"


def source_choices():
    """This portal and the peer portals whose records the registry lists (cached until
    ``peers_changed``)."""
    peers = cache.get(_PEERS_KEY)
    if peers is None:
        peers = list(PeerPortal.objects.order_by("name").values_list("slug", "name"))
        cache.set(_PEERS_KEY, peers, None)
    return [(search.HERE, _("This portal")), *peers]


def peers_changed():
    """Called whenever a peer portal is added, renamed or removed."""
    cache.delete(_PEERS_KEY)


def vocabulary_choices(vocabulary):
    """(slug, name) choices of the themes or target groups, from the cached vocabularies:
    validating a choice needs no query."""
    return [(slug, name) for _pk, slug, name in labels()[vocabulary]]


class InitiativeFilter(TokenFacets, django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    # The facets filter by the initiatives' facet tokens (initiatives.search.facet_tokens),
    # which the counts below are made of too.
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        choices=Country.choices,
        empty_label=_("All countries"),
        method="filter_facet",
    )
    region = django_filters.CharFilter(label=_("Region"), method="filter_facet")
    theme = django_filters.ChoiceFilter(
        label=_("Theme"),
        choices=lambda: vocabulary_choices("themes"),
        empty_label=_("All themes"),
        method="filter_facet",
    )
    sdg = django_filters.ChoiceFilter(
        label=_("SDG"),
        choices=lambda: labels()["sdgs"],
        empty_label=_("All goals"),
        method="filter_facet",
    )
    stage = django_filters.ChoiceFilter(
        label=_("Stage"),
        choices=Stage.choices,
        empty_label=_("All stages"),
        method="filter_facet",
    )
    target_group = django_filters.ChoiceFilter(
        label=_("Target group"),
        choices=lambda: vocabulary_choices("target_groups"),
        empty_label=_("All target groups"),
        method="filter_facet",
    )
    funding = django_filters.ChoiceFilter(
        label=_("Funding source"),
        choices=FundingKind.choices,
        empty_label=_("All funding sources"),
        method="filter_facet",
    )
    replication = django_filters.ChoiceFilter(
        label=_("Open for replication"),
        choices=YES_NO,
        empty_label=_("Any"),
        method="filter_facet",
    )
    partners = django_filters.ChoiceFilter(
        label=_("Seeking partners"), choices=YES_NO, empty_label=_("Any"), method="filter_facet"
    )
    need = django_filters.ChoiceFilter(
        label=_("Seeks from partners"),
        choices=Contribution.choices,
        empty_label=_("Any"),
        method="filter_facet",
    )
    source = django_filters.ChoiceFilter(
        label=_("Source"),
        choices=source_choices,
        empty_label=_("All portals"),
        method="filter_facet",
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORTS, method="filter_sort", empty_label=None
    )

    # The facets whose options the list shows with counts.
    FACETS = [
        "source",
        "country",
        "theme",
        "sdg",
        "stage",
        "target_group",
        "funding",
        "replication",
        "partners",
        "need",
        "region",
    ]

    class Meta:
        model = Initiative
        fields = []
        form = RegionFilterForm

    # After each change a worker builds the listed registry's facet index.
    facet_cache = FacetCache(
        "initiatives",
        warm=lambda: [Initiative.objects.listed()],
        order=("-published_at", "-pk"),
    )
    # Its searches are answered from the registry's term index (``fulltext.memory``).
    search_index = search.index

    def filter_search(self, queryset, name, value):
        return self.searched(queryset, value)

    def searched(self, queryset, text):
        return search.search(queryset, text, get_language())

    def facet_token(self, facet, value):
        """The token (see ``initiatives.search.facet_tokens``) of a facet's cleaned value. A
        region's code: NUTS codes nest (DE3 > DE30 > DE300), and an initiative has a token for
        each level of its regions."""
        if facet in _BY_SLUG and value:
            # (A slug the cached vocabulary no longer knows matches nothing.)
            pks = {slug: pk for pk, slug, _name in labels()[_BY_SLUG[facet]]}
            value = pks.get(value, value)
        return super().facet_token(facet, value)

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in ``qs``, once the search rank exists

    @property
    def qs(self):
        return self.ordered(super().qs)

    def ordered(self, queryset):
        """``queryset`` in the order the visitor chose; by relevance it needs the rank that
        the search annotates."""
        sort = self.form.cleaned_data.get("sort") if self.form.is_valid() else ""
        query = self.form.cleaned_data.get("q") if self.form.is_valid() else ""
        if sort == "name":
            title = fulltext.shown_text("title", get_language(), "original_language")
            return queryset.order_by(title.asc(), "pk")
        if sort in ("", "relevance") and query:
            return queryset.order_by("-rank", "-published_at", "-pk")
        return queryset.order_by("-published_at", "-pk")


# Facets whose form values are slugs while their tokens name primary keys, which stay put
# when a slug is changed.
_BY_SLUG = {"theme": "themes", "target_group": "target_groups"}


def search_registry(filterset, base_queryset, limit):
    """The ids of the initiatives the list shows and the facet counts (``facet_page``)."""
    return facet_page(filterset, base_queryset, limit)


def registry_changed():
    """Called by the services whenever the published registry changes: cached counts expire."""
    InitiativeFilter.facet_cache.changed()


def facet_options(filterset, counts):
    """The facets as the template shows them: (name, label, [(value, label, count, selected)])."""
    data = filterset.data

    def options(name, choices):
        return options_of(data, counts, name, choices)

    vocabularies = labels()
    regions = region_choices(data, counts, vocabularies["regions"])
    fields = filterset.form.fields
    sources = fields["source"].choices[1:]  # (without "All portals")
    # The source facet only where there is more than this portal to choose from.
    by_source = [("source", fields["source"].label, options("source", sources))]
    return [
        *(by_source if len(sources) > 1 else []),
        ("country", fields["country"].label, options("country", Country.choices)),
        ("region", fields["region"].label, options("region", regions)),
        (
            "theme",
            fields["theme"].label,
            options("theme", [(slug, name, pk) for pk, slug, name in vocabularies["themes"]]),
        ),
        ("sdg", fields["sdg"].label, options("sdg", vocabularies["sdgs"])),
        ("stage", fields["stage"].label, options("stage", Stage.choices)),
        (
            "target_group",
            fields["target_group"].label,
            options(
                "target_group",
                [(slug, name, pk) for pk, slug, name in vocabularies["target_groups"]],
            ),
        ),
        ("funding", fields["funding"].label, options("funding", FundingKind.choices)),
        ("replication", fields["replication"].label, options("replication", YES_NO)),
        ("partners", fields["partners"].label, options("partners", YES_NO)),
        ("need", fields["need"].label, options("need", Contribution.choices)),
    ]
