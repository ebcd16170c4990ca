"""The national strategy tracker: an overview of the four countries, a country's milestones, and
the coordinators' forms to keep them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ncc_portal.models import Country

from ..models import SEARCH_LANGUAGES, MilestoneStatus, Resource, StrategyMilestone
from . import services
from .forms import MilestoneForm

NATIONAL_LANGUAGES = {"DE": "de", "EE": "et", "LU": "fr", "NL": "nl"}


def _country(code):
    code = code.upper()
    if code not in Country.values:
        raise Http404
    return code


def may_edit_strategy(user, country):
    """Administrators, and the coordinators of ``country``, keep its tracker."""
    return user.has_perm("ecosystem.change_strategy", StrategyMilestone(country=country))


def _document_links(milestone):
    """(resource, URL or "") for the milestone's prefetched published documents."""
    links = []
    for document in milestone.published_documents:
        try:
            url = document.get_absolute_url()
        except NoReverseMatch:
            url = ""
        links.append((document, url))
    return links


def strategy_overview(request):
    # Queries: the counts per country and status, the milestones not done yet.
    counts = {
        (row["country"], row["status"]): row["n"]
        for row in StrategyMilestone.objects.order_by()
        .values("country", "status")
        .annotate(n=Count("pk"))
    }
    upcoming = {}
    for milestone in StrategyMilestone.objects.exclude(status=MilestoneStatus.DONE):
        upcoming.setdefault(milestone.country, milestone)
    countries = [
        {
            "code": code,
            "name": name,
            "done": counts.get((code, MilestoneStatus.DONE), 0),
            "in_progress": counts.get((code, MilestoneStatus.IN_PROGRESS), 0),
            "planned": counts.get((code, MilestoneStatus.PLANNED), 0),
            "next": upcoming.get(code),
        }
        for code, name in Country.choices
    ]
    return render(request, "ecosystem/strategy_overview.html", {"countries": countries})


def strategy_country(request, country):
    # Queries: the milestones, their published documents.
    country = _country(country)
    milestones = list(
        StrategyMilestone.objects.filter(country=country).prefetch_related(
            Prefetch(
                "documents",
                queryset=Resource.objects.published()
                .defer(*[f"search_{code}" for code in SEARCH_LANGUAGES])
                .order_by("-year", "title"),
                to_attr="published_documents",
            )
        )
    )
    for milestone in milestones:
        milestone.document_links = _document_links(milestone)
    return render(
        request,
        "ecosystem/strategy_country.html",
        {
            "country": country,
            "country_name": Country(country).label,
            "milestones": milestones,
            "can_edit": may_edit_strategy(request.user, country),
        },
    )


def _editable(request, country, pk=None):
    country = _country(country)
    if not may_edit_strategy(request.user, country):
        raise PermissionDenied
    milestone = get_object_or_404(StrategyMilestone, pk=pk, country=country) if pk else None
    return country, milestone


@login_required
@require_http_methods(["GET", "POST"])
def milestone_create(request, country):
    country, _none = _editable(request, country)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.create_milestone(country=country, actor=request.user, data=form.cleaned_data)
        messages.success(request, _("The milestone has been added."))
        return redirect("strategy:country", country=country.lower())
    return render(
        request,
        "ecosystem/strategy_form.html",
        {
            "form": form,
            "country": country,
            "country_name": Country(country).label,
            "national_language": NATIONAL_LANGUAGES[country],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request, country, pk):
    country, milestone = _editable(request, country, pk)
    form = MilestoneForm(request.POST or None, milestone=milestone)
    if request.method == "POST" and form.is_valid():
        services.update_milestone(milestone=milestone, actor=request.user, data=form.cleaned_data)
        messages.success(request, _("Your changes have been saved."))
        return redirect("strategy:country", country=country.lower())
    return render(
        request,
        "ecosystem/strategy_form.html",
        {
            "form": form,
            "country": country,
            "country_name": Country(country).label,
            "national_language": NATIONAL_LANGUAGES[country],
            "milestone": milestone,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_delete(request, country, pk):
    country, milestone = _editable(request, country, pk)
    if request.method == "POST":
        services.delete_milestone(milestone=milestone, actor=request.user)
        messages.success(request, _("The milestone has been removed."))
        return redirect("strategy:country", country=country.lower())
    return render(
        request,
        "ecosystem/strategy_confirm_delete.html",
        {
            "milestone": milestone,
            "country": country,
            "country_name": Country(country).label,
            "back": reverse("strategy:country", kwargs={"country": country.lower()}),
        },
    )
