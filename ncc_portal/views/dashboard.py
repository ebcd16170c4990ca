"""The coordinators' dashboard: the panels the apps register (``parts.dashboard_panels``), for one
country or the whole alliance and a period, each chart with its data and a CSV download."""

import csv

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy

from .. import parts
from ..models import Country
from ..spreadsheets import safe_row


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
    scope = parts.DashboardScope(
        request=request, country=country, since=data.get("since"), until=data.get("until")
    )
    download = request.GET.get("download")
    if download:
        return _download(scope, download)
    query = request.GET.urlencode()
    # Each panel renders its own template (and its context stays visible to tests).
    panels = [
        render_to_string(panel.template, {**panel.context(scope), "query": query})
        for panel in parts.dashboard_panels
    ]
    return render(
        request,
        "ncc_portal/dashboard.html",
        {
            "form": form,
            "country": country,
            "country_label": Country(country).label if country else "",
            "panels": panels,
            "query": query,
        },
    )


def _download(scope, key):
    for panel in parts.dashboard_panels:
        download = panel.downloads(scope, key) if panel.downloads else None
        if download is not None:
            return csv_response(download)
    return HttpResponse(status=404)


def csv_response(download):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(safe_row(download.header))
    writer.writerows(safe_row(row) for row in download.rows)
    return response
