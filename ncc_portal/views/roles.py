"""Public-sector role: users request it, coordinators of the organisation's country decide."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import services
from ..forms import DecisionForm, PublicSectorRequestForm, ResearcherGrantForm
from ..models import PublicSectorRequest, Role, RoleRequestStatus, User


@login_required
@require_http_methods(["GET", "POST"])
def request_public_sector_role(request):
    pending = request.user.public_sector_requests.pending().select_related("organisation").first()
    may_request = request.user.has_perm("ncc_portal.request_public_sector_role")
    form = PublicSectorRequestForm(request.POST or None)
    if request.method == "POST":
        if not may_request or pending:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.request_public_sector_role(
                    user=request.user,
                    organisation=form.cleaned_data["organisation"],
                    position=form.cleaned_data["position"],
                    statement=form.cleaned_data["statement"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Your request has been sent. A coordinator will decide on it soon."),
                )
                return redirect("account_profile")
    return render(
        request,
        "ncc_portal/public_sector_request_form.html",
        {"form": form, "pending": pending, "may_request": may_request},
    )


def _requests_visible_to(user):
    requests = PublicSectorRequest.objects.with_people()
    if user.is_administrator:
        return requests
    return requests.for_country(user.centre.country)


@login_required
def role_request_list(request):
    if not request.user.has_perm("ncc_portal.review_public_sector_requests"):
        raise PermissionDenied
    requests = _requests_visible_to(request.user)
    return render(
        request,
        "ncc_portal/public_sector_request_list.html",
        {
            "pending_requests": requests.pending().order_by("created_at"),
            "decided_requests": requests.exclude(status=RoleRequestStatus.PENDING).order_by(
                "-decided_at"
            )[:50],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def role_request_decide(request, pk):
    role_request = get_object_or_404(PublicSectorRequest.objects.with_people(), pk=pk)
    if not request.user.has_perm("ncc_portal.decide_public_sector_request", role_request):
        raise PermissionDenied
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_public_sector_request(
                role_request=role_request,
                decided_by=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Your decision has been recorded and sent."))
        return redirect("role-request-list")
    return render(
        request,
        "ncc_portal/public_sector_request_decide.html",
        {"form": form, "role_request": role_request},
    )


@login_required
@require_http_methods(["GET", "POST"])
def researchers(request):
    """Coordinators grant and revoke the researcher role."""
    if not request.user.has_perm("ncc_portal.grant_researcher_role"):
        raise PermissionDenied
    form = ResearcherGrantForm(request.POST or None)
    if request.method == "POST":
        if "revoke" in request.POST:
            person = get_object_or_404(User, pk=request.POST["revoke"], role=Role.RESEARCHER)
            services.revoke_researcher_role(user=person, revoked_by=request.user)
            messages.success(
                request, _("%(person)s is no longer a researcher.") % {"person": person}
            )
            return redirect("researchers")
        if form.is_valid():
            try:
                services.grant_researcher_role(user=form.user, granted_by=request.user)
            except ValidationError as error:
                form.add_error("email", error)
            else:
                messages.success(
                    request, _("%(person)s is now a researcher.") % {"person": form.user}
                )
                return redirect("researchers")
    return render(
        request,
        "ncc_portal/researchers.html",
        {"form": form, "researchers": User.objects.filter(role=Role.RESEARCHER).order_by("email")},
    )
