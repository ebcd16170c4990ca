import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..choices import Language


def private_storage():
    # Reports are served through a permission-checked view, never from the public media path.
    return storages["private"]


class ReportStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("report status", "Queued")
    RUNNING = "running", pgettext_lazy("report status", "Being built")
    DONE = "done", pgettext_lazy("report status", "Ready")
    FAILED = "failed", pgettext_lazy("report status", "Failed")


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user.is_administrator:
            return self
        mine = models.Q(requested_by=user)
        if user.is_coordinator:
            mine |= models.Q(centre=user.centre)
        return self.filter(mine)

    def unfinished(self):
        return self.filter(status__in=[ReportStatus.QUEUED, ReportStatus.RUNNING])


class Report(models.Model):
    """One requested PDF: what, in which language, for whom, and how far it got."""

    kind = models.CharField(_("kind"), max_length=40)
    params = models.JSONField(_("parameters"), default=dict)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    title = models.CharField(_("title"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
    )
    centre = models.ForeignKey(
        "ncc_portal.NationalCentre",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
    )
    # Reports requested together (one per language) share a batch.
    batch = models.UUIDField(default=uuid.uuid4, db_index=True)
    # A cache key for reports anyone may fetch (an initiative's profile at a given version).
    cache_key = models.CharField(max_length=200, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    file = models.FileField(_("file"), upload_to="reports/", storage=private_storage, blank=True)
    file_size = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    # The last sign of life: when the report was queued, or its build last reported progress.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # When a build was found dead (its worker gone) and the report put back in the queue.
    interrupted_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return self.title or self.kind

    @property
    def is_finished(self):
        return self.status in {ReportStatus.DONE, ReportStatus.FAILED}

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None

    @property
    def is_downloadable(self):
        return self.status == ReportStatus.DONE and bool(self.file) and self.purged_at is None
