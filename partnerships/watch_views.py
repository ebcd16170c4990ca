"""A signed-in person's partner alerts (watches), and the digest's unsubscribe link."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from initiatives.models import Initiative

from . import watches
from .models import PartnerProfile, WatchKind


class WatchForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Alert me about"), choices=WatchKind.choices)
    name = forms.CharField(label=gettext_lazy("Name of the alert"), required=False, max_length=120)
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
    initiative = forms.ModelChoiceField(
        label=gettext_lazy("Initiative"), required=False, queryset=Initiative.objects.none()
    )
    profile = forms.ModelChoiceField(
        label=gettext_lazy("Partner profile"),
        required=False,
        queryset=PartnerProfile.objects.none(),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = (
            Initiative.objects.published().of_member(user).without_search_vectors().distinct()
        )
        self.fields["profile"].queryset = (
            PartnerProfile.objects.of_member(user).without_search_vectors().distinct()
        )


def _redirect_back(request, fallback):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect(fallback)


@login_required
def watch_list(request, form=None):
    form = form or WatchForm(user=request.user, initial={"kind": WatchKind.FOR_INITIATIVE})
    return render(
        request,
        "partnerships/watches/watch_list.html",
        {
            "watches": request.user.partner_watches.select_related("initiative", "profile"),
            "form": form,
            "has_initiatives": form.fields["initiative"].queryset.exists(),
            "has_profile": form.fields["profile"].queryset.exists(),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def watch_create(request):
    form = WatchForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            watches.create_watch(
                owner=request.user,
                kind=data["kind"],
                name=data["name"],
                query=data["query"],
                initiative=data["initiative"],
                profile=data["profile"],
                language=request.LANGUAGE_CODE,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Alert saved. Every Monday you will receive an email if there is something new."),
            )
            return _redirect_back(request, "partnerships:watch-list")
    return watch_list(request, form=form)


@login_required
@require_POST
def watch_toggle(request, pk):
    watch = get_object_or_404(request.user.partner_watches, pk=pk)
    enabled = request.POST.get("enabled") == "yes"
    watches.set_watch_emails(watch=watch, enabled=enabled)
    if enabled:
        messages.success(request, _("You will receive the weekly email again."))
    else:
        messages.success(request, _("The weekly email is switched off; the alert is kept."))
    return redirect("partnerships:watch-list")


@login_required
@require_POST
def watch_delete(request, pk):
    watch = get_object_or_404(request.user.partner_watches, pk=pk)
    watches.delete_watch(watch=watch)
    messages.success(request, _("The alert has been deleted."))
    return redirect("partnerships:watch-list")


# The link in a digest. A GET only asks for confirmation: mail scanners and link previews open
# links, and must not unsubscribe anyone. The POST of that confirmation, and the one-click POST
# of RFC 8058 that mail programs send without a session or CSRF token, unsubscribe; the token in
# the address is the proof.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def watch_unsubscribe(request, token):
    if request.method == "POST":
        watch = watches.unsubscribe(token=token)
        template = "partnerships/watches/unsubscribed.html"
    else:
        watch = watches.watch_for_token(token)
        template = "partnerships/watches/unsubscribe_confirm.html"
    return render(request, template, {"watch": watch})
