"""Requesting, building, retrying and purging reports."""

import logging
import os
import tempfile
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..celery import run_task
from .kinds import get_kind
from .models import Report, ReportStatus
from .rendering import render_html, render_pdf

logger = logging.getLogger(__name__)

# A report whose build killed its worker this many times is not tried again.
MAX_ATTEMPTS = 3
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def enqueue(report_id):
    """Hand the report to the workers; on a broker failure the record stays queued, with a note,
    and can be retried. Returns whether the broker took it."""
    Report.objects.filter(pk=report_id).update(heartbeat_at=timezone.now(), error="")
    try:
        run_task("ncc_portal.build_report", args=[report_id], retry=False)
    except Exception:  # kombu raises many kinds, all meaning "the broker is not reachable"
        logger.exception("Could not queue report %s", report_id)
        Report.objects.filter(pk=report_id).update(
            error=_(
                "The background service is not reachable. Your request is saved; "
                "retry it in a few minutes."
            )
        )
        return False
    return True


def _create(*, kind, params, language, user, centre, batch=None, cache_key=""):
    report_kind = get_kind(kind)
    params = report_kind.clean_params(params)
    if language not in LANGUAGES:
        raise ValidationError(_("Unknown language."))
    with translation.override(language):
        title = report_kind.title(params)
    report = Report(
        kind=kind,
        params=params,
        language=language,
        title=title,
        requested_by=user if user and user.is_authenticated else None,
        centre=centre,
        cache_key=cache_key,
    )
    if batch:
        report.batch = batch
    report.save()
    transaction.on_commit(lambda: enqueue(report.pk), robust=True)
    return report


@transaction.atomic
def request_report(*, kind, params, language, user, centre=None):
    return _create(kind=kind, params=params, language=language, user=user, centre=centre)


@transaction.atomic
def request_report_in_all_languages(*, kind, params, user, centre=None):
    """One report per language, built in parallel by the workers; they share a batch."""
    first = _create(kind=kind, params=params, language=LANGUAGES[0], user=user, centre=centre)
    reports = [first]
    for language in LANGUAGES[1:]:
        reports.append(
            _create(
                kind=kind,
                params=params,
                language=language,
                user=user,
                centre=centre,
                batch=first.batch,
            )
        )
    return reports


class TooManyReports(Exception):
    """A public report that would need a new build, refused by the limits that keep anyone
    from flooding the workers (``PUBLIC_REPORTS_WAITING_MAX``,
    ``PUBLIC_REPORT_BUILDS_PER_HOUR``)."""


def _claim_public_build(client):
    """Count one new public build, or raise TooManyReports when too many public reports are
    waiting for a worker, or ``client`` has started too many within the hour."""
    waiting = (
        Report.objects.exclude(cache_key="")
        .filter(status__in=[ReportStatus.QUEUED, ReportStatus.RUNNING])
        .count()
    )
    if waiting >= settings.PUBLIC_REPORTS_WAITING_MAX:
        raise TooManyReports
    if client:
        key = f"reports:public-builds:{client}"
        cache.add(key, 0, 60 * 60)  # the hour starts with the first build
        try:
            builds = cache.incr(key)
        except ValueError:  # expired in between
            cache.set(key, 1, 60 * 60)
            builds = 1
        if builds > settings.PUBLIC_REPORT_BUILDS_PER_HOUR:
            raise TooManyReports


@transaction.atomic
def public_report(*, kind, params, version, language, user, client=None):
    """A report of public facts anyone may ask for (an initiative's profile, a case study): the
    existing one for the same ``version`` of its subject, or a new request, within the limits
    (see ``TooManyReports``; ``client`` names who asks, e.g. ``"ip:192.0.2.1"``)."""
    cache_key = f"{kind}:{version}"
    existing = (
        Report.objects.filter(cache_key=cache_key, language=language, purged_at__isnull=True)
        .exclude(status=ReportStatus.FAILED)
        .first()
    )
    if existing:
        return existing
    _claim_public_build(client)
    return _create(
        kind=kind, params=params, language=language, user=user, centre=None, cache_key=cache_key
    )


def initiative_profile(*, initiative, language, user, client=None):
    return public_report(
        kind="initiative-profile",
        params={"initiative": initiative.slug},
        version=f"{initiative.pk}:{initiative.updated_at.isoformat()}",
        language=language,
        user=user,
        client=client,
    )


def case_study_report(*, case_study, language, user, client=None):
    return public_report(
        kind="case-study",
        params={"case_study": case_study.slug},
        version=f"{case_study.pk}:{case_study.updated_at.isoformat()}",
        language=language,
        user=user,
        client=client,
    )


