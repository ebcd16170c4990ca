"""The signed-in user's own account: profile, data export, deletion."""

import json

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import services
from ..forms import DeleteAccountForm, ProfileForm
from ..languages import switch_language_of_path


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect(switch_language_of_path(request.path, translation.get_language()))
    return render(
        request,
        "ncc_portal/profile.html",
        {
            "form": form,
            "memberships": request.user.memberships.select_related("organisation"),
            "role_requests": request.user.public_sector_requests.select_related(
                "organisation"
            ).order_by("-created_at"),
            "has_unverified_email": EmailAddress.objects.filter(
                user=request.user, verified=False
            ).exists(),
        },
    )


@login_required
def data_export(request):
    data = services.export_personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    filename = f"ncc-portal-my-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.delete_account(user=user)
        messages.success(request, _("Your account and your personal data have been deleted."))
        return redirect("home")
    sole_member_of = [
        m.organisation
        for m in request.user.memberships.select_related("organisation")
        if m.organisation.memberships.count() == 1
    ]
    return render(
        request,
        "ncc_portal/account_delete.html",
        {"form": form, "sole_member_of": sole_member_of},
    )
