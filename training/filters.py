"""The training list's faceted search, on the registry's facet engine (``ncc_portal.facets``)."""

from datetime import date

import django_filters
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ncc_portal import fulltext
from ncc_portal.facets import (
    FacetCache,
    RegionFilterForm,
    TokenFacets,
    facet_page,
    options_of,
    region_choices,
)
from ncc_portal.models import Country, Language
from ncc_portal.vocabularies import labels

from . import search
from .models import Audience, Offer, OfferFormat, OfferKind

SORTS = [("date", _("Next date")), ("relevance", _("Relevance")), ("title", _("Title"))]
SEATS = [("free", _("Has free seats"))]


def theme_choices():
    return [(slug, name) for _pk, slug, name in labels()["themes"]]


class TrainingFilterForm(RegionFilterForm):
    def clean_month(self):
        month = (self.cleaned_data.get("month") or "").strip()
        if month:
            year, _dash, number = month.partition("-")
            if not (
                len(year) == 4 and year.isdigit() and number.isdigit() and 1 <= int(number) <= 12
            ):
                raise ValidationError(
                    _("“%(month)s” is not a month. Use the form 2027-03."),
                    params={"month": month},
                )
            month = f"{year}-{int(number):02d}"
        return month


class TrainingFilter(TokenFacets, django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=OfferKind.choices,
        empty_label=_("All kinds"),
        method="filter_facet",
    )
    format = django_filters.ChoiceFilter(
        label=_("Format"),
        choices=OfferFormat.choices,
        empty_label=_("All formats"),
        method="filter_facet",
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"),
        choices=Language.choices,
        empty_label=_("All languages"),
        method="filter_facet",
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        choices=Country.choices,
        empty_label=_("All countries"),
        method="filter_facet",
    )
    region = django_filters.CharFilter(label=_("Region"), method="filter_facet")
    theme = django_filters.ChoiceFilter(
        label=_("Theme"), choices=theme_choices, empty_label=_("All themes"), method="filter_facet"
    )
    audience = django_filters.ChoiceFilter(
        label=_("Audience"),
        choices=Audience.choices,
        empty_label=_("Any audience"),
        method="filter_facet",
    )
    month = django_filters.CharFilter(label=_("Month"), method="filter_facet")
    seats = django_filters.ChoiceFilter(
        label=_("Seats"), choices=SEATS, empty_label=_("Any"), method="filter_facet"
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORTS, method="filter_sort", empty_label=None
    )

    FACETS = [
        "kind",
        "format",
        "language",
        "country",
        "region",
        "theme",
        "audience",
        "month",
        "seats",
    ]
    facet_cache = FacetCache("training")
    search_index = search.index

    class Meta:
        model = Offer
        fields = []
        form = TrainingFilterForm

    def __init__(self, *args, archive=False, **kwargs):
        self.archive = archive
        super().__init__(*args, **kwargs)

    def filter_search(self, queryset, name, value):
        return self.searched(queryset, value)

    def searched(self, queryset, text):
        return search.search(queryset, text, get_language())

    def facet_token(self, facet, value):
        if facet == "theme" and value:
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
        if sort == "title":
            title = fulltext.shown_text("title", get_language(), "original_language")
            return queryset.order_by(title.asc(), "pk")
        if sort == "relevance" and query:
            return queryset.order_by("-rank", "next_start", "pk")
        if self.archive:
            return queryset.order_by("-published_at", "-pk")
        return queryset.order_by("next_start", "pk")


def training_changed():
    """Called by the services whenever what the training list shows changes."""
    TrainingFilter.facet_cache.changed()


def search_training(filterset, base_queryset, limit):
    return facet_page(filterset, base_queryset, limit, filterset.archive)


def facet_options(filterset, counts, now_month):
    """The facets as the template shows them: (name, label, [(value, label, count, selected)]).
    ``now_month`` ("2027-03"): the list to come shows no month before it."""
    data = filterset.data
    fields = filterset.form.fields

    def options(name, choices):
        return options_of(data, counts, name, choices)

    vocabularies = labels()
    regions = region_choices(data, counts, vocabularies["regions"])
    filterset.form.is_valid()
    chosen_month = filterset.form.cleaned_data.get("month")  # absent when not a month
    months = set(counts["month"])
    if chosen_month:
        months.add(chosen_month)
    if not filterset.archive:
        months = {m for m in months if m >= now_month}
    month_choices = [
        (m, date_format(date(int(m[:4]), int(m[5:7]), 1), "YEAR_MONTH_FORMAT"))
        for m in sorted(months, reverse=filterset.archive)
    ]
    return [
        ("kind", fields["kind"].label, options("kind", OfferKind.choices)),
        ("format", fields["format"].label, options("format", OfferFormat.choices)),
        ("language", fields["language"].label, options("language", Language.choices)),
        ("country", fields["country"].label, options("country", Country.choices)),
        ("region", fields["region"].label, options("region", regions)),
        (
            "theme",
            fields["theme"].label,
            options("theme", [(slug, name, pk) for pk, slug, name in vocabularies["themes"]]),
        ),
        ("audience", fields["audience"].label, options("audience", Audience.choices)),
        ("month", fields["month"].label, options("month", month_choices)),
        ("seats", fields["seats"].label, options("seats", SEATS)),
    ]
