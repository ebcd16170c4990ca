"""The registry's faceted search: one FilterSet serves the HTML list, the exports and the feed."""

import django_filters
from django.db.models.functions import Substr
from django.db.models import Count
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ncc_portal.models import Country, Region, SustainableDevelopmentGoal, TargetGroup, Theme

from . import search
from .models import FundingKind, Initiative, Stage

SORTS = [
    ("relevance", _("Relevance")),
    ("newest", _("Newest")),
    ("name", _("Name")),
]
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class InitiativeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=Country.choices, empty_label=_("All countries")
    )
    region = django_filters.CharFilter(label=_("Region"), method="filter_region")
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        empty_label=_("All themes"),
    )
    sdg = django_filters.ModelChoiceFilter(
        label=_("SDG"),
        field_name="sdgs",
        queryset=SustainableDevelopmentGoal.objects.all(),
        empty_label=_("All goals"),
    )
    stage = django_filters.ChoiceFilter(
        label=_("Stage"), choices=Stage.choices, empty_label=_("All stages")
    )
    target_group = django_filters.ModelChoiceFilter(
        label=_("Target group"),
        field_name="target_groups",
        to_field_name="slug",
        queryset=TargetGroup.objects.all(),
        empty_label=_("All target groups"),
    )
    funding = django_filters.ChoiceFilter(
        label=_("Funding source"),
        field_name="funding__kind",
        choices=FundingKind.choices,
        empty_label=_("All funding sources"),
    )
    replication = django_filters.ChoiceFilter(
        label=_("Open for replication"),
        choices=YES_NO,
        method="filter_flag",
        empty_label=_("Any"),
    )
    partners = django_filters.ChoiceFilter(
        label=_("Seeking partners"), choices=YES_NO, method="filter_flag", empty_label=_("Any")
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORTS, method="filter_sort", empty_label=None
    )

    FLAG_FIELDS = {"replication": "open_for_replication", "partners": "seeking_partners"}
    # The facets whose options the list shows with counts.
    FACETS = ["country", "theme", "sdg", "stage", "target_group", "funding", "replication",
              "partners", "region"]

    class Meta:
        model = Initiative
        fields = []

    def filter_search(self, queryset, name, value):
        return search.search(queryset, value, get_language())

    def filter_region(self, queryset, name, value):
        # NUTS codes nest: DE3 contains DE30, which contains DE300.
        return queryset.filter(regions__code__startswith=value.strip().upper()).distinct()

    def filter_flag(self, queryset, name, value):
        return queryset.filter(**{self.FLAG_FIELDS[name]: value == "yes"})

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in ``qs``, once the search rank exists

    @property
    def qs(self):
        queryset = super().qs
        sort = self.form.cleaned_data.get("sort") if self.form.is_valid() else ""
        query = self.form.cleaned_data.get("q") if self.form.is_valid() else ""
        if sort == "name":
            return queryset.order_by(search.shown_text("title", get_language()).asc(), "pk")
        if (sort in ("", "relevance")) and query and search.is_postgres():
            return queryset.order_by("-rank", "-published_at", "pk")
        return queryset.order_by("-published_at", "-pk")

    @property
    def active_region(self):
        code = (self.data.get("region") or "").strip().upper()
        return Region.objects.filter(code=code).first() if code else None


def _without(data, name):
    data = data.copy()
    data.pop(name, None)
    data.pop("sort", None)
    return data


def facet_counts(filterset, base_queryset):
    """For each facet, how many initiatives each option would give, with the other facets
    applied (the usual faceted-search counts). A fixed number of queries: one per facet."""
    counts = {}
    groupings = {
        "country": "country",
        "theme": "themes__slug",
        "sdg": "sdgs__number",
        "stage": "stage",
        "target_group": "target_groups__slug",
        "funding": "funding__kind",
        "replication": "open_for_replication",
        "partners": "seeking_partners",
    }
    for facet, field in groupings.items():
        others = InitiativeFilter(_without(filterset.data, facet), queryset=base_queryset)
        rows = (
            others.qs.order_by()
            .values(field)
            .annotate(n=Count("pk", distinct=True))
            .values_list(field, "n")
        )
        counts[facet] = {
            ("yes" if key is True else "no" if key is False else str(key)): n
            for key, n in rows
            if key is not None
        }
    # Regions: counts per NUTS-1 and NUTS-2 region, by code prefix.
    others = InitiativeFilter(_without(filterset.data, "region"), queryset=base_queryset)
    region_counts = {}
    for length in (3, 4):
        rows = (
            others.qs.order_by()
            .annotate(prefix=Substr("regions__code", 1, length))
            .values("prefix")
            .annotate(n=Count("pk", distinct=True))
            .values_list("prefix", "n")
        )
        region_counts.update({code: n for code, n in rows if code and len(code) == length})
    counts["region"] = region_counts
    return counts


def facet_options(filterset, counts):
    """The facets as the template shows them: (name, label, [(value, label, count, selected)])."""
    data = filterset.data
    country = data.get("country") or ""

    def options(name, choices):
        selected = str(data.get(name) or "")
        facet_counts = counts.get(name, {})
        return [
            (str(value), label, facet_counts.get(str(value), 0), str(value) == selected)
            for value, label in choices
        ]

    regions = Region.objects.filter(level__in=[1, 2]).order_by("code")
    if country:
        regions = regions.filter(country=country)
    region_choices = [
        (r.code, f"{'– ' if r.level == 2 else ''}{r.name}")
        for r in regions
        if counts["region"].get(r.code) or r.code == data.get("region")
    ]
    fields = filterset.form.fields
    return [
        ("country", fields["country"].label, options("country", Country.choices)),
        ("region", fields["region"].label, options("region", region_choices)),
        ("theme", fields["theme"].label,
         options("theme", [(t.slug, t.name) for t in Theme.objects.all()])),
        ("sdg", fields["sdg"].label,
         options("sdg", [(g.number, str(g)) for g in SustainableDevelopmentGoal.objects.all()])),
        ("stage", fields["stage"].label, options("stage", Stage.choices)),
        ("target_group", fields["target_group"].label,
         options("target_group", [(g.slug, g.name) for g in TargetGroup.objects.all()])),
        ("funding", fields["funding"].label, options("funding", FundingKind.choices)),
        ("replication", fields["replication"].label, options("replication", YES_NO)),
        ("partners", fields["partners"].label, options("partners", YES_NO)),
    ]
