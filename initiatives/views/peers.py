"""Coordinators: the peer portals whose initiatives the registry harvests, and how their last
harvests went (``initiatives.federation``). Administrators add, pause and resume peers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ncc_portal.celery import run_task

from .. import federation
from ..forms import PeerPortalForm
from ..models import PeerPortal, Status


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


@login_required
def peer_status(request):
    _require(request, "initiatives.view_peer_portals")
    form = PeerPortalForm()
    if request.method == "POST":
        _require(request, "initiatives.manage_peer_portals")
        form = PeerPortalForm(request.POST)
        if form.is_valid():
            try:
                portal = federation.add_peer_portal(**form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                run_task("initiatives.harvest_peers")
                messages.success(
                    request, _("%(name)s is a peer portal now.") % {"name": portal.name}
                )
                return redirect("initiatives:peer-status")
    now = timezone.now()
    portals = list(
        PeerPortal.objects.annotate(
            listed=Count("records", filter=Q(records__initiative__status=Status.HARVESTED))
        )
    )
    for portal in portals:
        portal.stale = federation.is_stale(portal, now)
    return render(
        request,
        "initiatives/peer_status.html",
        {
            "portals": portals,
            "form": form,
            "can_manage": request.user.has_perm("initiatives.manage_peer_portals"),
        },
    )


@login_required
@require_POST
def peer_harvest(request, slug):
    _require(request, "initiatives.view_peer_portals")
    portal = get_object_or_404(PeerPortal, slug=slug, active=True)
    federation.harvest_now(portal)
    run_task("initiatives.harvest_peers")
    messages.success(request, _("%(name)s is being harvested.") % {"name": portal.name})
    return redirect("initiatives:peer-status")


@login_required
@require_POST
def peer_active(request, slug):
    _require(request, "initiatives.manage_peer_portals")
    portal = get_object_or_404(PeerPortal, slug=slug)
    active = request.POST.get("active") == "yes"
    federation.set_peer_active(portal=portal, active=active)
    if active:
        run_task("initiatives.harvest_peers")
        messages.success(request, _("Harvesting %(name)s again.") % {"name": portal.name})
    else:
        messages.success(
            request,
            _("%(name)s is no longer harvested; its records left the lists.")
            % {"name": portal.name},
        )
    return redirect("initiatives:peer-status")
