"""The partner profiles' pages: the list (faceted), a profile, its form, the members' actions,
and the coordinators' review queue. Thin: the services decide."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ncc_portal import fulltext
from ncc_portal.choices import Country, Language

from ..filters import PartnerFilter, facet_options, listed_profiles, search_partners
from ..models import PartnerProfile, ProfileStatus
from ..search import index
from . import services
from .forms import DecisionForm, PartnerProfileForm

PAGE_SIZE = 20
# A search gives the ids of its first pages at once (100 pages); deeper ones ask again.
FIRST_IDS = 2000


def profile_list(request):
    base = listed_profiles()
    filterset = PartnerFilter(request.GET, queryset=base)
    matches, counts = search_partners(filterset, base, limit=FIRST_IDS)
    page = Paginator(matches, PAGE_SIZE).get_page(request.GET.get("page"))
    profiles = (
        PartnerProfile.objects.without_search_vectors()
        .select_related("organisation")
        .prefetch_related("items")
    )
    by_pk = profiles.in_bulk(list(page.object_list))
    page.object_list = [by_pk[pk] for pk in page.object_list if pk in by_pk]
    search = fulltext.search_summary(
        request.GET,
        page.paginator.count,
        index,
        count=lambda text: PartnerFilter({"q": text}, queryset=base).qs.count(),
        page_ids=[profile.pk for profile in page.object_list],
    )
    for profile in page.object_list:
        profile.snippet = search.snippets.get(profile.pk)
    query = request.GET.copy()
    query.pop("page", None)
    template = "partnerships/profiles/profile_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#partners"
    return render(
        request,
        template,
        {
            "filter": filterset,
            "facets": facet_options(filterset, counts),
            "page": page,
            "search": search,
            "query": query.urlencode(),
        },
    )


def _visible(request, slug):
    profile = get_object_or_404(
        PartnerProfile.objects.without_search_vectors().select_related("organisation"),
        slug=slug,
    )
    if not request.user.has_perm("partnerships.view_profile", profile):
        raise Http404  # a profile not listed does not reveal that it exists
    return profile


def profile_detail(request, slug):
    profile = _visible(request, slug)
    user = request.user
    is_member = services.is_member(user, profile.organisation)
    can_change = user.has_perm("partnerships.change_profile", profile)
    items = list(profile.items.all())
    return render(
        request,
        "partnerships/profiles/profile_detail.html",
        {
            "profile": profile,
            "offers": [item for item in items if item.direction == "offers"],
            "seeks": [item for item in items if item.direction == "seeks"],
            "countries": [Country(code).label for code in profile.countries if code in Country],
            "languages": [Language(code).label for code in profile.languages if code in Language],
            "themes": profile.themes.all(),
            "regions": profile.regions.order_by("code"),
            "is_member": is_member,
            "can_change": can_change,
            "can_publish": user.has_perm("partnerships.publish_profile", profile),
            "expired": profile.is_published and profile.is_expired(),
            "expiring_soon": profile.is_published
            and not profile.is_expired()
            and profile.valid_until is not None
            and profile.valid_until
            <= timezone.localdate() + timedelta(days=services.REMINDER_DAYS),
            "history": profile.events.select_related("actor") if can_change else None,
            "decision_form": DecisionForm(),
            "ProfileStatus": ProfileStatus,
        },
    )


def _save(request, form, profile):
    """Hand a valid form to the services; their errors come back onto the form."""
    themes = form.cleaned_data.get("themes") or []
    regions = form.cleaned_data.get("regions") or []
    try:
        if profile is None:
            return services.create_profile(
                user=request.user,
                organisation=form.cleaned_data["organisation"],
                data=form.values(),
                items=form.items(),
                themes=themes,
                regions=regions,
            )
        return services.update_profile(
            profile=profile,
            editor=request.user,
            data=form.values(),
            items=form.items(),
            themes=themes,
            regions=regions,
        )
    except ValidationError as error:
        form.add_service_errors(error)
        return None


@login_required
def profile_create(request):
    if not request.user.has_perm("partnerships.add_profile"):
        raise PermissionDenied
    form = PartnerProfileForm(request.POST or None, user=request.user)
    if request.method == "GET":
        form.initial.setdefault("original_language", request.LANGUAGE_CODE)
    if request.method == "POST" and form.is_valid():
        profile = _save(request, form, None)
        if profile is not None:
            messages.success(request, _("The profile is saved as a draft. Submit it for review."))
            return redirect(profile)
    return render(request, "partnerships/profiles/profile_form.html", {"form": form})


@login_required
def profile_edit(request, slug):
    profile = _visible(request, slug)
    if not request.user.has_perm("partnerships.change_profile", profile):
        raise PermissionDenied
    form = PartnerProfileForm(request.POST or None, user=request.user, profile=profile)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, profile)
        if saved is not None:
            if profile.status == ProfileStatus.PUBLISHED and saved.status != profile.status:
                messages.info(
                    request,
                    _(
                        "Your changes went to the national centre for review; until it publishes "
                        "them the profile is not listed."
                    ),
                )
            else:
                messages.success(request, _("The profile is saved."))
            return redirect(saved)
    return render(
        request, "partnerships/profiles/profile_form.html", {"form": form, "profile": profile}
    )


ACTIONS = {"submit": services.submit, "withdraw": services.withdraw, "renew": services.renew}
DONE = {
    "submit": gettext_lazy("The profile was submitted to the national centre for review."),
    "withdraw": gettext_lazy("The profile was withdrawn."),
    "renew": gettext_lazy("The profile was renewed for a year."),
}


@require_POST
@login_required
def profile_action(request, slug, action):
    profile = _visible(request, slug)
    if action not in ACTIONS:
        raise Http404
    if not services.is_member(request.user, profile.organisation):
        raise PermissionDenied
    try:
        ACTIONS[action](profile=profile, actor=request.user)
        messages.success(request, str(DONE[action]))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(profile)


@login_required
def profile_review(request):
    user = request.user
    if not user.has_perm("partnerships.review_profiles"):
        raise PermissionDenied
    queue = PartnerProfile.objects.without_search_vectors().filter(status=ProfileStatus.SUBMITTED)
    if not (user.role == "administrator" or user.is_superuser):
        country = user.centre.country if user.centre_id else None
        queue = queue.for_country(country)
    queue = queue.select_related("organisation").order_by("submitted_at", "pk")
    return render(request, "partnerships/profiles/profile_review.html", {"queue": queue})


@require_POST
@login_required
def profile_decide(request, slug):
    profile = _visible(request, slug)
    if not request.user.has_perm("partnerships.publish_profile", profile):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    form.is_valid()
    note = form.cleaned_data.get("note", "")
    try:
        if request.POST.get("decision") == "publish":
            services.publish(profile=profile, actor=request.user, note=note)
            messages.success(request, _("The profile is published."))
        else:
            services.request_changes(profile=profile, actor=request.user, note=note)
            messages.success(request, _("The organisation was asked for changes."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(profile)
