"""Every change of an initiative's state. Each records its history and notifies by email."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ncc_portal.emails import queue_email_to_user
from ncc_portal.models import Role, User
from ncc_portal.services import unique_slug

from . import search
from .filters import registry_changed
from .models import (
    Action,
    ChangeStatus,
    Event,
    Initiative,
    PendingChange,
    Status,
)
from .snapshots import apply_snapshot, snapshot_of


def _record(initiative, *, actor, action, from_status="", comment=""):
    Event.objects.create(
        initiative=initiative,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=initiative.status,
        comment=comment,
    )


def _owners(initiative):
    return User.objects.filter(
        memberships__organisation_id=initiative.organisation_id, is_active=True
    )


def _coordinators(initiative):
    return User.objects.filter(
        role=Role.COORDINATOR, centre__country=initiative.country, is_active=True
    )


def _notify(users, template, initiative, **context):
    for user in users:
        queue_email_to_user(
            user,
            template=template,
            context={"title": initiative.title, "slug": initiative.slug, **context},
        )


def open_change(initiative):
    return initiative.pending_changes.open().first()


@transaction.atomic
def create_initiative(*, author, data):
    """Create a draft from a snapshot ``data``; the author's organisation owns it."""
    title = data.get(f"title_{data['original_language']}") or _("initiative")
    initiative = Initiative(slug=unique_slug(Initiative, title), created_by=author)
    initiative.confirmed_at = timezone.now()
    apply_snapshot(initiative, data)
    _record(initiative, actor=author, action=Action.CREATED)
    return initiative


@transaction.atomic
def update_initiative(*, initiative, editor, data):
    """Save an owner's edits. A published initiative keeps its public version: the edits wait in
    a pending change until a coordinator approves them."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if initiative.status in {Status.SUBMITTED, Status.ARCHIVED}:
        raise ValidationError(_("This initiative cannot be edited in its current state."))
    if initiative.status == Status.PUBLISHED:
        change = open_change(initiative)
        if change is None:
            change = PendingChange(initiative=initiative, created_by=editor)
        elif change.status == ChangeStatus.SUBMITTED:
            raise ValidationError(_("Your changes are being reviewed; wait for the decision."))
        change.data = data
        change.updated_at = timezone.now()
        change.save()
    else:
        apply_snapshot(initiative, data)
    _record(initiative, actor=editor, action=Action.EDITED)
    return initiative


@transaction.atomic
def submit_initiative(*, initiative, actor):
    """Send a draft (or the pending changes of a published initiative) to the coordinators."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    now = timezone.now()
    if initiative.status == Status.PUBLISHED:
        change = open_change(initiative)
        if change is None or change.status == ChangeStatus.SUBMITTED:
            raise ValidationError(_("There are no changes to submit."))
        change.status = ChangeStatus.SUBMITTED
        change.submitted_at = now
        change.save(update_fields=["status", "submitted_at"])
        _record(
            initiative, actor=actor, action=Action.CHANGES_SUBMITTED, from_status=initiative.status
        )
    elif initiative.status in {Status.DRAFT, Status.CHANGES_REQUESTED, Status.REJECTED}:
        previous = initiative.status
        initiative.status = Status.SUBMITTED
        initiative.submitted_at = now
        initiative.save(update_fields=["status", "submitted_at"])
        _record(initiative, actor=actor, action=Action.SUBMITTED, from_status=previous)
    else:
        raise ValidationError(_("This initiative cannot be submitted in its current state."))
    _notify(_coordinators(initiative), "initiative_submitted", initiative)
    return initiative


@transaction.atomic
def withdraw_submission(*, initiative, actor):
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if initiative.status == Status.SUBMITTED:
        initiative.status = Status.DRAFT
        initiative.save(update_fields=["status"])
        _record(initiative, actor=actor, action=Action.WITHDRAWN, from_status=Status.SUBMITTED)
        return initiative
    change = open_change(initiative)
    if change is not None and change.status == ChangeStatus.SUBMITTED:
        change.status = ChangeStatus.DRAFT
        change.save(update_fields=["status"])
        _record(initiative, actor=actor, action=Action.WITHDRAWN, from_status=initiative.status)
        return initiative
    raise ValidationError(_("Nothing is waiting for review."))


def _submitted_change(initiative):
    change = open_change(initiative)
    if change is not None and change.status == ChangeStatus.SUBMITTED:
        return change
    return None


