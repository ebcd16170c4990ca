"""The partner list's faceted search, on the registry's facet engine (``ncc_portal.facets``).

Only valid profiles (published, not expired: ``PartnerProfile.objects.valid()``) are listed;
``listed_profiles`` is the base queryset the list, the watches and the exports start from."""

import django_filters
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ncc_portal.choices import Contribution
from ncc_portal.facets import RegionFilterForm, TokenFacets, facet_page, options_of, region_choices
from ncc_portal.models import Country, Language
from ncc_portal.vocabularies import labels

from . import search
from .models import PartnerProfile, Sector

SORTS = [("relevance", _("Relevance")), ("newest", _("Newest"))]


def theme_choices():
    return [(slug, name) for _pk, slug, name in labels()["themes"]]


def listed_profiles(today=None):
    """The profiles the partner list shows: published and not expired."""
    return PartnerProfile.objects.valid(today)


class PartnerFilter(TokenFacets, django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    # The facets filter by the profiles' facet tokens (partnerships.search.facet_tokens),
    # which the counts are made of too.
    offer = django_filters.ChoiceFilter(
        label=_("Offers"),
        choices=Contribution.choices,
        empty_label=_("Anything"),
        method="filter_facet",
    )
    seeks = django_filters.ChoiceFilter(
        label=_("Seeks"),
        choices=Contribution.choices,
        empty_label=_("Anything"),
        method="filter_facet",
    )
    sector = django_filters.ChoiceFilter(
        label=_("Sector"),
        choices=Sector.choices,
        empty_label=_("All sectors"),
        method="filter_facet",
    )
    country = django_filters.ChoiceFilter(
        label=_("Country served"),
        choices=Country.choices,
        empty_label=_("All countries"),
        method="filter_facet",
    )
    region = django_filters.CharFilter(label=_("Region served"), method="filter_facet")
    theme = django_filters.ChoiceFilter(
        label=_("Theme"), choices=theme_choices, empty_label=_("All themes"), method="filter_facet"
    )
    language = django_filters.ChoiceFilter(
        label=_("Working language"),
        choices=Language.choices,
        empty_label=_("All languages"),
        method="filter_facet",
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORTS, method="filter_sort", empty_label=None
    )

    FACETS = ["offer", "seeks", "sector", "country", "region", "theme", "language"]
    facet_cache = search.facet_cache
    search_index = search.index

    class Meta:
        model = PartnerProfile
        fields = []
        form = RegionFilterForm

    def filter_search(self, queryset, name, value):
        return self.searched(queryset, value)

    def searched(self, queryset, text):
        return search.search(queryset, text, get_language())

    def facet_token(self, facet, value):
        if facet == "theme" and value:
            # (A slug the cached vocabulary no longer knows matches nothing.)
            pks = {slug: pk for pk, slug, _name in labels()["themes"]}
            value = pks.get(value, value)
        return super().facet_token(facet, value)

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in ``qs``, once the search rank exists

    @property
    def qs(self):
        return self.ordered(super().qs)

    def ordered(self, queryset):
        valid = self.form.is_valid()
        sort = self.form.cleaned_data.get("sort") if valid else ""
        query = self.form.cleaned_data.get("q") if valid else ""
        if sort in ("", "relevance") and query:
            return queryset.order_by("-rank", "-published_at", "-pk")
        return queryset.order_by("-published_at", "-pk")


def search_partners(filterset, base_queryset, limit):
    """The ids of the profiles the list shows and the facet counts (``facet_page``)."""
    return facet_page(filterset, base_queryset, limit)


def partners_changed():
    """Called by the services whenever the listed profiles change: cached counts expire."""
    search.profiles_changed()


def facet_options(filterset, counts):
    """The facets as the template shows them: (name, label, [(value, label, count, selected)])."""
    data = filterset.data
    fields = filterset.form.fields

    def options(name, choices):
        return options_of(data, counts, name, choices)

    vocabularies = labels()
    regions = region_choices(data, counts, vocabularies["regions"])
    return [
        ("offer", fields["offer"].label, options("offer", Contribution.choices)),
        ("seeks", fields["seeks"].label, options("seeks", Contribution.choices)),
        ("sector", fields["sector"].label, options("sector", Sector.choices)),
        ("country", fields["country"].label, options("country", Country.choices)),
        ("region", fields["region"].label, options("region", regions)),
        (
            "theme",
            fields["theme"].label,
            options("theme", [(slug, name, pk) for pk, slug, name in vocabularies["themes"]]),
        ),
        ("language", fields["language"].label, options("language", Language.choices)),
    ]
