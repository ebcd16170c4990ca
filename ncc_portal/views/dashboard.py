"""The coordinators' dashboard: the registry in figures, each chart with its data."""

import csv
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from initiatives import statistics

from .. import charts, maps
from ..models import Country


class DashboardFilterForm(forms.Form):
    country = forms.ChoiceField(
        label=gettext_lazy("Country"),
        required=False,
        choices=[("", gettext_lazy("The whole alliance")), *Country.choices],
    )
    since = forms.DateField(
        label=gettext_lazy("Published from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = forms.DateField(
        label=gettext_lazy("Published until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", gettext_lazy("The end date is before the start date."))
        return cleaned


def _registry_link(**params):
    query = urlencode({k: v for k, v in params.items() if v})
    return reverse("initiatives:initiative-list") + (f"?{query}" if query else "")


def _figures(country, since, until):
    queryset = statistics.published(country, since, until)
    base = {"country": country}
    tables = [
        ("themes", _("Initiatives by theme"), "theme", statistics.by_theme(queryset)),
        ("stages", _("Initiatives by stage"), "stage", statistics.by_stage(queryset)),
        (
            "sdgs",
            _("Initiatives by Sustainable Development Goal"),
            "sdg",
            statistics.by_sdg(queryset),
        ),
        (
            "target-groups",
            _("Initiatives by target group"),
            "target_group",
            statistics.by_target_group(queryset),
        ),
        ("funding", _("Initiatives by funding source"), "funding", statistics.by_funding(queryset)),
    ]
    if not country:
        tables.insert(
            0,
            ("countries", _("Initiatives by country"), "country", statistics.by_country(queryset)),
        )
    nuts2 = [row for row in statistics.by_nuts2(queryset) if not country or row[0][:2] == country]
    tables.append(
        (
            "regions",
            _("Initiatives by NUTS-2 region"),
            "region",
            sorted((r for r in nuts2 if r[2]), key=lambda r: (-r[2], r[1])),
        )
    )
    return (
        queryset,
        [
            {
                "key": key,
                "heading": heading,
                "rows": [
                    {"label": label, "count": n, "link": _registry_link(**{**base, facet: value})}
                    for value, label, n in rows
                ],
                "chart": charts.bar_chart([(label, n) for _v, label, n in rows], title=heading),
            }
            for key, heading, facet, rows in tables
        ],
        nuts2,
    )


@login_required
def dashboard(request):
    if not request.user.has_perm("ncc_portal.view_dashboard"):
        raise PermissionDenied
    form = DashboardFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    country = data.get("country") or ""
    if request.user.is_coordinator:
        # A coordinator works for one centre.
        country = request.user.centre.country
    since, until = data.get("since"), data.get("until")
    queryset, tables, nuts2 = _figures(country, since, until)
    monthly = statistics.per_month(country or None)
    download = request.GET.get("download")
    if download:
        return _csv(download, tables, monthly)
    countries = [country] if country else ["DE", "NL", "LU", "EE"]
    return render(
        request,
        "ncc_portal/dashboard.html",
        {
            "form": form,
            "country": country,
            "country_label": Country(country).label if country else "",
            "queue": statistics.moderation_queue(country or None),
            "flags": statistics.flags(queryset),
            "tables": tables,
            "monthly": monthly,
            "monthly_chart": charts.column_chart(
                [(m.strftime("%m/%y"), s) for m, s, _p in monthly],
                title=_("Submissions per month"),
                label_every=3,
            ),
            "published_chart": charts.column_chart(
                [(m.strftime("%m/%y"), p) for m, _s, p in monthly],
                title=_("Publications per month"),
                label_every=3,
            ),
            "choropleth": maps.choropleth(
                {code: n for code, _name, n in nuts2},
                level=2,
                title=_("Published initiatives per NUTS-2 region"),
                countries=countries,
                links={code: _registry_link(region=code) for code, _name, _n in nuts2},
            ),
            "downloads": _most_downloaded(country),
            "query": request.GET.urlencode(),
            "replication_link": _registry_link(country=country, replication="yes"),
            "partners_link": _registry_link(country=country, partners="yes"),
        },
    )


def _most_downloaded(country, limit=10):
    """The library's most downloaded resources (a bare counter: no personal data)."""
    from ecosystem.models import Resource

    resources = Resource.objects.published().filter(download_count__gt=0)
    if country:
        resources = resources.filter(country__in=[country, ""])
    return resources.only(
        "slug",
        "title",
        *[f"title_{c}" for c, _n in settings.LANGUAGES],
        "download_count",
        "country",
    ).order_by("-download_count", "pk")[:limit]


def _csv(key, tables, monthly):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dashboard-{key}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    if key == "monthly":
        writer.writerow([_("Month"), _("Submissions"), _("Publications")])
        for month, submitted, published in monthly:
            writer.writerow([month.strftime("%Y-%m"), submitted, published])
        return response
    table = next((t for t in tables if t["key"] == key), None)
    if table is None:
        return HttpResponse(status=404)
    writer.writerow([table["heading"], _("Initiatives")])
    for row in table["rows"]:
        writer.writerow([row["label"], row["count"]])
    return response