@transaction.atomic
def request_changes(*, initiative, actor, comment):
    """Send a submission back to its owners with the coordinator's comment."""
    if not comment.strip():
        raise ValidationError(_("Tell the owners what to change."))
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    change = _submitted_change(initiative)
    if change is not None:
        change.status = ChangeStatus.CHANGES_REQUESTED
        change.save(update_fields=["status"])
    elif initiative.status == Status.SUBMITTED:
        initiative.status = Status.CHANGES_REQUESTED
        initiative.save(update_fields=["status"])
    else:
        raise ValidationError(_("Nothing is waiting for review."))
    _record(
        initiative,
        actor=actor,
        action=Action.CHANGES_REQUESTED,
        from_status=Status.SUBMITTED if change is None else initiative.status,
        comment=comment,
    )
    _notify(_owners(initiative), "initiative_changes_requested", initiative, comment=comment)
    return initiative


@transaction.atomic
def publish_initiative(*, initiative, actor, comment=""):
    """Publish a submission, or apply approved changes to a published initiative."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    now = timezone.now()
    change = _submitted_change(initiative)
    if change is not None:
        apply_snapshot(initiative, change.data)
        change.status = ChangeStatus.APPROVED
        change.decided_at = now
        change.save(update_fields=["status", "decided_at"])
        action, previous = Action.CHANGES_PUBLISHED, initiative.status
    elif initiative.status == Status.SUBMITTED:
        previous = initiative.status
        initiative.status = Status.PUBLISHED
        initiative.published_at = initiative.published_at or now
        action = Action.PUBLISHED
    else:
        raise ValidationError(_("Nothing is waiting for review."))
    initiative.confirmed_at = now
    initiative.freshness_reminder_sent_at = None
    initiative.save(
        update_fields=["status", "published_at", "confirmed_at", "freshness_reminder_sent_at"]
    )
    search.update_search_index(Initiative.objects.filter(pk=initiative.pk))
    registry_changed()
    _record(initiative, actor=actor, action=action, from_status=previous, comment=comment)
    _notify(_owners(initiative), "initiative_published", initiative, comment=comment)
    return initiative


@transaction.atomic
def reject_initiative(*, initiative, actor, reason):
    """Decline a submission (or submitted changes; the published version stays)."""
    if not reason.strip():
        raise ValidationError(_("Give the owners a reason."))
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    change = _submitted_change(initiative)
    if change is not None:
        change.status = ChangeStatus.REJECTED
        change.decided_at = timezone.now()
        change.save(update_fields=["status", "decided_at"])
        action, previous = Action.CHANGES_REJECTED, initiative.status
    elif initiative.status == Status.SUBMITTED:
        previous = initiative.status
        initiative.status = Status.REJECTED
        initiative.save(update_fields=["status"])
        action = Action.REJECTED
    else:
        raise ValidationError(_("Nothing is waiting for review."))
    _record(initiative, actor=actor, action=action, from_status=previous, comment=reason)
    _notify(_owners(initiative), "initiative_rejected", initiative, comment=reason)
    return initiative


@transaction.atomic
def archive_initiative(*, initiative, actor, comment=""):
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if initiative.status != Status.PUBLISHED:
        raise ValidationError(_("Only published initiatives can be archived."))
    initiative.status = Status.ARCHIVED
    initiative.save(update_fields=["status"])
    initiative.pending_changes.open().update(status=ChangeStatus.REJECTED)
    registry_changed()
    _record(
        initiative,
        actor=actor,
        action=Action.ARCHIVED,
        from_status=Status.PUBLISHED,
        comment=comment,
    )
    return initiative


@transaction.atomic
def confirm_initiative_is_current(*, initiative, actor):
    """The owners say the published facts are still right; the freshness clock restarts."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if initiative.status != Status.PUBLISHED:
        raise ValidationError(_("Only published initiatives can be confirmed."))
    initiative.confirmed_at = timezone.now()
    initiative.freshness_reminder_sent_at = None
    initiative.save(update_fields=["confirmed_at", "freshness_reminder_sent_at"])
    _record(initiative, actor=actor, action=Action.CONFIRMED, from_status=initiative.status)
    return initiative


def send_freshness_reminders(now=None):
    """Remind the owners of published initiatives unconfirmed for a year; once per period."""
    now = now or timezone.now()
    sent = 0
    for initiative in Initiative.objects.needing_freshness_reminder(now):
        with transaction.atomic():
            Initiative.objects.filter(pk=initiative.pk).update(freshness_reminder_sent_at=now)
            _notify(_owners(initiative), "initiative_freshness_reminder", initiative)
        sent += 1
    return sent


def current_snapshot_for_editing(initiative):
    """What the edit form starts from: the open pending change if any, else the initiative."""
    change = open_change(initiative) if initiative.status == Status.PUBLISHED else None
    return change.data if change else snapshot_of(initiative)
