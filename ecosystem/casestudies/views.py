"""Ecosystem case studies: the list, a case study, the comparison, writing and publishing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ncc_portal import fallback, fulltext
from ncc_portal.maps import region_map
from ncc_portal.reports import services as report_services
from ncc_portal.views.reports import public_pdf

from ..models import CaseStudy, CaseStudyActor, Helix, PublicationStatus
from . import search as casestudies_search
from . import services, structured_data
from .filters import CaseStudyFilter
from .forms import (
    CaseStudyForm,
    CompareForm,
    actor_formset,
    actors_from_formset,
)

PAGE_SIZE = 20


def _drafts_for(user):
    """Case studies that are not public and that ``user`` may work on."""
    if not user.has_perm("ecosystem.add_casestudy"):
        return []
    drafts = CaseStudy.objects.exclude(status=PublicationStatus.PUBLISHED).only(
        "slug", "status", "country", *[f"title_{code}" for code in services.LANGUAGE_CODES]
    )
    if user.is_administrator:
        return drafts.order_by("-updated_at")
    mine = Q(created_by=user)
    if user.is_coordinator and user.centre is not None:
        mine |= Q(country=user.centre.country)
    return drafts.filter(mine).order_by("-updated_at")


def casestudy_list(request):
    base = CaseStudy.objects.published()
    filterset = CaseStudyFilter(request.GET, queryset=base)
    searched = filterset.form.is_valid() and filterset.form.cleaned_data.get("q")
    # Best matches first when searching (the search annotates its rank), else the newest.
    order = ["-rank", "-published_on", "pk"] if searched else ["-published_on", "pk"]
    page = Paginator(filterset.qs.with_list_facts().order_by(*order), PAGE_SIZE)
    page = page.get_page(request.GET.get("page"))
    services.mark_languages(page.object_list)
    search = fulltext.search_summary(
        request.GET,
        page.paginator.count,
        casestudies_search.index,
        count=lambda text: CaseStudyFilter({"q": text}, queryset=base).qs.count(),
        page_ids=[case_study.pk for case_study in page.object_list],
    )
    for case_study in page.object_list:
        case_study.snippet = search.snippets.get(case_study.pk)
    query = request.GET.copy()
    query.pop("page", None)
    template = "ecosystem/casestudy_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#casestudies"
    return render(
        request,
        template,
        {
            "filter": filterset,
            "page": page,
            "search": search,
            "query": query.urlencode(),
            "drafts": _drafts_for(request.user),
            "can_add": request.user.has_perm("ecosystem.add_casestudy"),
        },
    )


def casestudy_detail(request, slug):
    case_study = get_object_or_404(services.detail_queryset(), slug=slug)
    if not request.user.has_perm("ecosystem.view_casestudy", case_study):
        # Do not reveal that an unpublished case study exists.
        raise Http404
    regions = list(case_study.regions.all())
    services.mark_languages([case_study])
    can_edit = services.may_edit(request.user, case_study)
    can_publish = request.user.has_perm("ecosystem.publish_casestudy", case_study)
    context = {
        "case_study": case_study,
        "sections": services.sections_of(case_study),
        "actors": services.actors_by_helix(case_study),
        "map_svg": region_map(
            [r.code for r in regions],
            title=_("Regions of %(title)s") % {"title": case_study.title},
            level=services.map_level(case_study),
        )
        if regions
        else "",
        "citation": services.citation(
            case_study, request.build_absolute_uri(case_study.get_absolute_url())
        ),
        "can_edit": can_edit,
        "can_publish": can_publish,
        "events": None,
        "structured_data": structured_data.case_study_page(case_study)
        if case_study.is_published
        else None,
    }
    if request.user.has_perm("ecosystem.change_casestudy", case_study) or can_publish:
        events = list(case_study.events.select_related("actor")[:50])
        labels = dict(services.CaseStudyAction.choices)
        for event in events:
            event.label = labels.get(event.action, event.action)
        context["events"] = events
        context["publication_requested"] = (
            case_study.status == PublicationStatus.DRAFT
            and bool(events)
            and events[0].action == services.CaseStudyAction.PUBLICATION_REQUESTED
        )
    return render(request, "ecosystem/casestudy_detail.html", context)


def casestudy_compare(request):
    published = CaseStudy.objects.published().with_list_facts().order_by("country", "pk")
    choices = [(c.slug, f"{c.title} ({c.get_country_display()})") for c in published]
    form = CompareForm(request.GET if "case" in request.GET else None, choices=choices)
    compared = []
    rows = []
    if form.is_valid():
        by_slug = {c.slug: c for c in published}
        compared = services.mark_languages([by_slug[slug] for slug in form.cleaned_data["case"]])
        actors = {}
        for actor in CaseStudyActor.objects.filter(case_study__in=compared).select_related(
            "organisation"
        ):
            actors.setdefault(actor.case_study_id, []).append(actor)
        for case_study in compared:
            case_study.compared_actors = [
                (label, [a for a in actors.get(case_study.pk, []) if a.helix == value])
                for value, label in Helix.choices
            ]
        rows = [
            (
                key,
                heading,
                [(c, getattr(c, key), fallback.shown_language(c, key)) for c in compared],
            )
            for key, heading in services.section_headings()
        ]
    return render(
        request,
        "ecosystem/casestudy_compare.html",
        {"form": form, "compared": compared, "rows": rows},
    )


def _forms(request, *, case_study=None):
    data = request.POST if request.method == "POST" else None
    form = CaseStudyForm(data, user=request.user)
    formset = actor_formset(data, case_study=case_study)
    return form, formset


def _data_if_valid(form, formset):
    if form.is_valid() and formset.is_valid():
        return form.to_data(actors_from_formset(formset))
    return None


@login_required
@require_http_methods(["GET", "POST"])
def casestudy_create(request):
    if not request.user.has_perm("ecosystem.add_casestudy"):
        raise PermissionDenied
    form, formset = _forms(request)
    if not form.is_bound:
        form.initial.update(original_language=request.LANGUAGE_CODE)
        if request.user.centre is not None:
            form.initial.update(country=request.user.centre.country)
    data = _data_if_valid(form, formset) if request.method == "POST" else None
    if data is not None:
        case_study = services.create_case_study(author=request.user, data=data)
        messages.success(
            request,
            _("Your draft has been saved. Ask for publication when it is complete."),
        )
        return redirect(case_study)
    return render(request, "ecosystem/casestudy_form.html", {"form": form, "formset": formset})


@login_required
@require_http_methods(["GET", "POST"])
def casestudy_edit(request, slug):
    case_study = get_object_or_404(
        CaseStudy.objects.prefetch_related("regions", "themes", "initiatives"), slug=slug
    )
    if not request.user.has_perm("ecosystem.view_casestudy", case_study):
        raise Http404
    if not services.may_edit(request.user, case_study):
        raise PermissionDenied
    form, formset = _forms(request, case_study=case_study)
    if not form.is_bound:
        form.initial.update(CaseStudyForm.initial_from(case_study))
    data = _data_if_valid(form, formset) if request.method == "POST" else None
    if data is not None:
        try:
            services.update_case_study(case_study=case_study, editor=request.user, data=data)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Your changes have been saved."))
        return redirect(case_study)
    return render(
        request,
        "ecosystem/casestudy_form.html",
        {"form": form, "formset": formset, "case_study": case_study},
    )


def _checked(request, slug, permission):
    case_study = get_object_or_404(CaseStudy, slug=slug)
    if not request.user.has_perm("ecosystem.view_casestudy", case_study):
        raise Http404
    if not request.user.has_perm(permission, case_study):
        raise PermissionDenied
    return case_study


def _run(request, case_study, action, success_message):
    try:
        action(
            case_study=case_study,
            actor=request.user,
            comment=request.POST.get("comment", "").strip()[:2000],
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, success_message)
    return redirect(case_study)


@login_required
@require_POST
def casestudy_request_publication(request, slug):
    case_study = _checked(request, slug, "ecosystem.change_casestudy")
    return _run(
        request,
        case_study,
        services.request_publication,
        _("The national centre has been asked to publish the case study."),
    )


@login_required
@require_POST
def casestudy_publish(request, slug):
    case_study = _checked(request, slug, "ecosystem.publish_casestudy")
    return _run(request, case_study, services.publish_case_study, _("Published."))


@login_required
@require_POST
def casestudy_archive(request, slug):
    case_study = _checked(request, slug, "ecosystem.publish_casestudy")
    return _run(
        request,
        case_study,
        services.archive_case_study,
        _("The case study has been archived and is no longer public."),
    )


@login_required
@require_POST
def casestudy_unpublish(request, slug):
    case_study = _checked(request, slug, "ecosystem.publish_casestudy")
    return _run(
        request,
        case_study,
        services.unpublish_case_study,
        _("The case study is a draft again and no longer public."),
    )


def case_study_pdf(request, slug):
    """Anyone: a published case study as a PDF in the current language."""
    case_study = get_object_or_404(CaseStudy.objects.published(), slug=slug)
    return public_pdf(
        request,
        case_study,
        lambda **kwargs: report_services.case_study_report(case_study=case_study, **kwargs),
    )
