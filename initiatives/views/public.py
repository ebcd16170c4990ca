"""What everyone sees: the registry list with its facets, exports, the feed, the detail page."""

import csv
import json
from dataclasses import replace

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ncc_portal import fulltext
from ncc_portal.maps import region_map
from ncc_portal.reports import services as report_services
from ncc_portal.siteaddress import site_url
from ncc_portal.spreadsheets import safe_row
from ncc_portal.views.reports import public_pdf

from .. import services, structured_data
from ..cards import cards
from ..filters import InitiativeFilter, facet_options, search_registry
from ..models import Initiative
from ..partners import contribution_labels
from ..search import index
from ..snapshots import changed_fields, snapshot_of

PAGE_SIZE = 20
# A search gives the ids of its first pages at once (100 pages); deeper ones ask again.
FIRST_IDS = 2000


def _filtered(request):
    base = Initiative.objects.listed()
    filterset = InitiativeFilter(request.GET, queryset=base)
    return filterset, base


def initiative_list(request):
    filterset, base = _filtered(request)
    # How many match comes from the facet index; a search's first ids from the same statement.
    matches, counts = search_registry(filterset, base, limit=FIRST_IDS)
    page = Paginator(matches, PAGE_SIZE).get_page(request.GET.get("page"))
    page_ids = list(page.object_list)
    search = fulltext.search_summary(
        request.GET,
        page.paginator.count,
        index,
        count=lambda text: InitiativeFilter({"q": text}, queryset=base).qs.count(),
        page_ids=page_ids,
    )
    page.object_list = [
        replace(card, snippet=search.snippets.get(card.pk)) for card in cards(page_ids)
    ]
    query = request.GET.copy()
    query.pop("page", None)
    template = "initiatives/initiative_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#registry"
    return render(
        request,
        template,
        {
            "filter": filterset,
            "facets": facet_options(filterset, counts),
            "page": page,
            "search": search,
            "query": query.urlencode(),
            "export_query": query.urlencode(),
        },
    )


def public_record(initiative):
    """The public facts of an initiative, for the exports (no unconsented contact details)."""
    return {
        "title": initiative.title,
        "summary": initiative.summary,
        "url": initiative.public_url
        if initiative.is_harvested
        else site_url() + initiative.get_absolute_url(),
        "organisation": initiative.organisation_name,
        "country": initiative.country,
        "regions": [r.code for r in initiative.regions.all()],
        "themes": [t.slug for t in initiative.themes.all()],
        "sdgs": [g.number for g in initiative.sdgs.all()],
        "target_groups": [g.slug for g in initiative.target_groups.all()],
        "stage": initiative.stage,
        "start_year": initiative.start_year,
        "funding": [f.kind for f in initiative.funding.all()],
        "open_for_replication": initiative.open_for_replication,
        "seeking_partners": initiative.seeking_partners,
        "partner_needs": list(initiative.partner_needs),
        "partner_offers": list(initiative.partner_offers),
        "website": initiative.website,
        "published_at": initiative.published_at.isoformat() if initiative.published_at else None,
    }


def _export_rows(request):
    filterset, _base = _filtered(request)
    return (
        filterset.qs.without_search_vectors()
        .select_related("organisation", "peer_record")
        .prefetch_related("regions", "themes", "sdgs", "target_groups", "funding")
    )


class _Echo:
    def write(self, value):
        return value


def export_csv(request):
    columns = [
        "title",
        "summary",
        "url",
        "organisation",
        "country",
        "regions",
        "themes",
        "sdgs",
        "target_groups",
        "stage",
        "start_year",
        "funding",
        "open_for_replication",
        "seeking_partners",
        "partner_needs",
        "partner_offers",
        "website",
        "published_at",
    ]
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff" + writer.writerow(columns)
        for initiative in _export_rows(request).iterator(chunk_size=500):
            record = public_record(initiative)
            yield writer.writerow(
                safe_row(
                    ";".join(map(str, v)) if isinstance(v, list) else v
                    for v in (record[c] for c in columns)
                )
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="initiatives.csv"'
    return response


def export_json(request):
    records = [public_record(i) for i in _export_rows(request)]
    response = HttpResponse(
        json.dumps({"count": len(records), "initiatives": records}, ensure_ascii=False, indent=2),
        content_type="application/json",
    )
    response["Content-Disposition"] = 'attachment; filename="initiatives.json"'
    return response


class LatestInitiativesFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Newly published initiatives")
    subtitle = gettext_lazy("Social innovation initiatives published by the national centres.")

    def link(self):
        return reverse("initiatives:initiative-list")

    def items(self):
        return (
            Initiative.objects.published()
            .without_search_vectors()
            .select_related("organisation")
            .order_by("-published_at")[:50]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.organisation.name


def initiative_detail(request, slug):
    initiative = get_object_or_404(Initiative.objects.with_detail_facts(), slug=slug)
    if initiative.organisation_id is None:
        # A peer portal's record: its page is the original (none once the peer withdrew it).
        if initiative.is_harvested:
            return redirect(initiative.public_url)
        raise Http404
    if not request.user.has_perm("initiatives.view_initiative", initiative):
        # Do not reveal that an unpublished initiative exists.
        raise Http404
    context = {
        "initiative": initiative,
        "map_svg": region_map(
            [r.code for r in initiative.regions.all()],
            title=_("Where %(title)s works") % {"title": initiative.title},
        )
        if initiative.regions.all()
        else "",
        "can_edit": request.user.has_perm("initiatives.change_initiative", initiative),
        "can_moderate": request.user.has_perm("initiatives.moderate_initiative", initiative),
        "can_archive": request.user.has_perm("initiatives.archive_initiative", initiative),
        "can_confirm": request.user.has_perm("initiatives.confirm_initiative", initiative),
        "is_owner": request.user.has_perm("initiatives.view_history", initiative)
        and not request.user.has_perm("initiatives.moderate_initiative", initiative),
        "structured_data": structured_data.initiative_page(initiative)
        if initiative.is_published
        else None,
        "seeks": contribution_labels(initiative.partner_needs),
        "offers": contribution_labels(initiative.partner_offers),
    }
    if request.user.has_perm("initiatives.view_history", initiative):
        change = services.open_change(initiative)
        context["pending_change"] = change
        context["changed"] = changed_fields(snapshot_of(initiative), change.data) if change else []
        context["events"] = initiative.events.select_related("actor")[:50]
    return render(request, "initiatives/initiative_detail.html", context)


def initiative_profile_pdf(request, slug):
    """Anyone: the profile PDF of a published initiative in the current language."""
    initiative = get_object_or_404(Initiative.objects.published(), slug=slug)
    return public_pdf(
        request,
        initiative,
        lambda **kwargs: report_services.initiative_profile(initiative=initiative, **kwargs),
    )
