"""Every change of the national strategy tracker.

There is no history table for milestones: each change is written to Django's admin log
(``LogEntry``), so who added, changed or removed a milestone shows in the admin's history of it.
"""

from datetime import date

from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.db import transaction

from ..models import StrategyMilestone

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
TRANSLATED_FIELDS = [
    f"{field}_{code}" for field in ("title", "description") for code in LANGUAGE_CODES
]
DATE_FIELDS = ["planned_for", "completed_on"]
PLAIN_FIELDS = ["status", "responsible_bodies", *DATE_FIELDS]
FAR_FUTURE = date.max


def _apply(milestone, data):
    """Copy the form's cleaned ``data`` onto ``milestone``; return the names of changed fields."""
    changed = []
    for name in TRANSLATED_FIELDS + PLAIN_FIELDS:
        if name not in data:
            continue
        value, current = data[name], getattr(milestone, name)
        if name not in DATE_FIELDS:
            # Empty translations are stored as NULL or "": both mean "not written".
            value, current = value or "", current or ""
        if current != value:
            setattr(milestone, name, value)
            changed.append(name)
    return changed


def _set_documents(milestone, documents):
    before = set(milestone.documents.values_list("pk", flat=True))
    after = {document.pk for document in documents}
    if before != after:
        milestone.documents.set(documents)
        return True
    return False


@transaction.atomic
def put_in_date_order(*, country):
    """Keep the country's timeline in date order: a milestone sorts by its completion date when
    done, else by its planned date; undated ones go last and ties keep their previous order."""
    milestones = list(StrategyMilestone.objects.filter(country=country).order_by("position", "pk"))
    milestones.sort(key=lambda m: m.completed_on or m.planned_for or FAR_FUTURE)
    moved = []
    for position, milestone in enumerate(milestones):
        if milestone.position != position:
            milestone.position = position
            moved.append(milestone)
    if moved:
        StrategyMilestone.objects.bulk_update(moved, ["position"])


def _log(actor, milestone, flag, message):
    LogEntry.objects.log_actions(
        user_id=actor.pk,
        queryset=[milestone],
        action_flag=flag,
        change_message=message,
        single_object=True,
    )


@transaction.atomic
def create_milestone(*, country, actor, data):
    """Add a milestone to ``country``'s tracker from a form's cleaned ``data`` (translated titles
    and descriptions, status, dates, responsible bodies, ``documents``); logs the addition."""
    milestone = StrategyMilestone(country=country)
    _apply(milestone, data)
    milestone.save()
    milestone.documents.set(data.get("documents") or [])
    put_in_date_order(country=country)
    _log(actor, milestone, ADDITION, [{"added": {}}])
    return milestone


@transaction.atomic
def update_milestone(*, milestone, actor, data):
    """Save an edited milestone; logs which fields changed (nothing is logged without changes)."""
    milestone = StrategyMilestone.objects.select_for_update().get(pk=milestone.pk)
    changed = _apply(milestone, data)
    if changed:
        milestone.save()
    if "documents" in data and _set_documents(milestone, data["documents"] or []):
        changed.append("documents")
    if changed:
        put_in_date_order(country=milestone.country)
        _log(actor, milestone, CHANGE, [{"changed": {"fields": changed}}])
    return milestone


@transaction.atomic
def delete_milestone(*, milestone, actor):
    """Remove a milestone from its tracker (its linked documents stay in the library)."""
    _log(actor, milestone, DELETION, "")
    country = milestone.country
    milestone.delete()
    put_in_date_order(country=country)
