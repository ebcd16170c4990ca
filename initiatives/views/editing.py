"""Owners: create and edit initiatives, submit them, see their own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import duplicates, services
from ..forms import InitiativeForm, impact_formset, impact_from_formset
from ..models import Initiative, PendingChange, Status


def _forms(request, *, base):
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = InitiativeForm(data, files, user=request.user, base=base)
    formset = impact_formset(data, base=base)
    return form, formset


def _snapshot_if_valid(form, formset):
    if form.is_valid() and formset.is_valid():
        data = form.to_snapshot()
        data["impact"] = impact_from_formset(formset)
        return data
    return None


@login_required
@require_http_methods(["GET", "POST"])
def initiative_create(request):
    if not request.user.memberships.exists():
        messages.info(
            request, _("An initiative belongs to an organisation. Please create yours first.")
        )
        return redirect(
            f"{reverse('organisations:organisation-create')}?{urlencode({'next': request.path})}"
        )
    initial = {"original_language": request.LANGUAGE_CODE}
    form, formset = _forms(request, base=None)
    if not form.is_bound:
        form.initial.update(initial)
        first = request.user.memberships.select_related("organisation").first().organisation
        form.initial.update(organisation=first.pk, country=first.country)
    similar = []
    data = _snapshot_if_valid(form, formset) if request.method == "POST" else None
    if data is not None:
        similar = duplicates.similar_initiatives(data)
        if similar and not request.POST.get("confirm_not_duplicate"):
            messages.warning(
                request,
                _(
                    "Similar initiatives already exist. Check them, then save again if yours is "
                    "a different one."
                ),
            )
        else:
            initiative = services.create_initiative(author=request.user, data=data)
            messages.success(
                request,
                _("Your draft has been saved. Submit it for review when it is complete."),
            )
            return redirect(initiative)
    return render(
        request,
        "initiatives/initiative_form.html",
        {"form": form, "formset": formset, "similar": similar},
    )


@login_required
@require_http_methods(["GET", "POST"])
def initiative_edit(request, slug):
    initiative = get_object_or_404(Initiative.objects.select_related("organisation"), slug=slug)
    if not request.user.has_perm("initiatives.change_initiative", initiative):
        raise PermissionDenied
    base = services.current_snapshot_for_editing(initiative)
    form, formset = _forms(request, base=base)
    data = _snapshot_if_valid(form, formset) if request.method == "POST" else None
    if data is not None:
        try:
            services.update_initiative(initiative=initiative, editor=request.user, data=data)
            if request.POST.get("submit_after_saving"):
                services.submit_initiative(initiative=initiative, actor=request.user)
                messages.success(request, _("Saved and sent to the national centre for review."))
            elif initiative.status == Status.PUBLISHED:
                messages.success(
                    request,
                    _(
                        "Your changes are saved. The public keeps seeing the published version "
                        "until a coordinator approves them: submit them when ready."
                    ),
                )
            else:
                messages.success(request, _("Your changes have been saved."))
        except ValidationError as error:
            messages.error(request, error.messages[0])
        return redirect(initiative)
    return render(
        request,
        "initiatives/initiative_form.html",
        {"form": form, "formset": formset, "initiative": initiative},
    )


def _owned(request, slug, permission):
    initiative = get_object_or_404(Initiative.objects.select_related("organisation"), slug=slug)
    if not request.user.has_perm(permission, initiative):
        raise PermissionDenied
    return initiative


def _run(request, initiative, action, success_message, **kwargs):
    try:
        action(initiative=initiative, actor=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, success_message)
    return redirect(initiative)


@login_required
@require_POST
def initiative_submit(request, slug):
    initiative = _owned(request, slug, "initiatives.submit_initiative")
    return _run(
        request,
        initiative,
        services.submit_initiative,
        _("Sent to the national centre for review. You will hear from them by email."),
    )


@login_required
@require_POST
def initiative_withdraw(request, slug):
    initiative = _owned(request, slug, "initiatives.submit_initiative")
    return _run(
        request,
        initiative,
        services.withdraw_submission,
        _("The submission was withdrawn; you can edit again."),
    )


@login_required
@require_POST
def initiative_archive(request, slug):
    initiative = _owned(request, slug, "initiatives.archive_initiative")
    return _run(
        request,
        initiative,
        services.archive_initiative,
        _("The initiative has been archived and is no longer listed."),
    )


@login_required
@require_POST
def initiative_confirm(request, slug):
    initiative = _owned(request, slug, "initiatives.confirm_initiative")
    return _run(
        request,
        initiative,
        services.confirm_initiative_is_current,
        _("Thank you: the initiative is marked as up to date."),
    )


@login_required
def my_initiatives(request):
    initiatives = (
        Initiative.objects.of_member(request.user)
        .without_search_vectors()
        .select_related("organisation")
        .annotate(
            has_open_change=Exists(PendingChange.objects.open().filter(initiative=OuterRef("pk")))
        )
        .order_by("-updated_at")
    )
    return render(request, "initiatives/initiative_mine.html", {"initiatives": initiatives})
