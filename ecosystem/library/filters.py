"""The library's faceted search: one FilterSet serves the list, the CSV export and the saved
searches' digests (``ResourceFilter(data, queryset=Resource.objects.published())``)."""

import django_filters
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ncc_portal import fulltext
from ncc_portal.facets import TokenFacets, facet_page, options_of
from ncc_portal.models import Country, Language, Theme
from ncc_portal.vocabularies import labels

from ..models import AccessLevel, Audience, Resource, ResourceType
from .search import TRANSNATIONAL, facet_cache, search_resources
from .search import index as search_index

SORTS = [
    ("relevance", _("Relevance")),
    ("newest", _("Newest")),
    ("title", _("Title")),
]


class ResourceFilter(TokenFacets, django_filters.FilterSet):
    # The facets filter by the resources' facet tokens (ecosystem.library.search.facet_tokens)
    # and are counted from them (ncc_portal.facets).
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    type = django_filters.ChoiceFilter(
        label=_("Type"),
        choices=ResourceType.choices,
        empty_label=_("All types"),
        method="filter_facet",
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        to_field_name="slug",
        queryset=Theme.objects.all(),
        empty_label=_("All themes"),
        method="filter_facet",
    )
    audience = django_filters.ModelChoiceFilter(
        label=_("Audience"),
        to_field_name="slug",
        queryset=Audience.objects.all(),
        empty_label=_("All audiences"),
        method="filter_facet",
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        choices=[*Country.choices, (TRANSNATIONAL, _("Transnational"))],
        empty_label=_("All countries"),
        method="filter_facet",
    )
    file_language = django_filters.ChoiceFilter(
        label=_("Language of the file"),
        choices=Language.choices,
        empty_label=_("All languages"),
        method="filter_facet",
    )
    year = django_filters.NumberFilter(label=_("Year"), method="filter_facet")
    access_level = django_filters.ChoiceFilter(
        label=_("Who may open it"),
        choices=AccessLevel.choices,
        empty_label=_("Anyone"),
        method="filter_facet",
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORTS, method="filter_sort", empty_label=None
    )

    FACETS = ["type", "theme", "audience", "country", "file_language", "year", "access_level"]
    facet_cache = facet_cache
    search_index = search_index

    class Meta:
        model = Resource
        fields = []

    def facet_token(self, facet, value):
        """Themes and audiences are chosen by slug and carry their primary key in the tokens; a
        year is a whole number (``2024.5`` matches nothing)."""
        if facet in {"theme", "audience"} and value is not None:
            value = value.pk
        elif facet == "year" and value is not None:
            value = int(value) if value == int(value) else f"{value}-none"
        return super().facet_token(facet, value)

    def filter_search(self, queryset, name, value):
        return self.searched(queryset, value)

    def searched(self, queryset, text):
        return search_resources(queryset, text, get_language())

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
            return queryset.order_by(fulltext.shown_text("title", get_language()).asc(), "pk")
        if sort in ("", "relevance") and query:
            return queryset.order_by("-rank", "-year", "-published_at", "-pk")
        return queryset.order_by("-year", "-published_at", "-pk")


def search_library(filterset, base_queryset, limit):
    """The ids of the resources the list shows and the facet counts (``facet_page``)."""
    return facet_page(filterset, base_queryset, limit)


def facet_options(filterset, counts, audiences):
    """The facets as the template shows them: (name, label, [(value, label, count, selected)]).
    ``audiences``: [(pk, slug, name)] (``cards.audience_vocabulary``)."""
    data = filterset.data
    fields = filterset.form.fields

    def options(name, choices):
        return options_of(data, counts, name, choices)

    years = {int(y) for y in counts.get("year", {}) if y.isdigit()}
    if str(data.get("year") or "").isdigit():
        years.add(int(data["year"]))
    return [
        ("type", fields["type"].label, options("type", ResourceType.choices)),
        (
            "theme",
            fields["theme"].label,
            options("theme", [(slug, name, pk) for pk, slug, name in labels()["themes"]]),
        ),
        (
            "audience",
            fields["audience"].label,
            options("audience", [(slug, name, pk) for pk, slug, name in audiences]),
        ),
        ("country", fields["country"].label, options("country", fields["country"].choices[1:])),
        (
            "file_language",
            fields["file_language"].label,
            options("file_language", Language.choices),
        ),
        (
            "year",
            fields["year"].label,
            options("year", [(y, y) for y in sorted(years, reverse=True)]),
        ),
        (
            "access_level",
            fields["access_level"].label,
            options("access_level", AccessLevel.choices),
        ),
    ]
