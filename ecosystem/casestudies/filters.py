"""The case studies' list: search, country and theme."""

import django_filters
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ncc_portal.models import Country, Theme

from ..models import CaseStudy
from . import search


class CaseStudyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=Country.choices, empty_label=_("All countries")
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        empty_label=_("All themes"),
    )

    class Meta:
        model = CaseStudy
        fields = ["q", "country", "theme"]

    def filter_search(self, queryset, name, value):
        return search.search(queryset, value, get_language())