def retry_report(*, report, client=None):
    """Queue a failed or waiting report again; a public one within the limits of new public
    builds (``TooManyReports``)."""
    if report.status not in {ReportStatus.FAILED, ReportStatus.QUEUED}:
        raise ValidationError(_("Only failed or waiting reports can be retried."))
    if report.cache_key:
        _claim_public_build(client)
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.QUEUED, progress=0, error="", attempts=0
    )
    return enqueue(report.pk)


def _set(report_id, **fields):
    Report.objects.filter(pk=report_id).update(heartbeat_at=timezone.now(), **fields)


def build_report(report_id):
    """Render the report and store its PDF. Safe to run twice: a finished report is left alone,
    and the file is written under a fixed name by an atomic rename, so a worker killed halfway
    never leaves a second or a broken file."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        if report.status == ReportStatus.DONE and report.file:
            return report
        if report.attempts >= MAX_ATTEMPTS:
            report.status = ReportStatus.FAILED
            report.error = _("The report could not be built after %(n)s attempts.") % {
                "n": MAX_ATTEMPTS
            }
            report.finished_at = timezone.now()
            report.save(update_fields=["status", "error", "finished_at"])
            return report
        report.status = ReportStatus.RUNNING
        report.attempts += 1
        report.progress = 5
        report.error = ""
        report.started_at = report.heartbeat_at = timezone.now()
        report.save(
            update_fields=["status", "attempts", "progress", "error", "started_at", "heartbeat_at"]
        )

    kind = get_kind(report.kind)
    try:
        with translation.override(report.language):
            context = kind.build_context(
                report.params, lambda percent: _set(report_id, progress=percent)
            )
            context["title"] = kind.title(report.params)
            context["kind_label"] = str(kind.label)
        html = render_html(kind.template, context, language=report.language)
        _set(report_id, progress=80)
        pdf, pages = render_pdf(html)
        name = f"reports/report-{report.pk}-{report.language}.pdf"
        _write_atomically(report.file.storage, name, pdf)
    except SoftTimeLimitExceeded:
        _fail(report_id, _("Building the report took too long."))
        raise
    except ValidationError as error:
        _fail(report_id, error.messages[0])
        return Report.objects.get(pk=report_id)
    except Exception:
        logger.exception("Report %s failed", report_id)
        _fail(
            report_id,
            _(
                "An unexpected error stopped the report. The operators have been "
                "told; you can retry it."
            ),
        )
        raise
    _set(
        report_id,
        status=ReportStatus.DONE,
        progress=100,
        file=name,
        file_size=len(pdf),
        pages=pages,
        finished_at=timezone.now(),
    )
    return Report.objects.get(pk=report_id)


def resume_interrupted_reports(*, now=None):
    """Put back every report whose build died with its worker, and send again every report the
    broker never got (Celery beat runs this every minute). Returns how many were sent.

    A running report whose last sign of life is older than the task's hard time limit cannot
    still be building (the limit would have ended it): it is queued again, marked as
    interrupted, and its next build counts as another attempt (``MAX_ATTEMPTS`` stays). A queued
    report is sent again when queueing it failed (the broker was down), or when no worker took
    it for ``REPORT_RESEND_AFTER_SECONDS`` (a message lost with its broker). Building twice is
    harmless: ``build_report`` leaves a finished report alone and writes one file atomically."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.REPORT_STALE_AFTER_SECONDS)
    forgotten = now - timedelta(seconds=settings.REPORT_RESEND_AFTER_SECONDS)
    last_sign = Coalesce("heartbeat_at", "started_at", "created_at")
    reports = Report.objects.alias(last_sign=last_sign)
    # One conditional UPDATE: a build that reports progress meanwhile is not taken back.
    reports.filter(status=ReportStatus.RUNNING, last_sign__lt=stale).update(
        status=ReportStatus.QUEUED, progress=0, interrupted_at=now, heartbeat_at=now
    )
    unsent = reports.filter(status=ReportStatus.QUEUED).filter(
        Q(interrupted_at=now) | ~Q(error="") | Q(last_sign__lt=forgotten)
    )
    sent = 0
    for pk in unsent.values_list("pk", flat=True):
        sent += enqueue(pk)
    return sent


def _fail(report_id, message):
    _set(report_id, status=ReportStatus.FAILED, error=message, finished_at=timezone.now())


def _write_atomically(storage, name, content):
    path = storage.path(name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".part")
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(content)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def purge_report_files(*, older_than_days=None, now=None):
    """Delete the files of reports finished long ago; their records stay, marked as purged."""
    days = older_than_days or settings.REPORT_RETENTION_DAYS
    now = now or timezone.now()
    old = Report.objects.filter(
        status=ReportStatus.DONE, finished_at__lt=now - timedelta(days=days), purged_at=None
    )
    purged = 0
    for report in old:
        if report.file:
            report.file.storage.delete(report.file.name)
        _set(report.pk, purged_at=now, file="")
        purged += 1
    return purged
