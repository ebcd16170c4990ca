"""Coordinators: the moderation queue and the review of one submission."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import services
from ..forms import DecisionForm
from ..models import ChangeStatus, Initiative, PendingChange, Status
from ..review import describe_changes
from ..snapshots import preview, snapshot_of


def _queue_for(user):
    submitted_change = PendingChange.objects.filter(
        initiative=OuterRef("pk"), status=ChangeStatus.SUBMITTED
    )
    queue = (
        Initiative.objects.without_search_vectors()
        .annotate(change_submitted_at=Subquery(submitted_change.values("submitted_at")[:1]))
        .filter(Q(status=Status.SUBMITTED) | Q(change_submitted_at__isnull=False))
        .annotate(waiting_since=Coalesce(F("change_submitted_at"), F("submitted_at")))
        .select_related("organisation")
        .order_by("waiting_since", "pk")
    )
    if user.is_administrator:
        return queue
    return queue.filter(country=user.centre.country)


@login_required
def review_queue(request):
    if not request.user.has_perm("initiatives.review_queue"):
        raise PermissionDenied
    return render(
        request, "initiatives/initiative_review_queue.html", {"queue": _queue_for(request.user)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request, slug):
    initiative = get_object_or_404(Initiative.objects.with_detail_facts(), slug=slug)
    if not request.user.has_perm("initiatives.moderate_initiative", initiative):
        raise PermissionDenied
    change = services.open_change(initiative)
    if change is not None and change.status != ChangeStatus.SUBMITTED:
        change = None
    if change is None and initiative.status != Status.SUBMITTED:
        messages.info(request, _("Nothing of this initiative is waiting for review."))
        return redirect(initiative)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
        try:
            if decision == DecisionForm.PUBLISH:
                services.publish_initiative(
                    initiative=initiative, actor=request.user, comment=comment
                )
                messages.success(request, _("Published. The owners have been told."))
            elif decision == DecisionForm.REQUEST_CHANGES:
                services.request_changes(initiative=initiative, actor=request.user, comment=comment)
                messages.success(request, _("Sent back to the owners with your comment."))
            else:
                services.reject_initiative(
                    initiative=initiative, actor=request.user, reason=comment
                )
                messages.success(request, _("Rejected. The owners have been told why."))
        except ValidationError as error:
            messages.error(request, error.messages[0])
        return redirect("initiatives:review-queue")
    proposed = change.data if change else snapshot_of(initiative)
    return render(
        request,
        "initiatives/initiative_review.html",
        {
            "initiative": initiative,
            "change": change,
            "proposed": preview(proposed, pk=initiative.pk, slug=initiative.slug),
            "differences": describe_changes(snapshot_of(initiative), change.data) if change else [],
            "form": form,
            "events": initiative.events.select_related("actor")[:20],
        },
    )
