"""The ecosystem map: a choropleth of the four countries with its data table beside it."""

from urllib.parse import urlencode

from django import forms
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ncc_portal.maps import COUNTRIES, choropleth
from ncc_portal.models import Country, Region, Theme

from ..casestudies.filters import CaseStudyFilter
from . import queries as map_queries

DEFAULTS = {"level": 2, "metric": "initiatives", "theme": ""}
LEVEL_CHOICES = [
    (1, gettext_lazy("NUTS 1: states and large regions")),
    (2, gettext_lazy("NUTS 2: regions")),
    (3, gettext_lazy("NUTS 3: districts and small regions")),
]
METRIC_CHOICES = [
    ("initiatives", gettext_lazy("Published initiatives")),
    ("case_studies", gettext_lazy("Published case studies")),
    ("actors", gettext_lazy("Actors named in case studies")),
]
LEGEND_TITLES = {
    "initiatives": gettext_lazy("Initiatives"),
    "case_studies": gettext_lazy("Case studies"),
    "actors": gettext_lazy("Actors"),
}


class MapForm(forms.Form):
    level = forms.TypedChoiceField(
        label=gettext_lazy("Level of detail"),
        choices=LEVEL_CHOICES,
        coerce=int,
        required=False,
        widget=forms.RadioSelect,
    )
    metric = forms.ChoiceField(
        label=gettext_lazy("Colour the regions by"),
        choices=METRIC_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    theme = forms.ChoiceField(label=gettext_lazy("Theme"), required=False)

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("All themes"))] + [
            (theme.slug, theme.name) for theme in themes
        ]


def _choices(request, themes):
    """The map's settings from the query string; an invalid one falls back to its default and
    is reported as (field label, messages)."""
    form = MapForm(request.GET, themes=themes)
    form.is_valid()
    chosen = dict(DEFAULTS)
    for name in DEFAULTS:
        if name not in form.errors and form.cleaned_data.get(name):
            chosen[name] = form.cleaned_data[name]
    problems = [(form.fields[name].label, errors) for name, errors in form.errors.items()]
    return chosen, problems


def _url_or_empty(name):
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def _region_link_base(metric):
    """Where a region links to: the registry, or for the case-study figures the case-study
    list, once that list can be filtered by region."""
    if metric != "initiatives" and "region" in CaseStudyFilter.base_filters:
        return reverse("ecosystem:casestudy-list")
    return reverse("initiatives:initiative-list")


def _with_query(base, **params):
    query = urlencode({key: value for key, value in params.items() if value})
    return f"{base}?{query}" if query else base


def ecosystem_map(request):
    # Queries: themes, the counts, the regions of the level.
    themes = list(Theme.objects.by_name())
    chosen, problems = _choices(request, themes)
    level, metric, theme = chosen["level"], chosen["metric"], chosen["theme"]
    counts = map_queries.counts_per_region(metric=metric, level=level, theme=theme or None)
    regions = Region.objects.filter(level=level, country__in=COUNTRIES).values_list(
        "code", "name", "country"
    )
    link_base = _region_link_base(metric)
    links, rows = {}, []
    library = _url_or_empty("library:resource-list")
    for code, name, country in regions:
        links[code] = _with_query(link_base, region=code, theme=theme)
        if counts.get(code):
            rows.append(
                {
                    "code": code,
                    "name": name,
                    "count": counts[code],
                    "link": links[code],
                    "library_link": _with_query(library, country=country) if library else "",
                    "country_label": Country(country).label,
                }
            )
    rows.sort(key=lambda row: (-row["count"], row["name"]))

    metric_label = dict(METRIC_CHOICES)[metric]
    title = _("%(metric)s per NUTS %(level)d region") % {"metric": metric_label, "level": level}
    if theme:
        theme_name = next(t.name for t in themes if t.slug == theme)
        title = _("%(title)s: %(theme)s") % {"title": title, "theme": theme_name}
    return render(
        request,
        "ecosystem/map.html",
        {
            "form": MapForm(initial=chosen, themes=themes),
            "problems": problems,
            "level": level,
            "metric": metric,
            "theme": theme,
            "title": title,
            "map_svg": choropleth(
                {code: n for code, n in counts.items() if len(code) == level + 2},
                level=level,
                title=title,
                countries=COUNTRIES,
                links=links,
                legend_title=str(LEGEND_TITLES[metric]),
            ),
            "rows": rows,
            "regions_without": len(links) - len(rows),
            "region_link_is_registry": link_base == reverse("initiatives:initiative-list"),
        },
    )
