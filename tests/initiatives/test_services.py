from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from initiatives import services
from initiatives.models import ChangeStatus, Event, Initiative, Status
from initiatives.snapshots import snapshot_of

from ..factories import InitiativeFactory


@pytest.fixture
def draft(organisation, innovator, reference_data):
    return InitiativeFactory(organisation=organisation, status="draft", published_at=None)


def actions(initiative):
    return list(initiative.events.order_by("created_at", "pk").values_list("action", flat=True))


@pytest.mark.django_db
def test_full_workflow_records_history_and_notifies(
    draft, innovator, coordinator_de, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_initiative(initiative=draft, actor=innovator)
    assert [m.to for m in mail.outbox] == [[coordinator_de.email]]
    assert "/de/initiatives/" in mail.outbox[0].body  # in the coordinator's language

    with django_capture_on_commit_callbacks(execute=True):
        services.request_changes(initiative=draft, actor=coordinator_de, comment="Add a region.")
    draft.refresh_from_db()
    assert draft.status == Status.CHANGES_REQUESTED
    assert mail.outbox[-1].to == [innovator.email]
    assert "Add a region." in mail.outbox[-1].body

    services.submit_initiative(initiative=draft, actor=innovator)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_initiative(initiative=draft, actor=coordinator_de)
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert draft.published_at is not None
    assert actions(draft) == ["submitted", "changes_requested", "submitted", "published"]
    event = Event.objects.get(initiative=draft, action="changes_requested")
    assert (event.actor, event.from_status, event.to_status, event.comment) == (
        coordinator_de,
        "submitted",
        "changes_requested",
        "Add a region.",
    )


@pytest.mark.django_db
def test_editing_a_published_initiative_keeps_the_public_version(
    organisation, innovator, coordinator_de, reference_data
):
    initiative = InitiativeFactory(organisation=organisation, title_en="Old title")
    data = snapshot_of(initiative)
    data["title_en"] = "New title"
    services.update_initiative(initiative=initiative, editor=innovator, data=data)
    initiative.refresh_from_db()
    assert initiative.title_en == "Old title"
    assert initiative.status == Status.PUBLISHED
    change = services.open_change(initiative)
    assert change.status == ChangeStatus.DRAFT

    services.submit_initiative(initiative=initiative, actor=innovator)
    with pytest.raises(ValidationError):
        services.update_initiative(initiative=initiative, editor=innovator, data=data)
    services.publish_initiative(initiative=initiative, actor=coordinator_de)
    initiative.refresh_from_db()
    assert initiative.title_en == "New title"
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPROVED
    assert services.open_change(initiative) is None


@pytest.mark.django_db
def test_rejecting_changes_keeps_the_published_version(
    organisation, innovator, coordinator_de, reference_data
):
    initiative = InitiativeFactory(organisation=organisation, title_en="Kept")
    data = snapshot_of(initiative) | {"title_en": "Unwanted"}
    services.update_initiative(initiative=initiative, editor=innovator, data=data)
    services.submit_initiative(initiative=initiative, actor=innovator)
    services.reject_initiative(initiative=initiative, actor=coordinator_de, reason="Not accurate.")
    initiative.refresh_from_db()
    assert (initiative.status, initiative.title_en) == (Status.PUBLISHED, "Kept")
    assert services.open_change(initiative) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "action,kwargs",
    [(services.request_changes, {"comment": " "}), (services.reject_initiative, {"reason": ""})],
)
def test_sending_back_needs_a_comment(draft, innovator, coordinator_de, action, kwargs):
    services.submit_initiative(initiative=draft, actor=innovator)
    with pytest.raises(ValidationError):
        action(initiative=draft, actor=coordinator_de, **kwargs)


@pytest.mark.django_db
def test_a_draft_cannot_be_published_without_submission(draft, coordinator_de):
    with pytest.raises(ValidationError):
        services.publish_initiative(initiative=draft, actor=coordinator_de)


@pytest.mark.django_db
def test_withdrawing_a_submission_returns_to_draft(draft, innovator):
    services.submit_initiative(initiative=draft, actor=innovator)
    services.withdraw_submission(initiative=draft, actor=innovator)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


@pytest.mark.django_db
def test_archiving_removes_from_the_published_list(organisation, innovator, reference_data):
    initiative = InitiativeFactory(organisation=organisation)
    services.archive_initiative(initiative=initiative, actor=innovator)
    assert not Initiative.objects.published().exists()


@pytest.mark.django_db
def test_freshness_reminder_once_then_possibly_outdated(
    organisation, innovator, reference_data, django_capture_on_commit_callbacks
):
    long_ago = timezone.now() - timedelta(days=400)
    initiative = InitiativeFactory(organisation=organisation, confirmed_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_freshness_reminders() == 1
        assert services.send_freshness_reminders() == 0
    assert [m.to for m in mail.outbox] == [[innovator.email]]
    assert initiative.is_possibly_outdated is False  # still within the grace period
    initiative.confirmed_at = timezone.now() - timedelta(days=430)
    assert initiative.is_possibly_outdated is True
    services.confirm_initiative_is_current(initiative=initiative, actor=innovator)
    initiative.refresh_from_db()
    assert initiative.is_possibly_outdated is False
    assert initiative.freshness_reminder_sent_at is None
