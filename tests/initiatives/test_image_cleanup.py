"""Uploaded images nothing refers to any more are deleted, once no form can still carry them."""

import os
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from initiatives import services
from initiatives.images import purge_unused_images
from initiatives.models import ChangeStatus
from initiatives.snapshots import snapshot_of

from ..factories import InitiativeFactory


def stored(name, *, days_old):
    path = default_storage.save(f"initiatives/{name}", ContentFile(b"image bytes"))
    then = (timezone.now() - timedelta(days=days_old)).timestamp()
    os.utime(default_storage.path(path), (then, then))
    return path


@pytest.mark.django_db
def test_only_old_images_that_nothing_shows_are_deleted(
    settings, tmp_path, organisation, innovator, coordinator_de, reference_data
):
    settings.MEDIA_ROOT = tmp_path
    shown = stored("shown.jpg", days_old=30)
    InitiativeFactory(image=shown)
    # Edits waiting for review would show this one.
    waiting = stored("waiting.jpg", days_old=30)
    pending = InitiativeFactory(organisation=organisation, title_en="Pending")
    services.update_initiative(
        initiative=pending, editor=innovator, data=snapshot_of(pending) | {"image": waiting}
    )
    # Replaced: the approved change took the initiative from this image to another.
    replaced = stored("replaced.jpg", days_old=30)
    new = stored("new.jpg", days_old=30)
    changed = InitiativeFactory(organisation=organisation, title_en="Changed", image=replaced)
    services.update_initiative(
        initiative=changed, editor=innovator, data=snapshot_of(changed) | {"image": new}
    )
    services.submit_initiative(initiative=changed, actor=innovator)
    services.publish_initiative(initiative=changed, actor=coordinator_de)
    assert changed.pending_changes.get().status == ChangeStatus.APPROVED
    # Uploaded with a form that was abandoned, long ago and just now.
    abandoned = stored("abandoned.jpg", days_old=3)
    fresh = stored("fresh.jpg", days_old=0)

    assert purge_unused_images() == 2
    for path in [shown, waiting, new, fresh]:
        assert default_storage.exists(path), path
    for path in [replaced, abandoned]:
        assert not default_storage.exists(path), path


@pytest.mark.django_db
def test_nothing_to_purge_before_the_first_upload(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert purge_unused_images() == 0
