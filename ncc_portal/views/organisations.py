"""The organisation directory and membership: create, edit, invite, join, leave."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import services, structured_data
from ..filters import OrganisationFilter
from ..forms import InvitationForm, OrganisationForm
from ..models import Invitation, Organisation

PAGE_SIZE = 24


def organisation_list(request):
    filterset = OrganisationFilter(
        request.GET, queryset=Organisation.objects.with_region().order_by("name")
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "ncc_portal/organisation_list.html"
    if request.htmx:
        template += "#results"
    return render(
        request,
        template,
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )


def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation.objects.with_region(), slug=slug)
    is_member = request.user.has_perm("ncc_portal.change_organisation", organisation)
    context = {
        "organisation": organisation,
        "is_member": is_member,
        "structured_data": structured_data.organisation_page(organisation),
    }
    if is_member:
        context["members"] = organisation.memberships.select_related("user").order_by("joined_at")
        context["open_invitations"] = organisation.invitations.open()
    return render(request, "ncc_portal/organisation_detail.html", context)


def _next_page(request):
    """Where the person was going when a page sent them to create an organisation first (a
    page of this site only)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else ""


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request):
    form = OrganisationForm(request.POST or None)
    next_page = _next_page(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = services.create_organisation(
            creator=request.user,
            name=data["name"],
            kind=data["kind"],
            country=data["country"],
            region=data["region"],
            website=data["website"],
            **{k: v for k, v in data.items() if k.startswith("description_")},
        )
        if next_page:
            messages.success(
                request, _("The organisation has been created. You can go on where you were.")
            )
            return redirect(next_page)
        messages.success(request, _("The organisation has been created."))
        return redirect(organisation)
    return render(
        request, "ncc_portal/organisation_form.html", {"form": form, "next_page": next_page}
    )


def _organisation_for_member(request, slug, permission="ncc_portal.change_organisation"):
    organisation = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm(permission, organisation):
        raise PermissionDenied
    return organisation


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, slug):
    organisation = _organisation_for_member(request, slug)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your changes have been saved."))
        return redirect(organisation)
    return render(
        request,
        "ncc_portal/organisation_form.html",
        {"form": form, "organisation": organisation},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_invite(request, slug):
    organisation = _organisation_for_member(request, slug, "ncc_portal.invite_to_organisation")
    form = InvitationForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_member(
                organisation=organisation,
                invited_by=request.user,
                email=form.cleaned_data["email"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request,
                _("An invitation has been sent to %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect(organisation)
    return render(
        request,
        "ncc_portal/organisation_invite.html",
        {"form": form, "organisation": organisation},
    )


@login_required
@require_POST
def organisation_leave(request, slug):
    organisation = _organisation_for_member(request, slug, "ncc_portal.leave_organisation")
    try:
        services.leave_organisation(organisation=organisation, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(organisation)
    messages.success(
        request, _("You have left %(organisation)s.") % {"organisation": organisation.name}
    )
    return redirect("account_profile")


@login_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), token=token)
    if request.method == "POST":
        try:
            organisation = services.accept_invitation(invitation=invitation, user=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                _("You are now a member of %(organisation)s.")
                % {"organisation": organisation.name},
            )
            return redirect(organisation)
    return render(request, "ncc_portal/invitation_accept.html", {"invitation": invitation})
