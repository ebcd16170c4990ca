import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Country, Organisation, OrganisationKind


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"))
    country = django_filters.ChoiceFilter(
        choices=Country.choices, label=_("Country"), empty_label=_("All countries")
    )
    kind = django_filters.ChoiceFilter(
        choices=OrganisationKind.choices, label=_("Kind"), empty_label=_("All kinds")
    )

    class Meta:
        model = Organisation
        fields = ["q", "country", "kind"]
