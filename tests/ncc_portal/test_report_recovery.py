"""Every report finishes exactly once: a build whose worker died is put back and built again, a
report the broker never got is sent when the broker is back (issue 14)."""

import os
import shutil
import signal
import subprocess
import sys
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from ncc_portal.celery import app as celery_app
from ncc_portal.models import Report
from ncc_portal.reports import services

from ..conftest import celery_broker, skip_or_fail
from ..factories import CoordinatorFactory, InitiativeFactory, NationalCentreFactory
from ..redis_server import RedisServer
from .test_celery_worker import wait_for


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def _report(coordinator, **fields):
    report = Report.objects.create(
        kind="registry-overview",
        params={},
        language="en",
        title="Overview",
        requested_by=coordinator,
    )
    Report.objects.filter(pk=report.pk).update(**fields)
    return report


@pytest.mark.django_db
def test_a_build_silent_for_longer_than_its_time_limit_is_built_again(
    client, reference_data, coordinator_de, settings
):
    now = timezone.now()
    silent = now - timedelta(seconds=settings.REPORT_STALE_AFTER_SECONDS + 1)
    dead = _report(coordinator_de, status="running", progress=80, attempts=1, heartbeat_at=silent)
    alive = _report(coordinator_de, status="running", progress=40, attempts=1, heartbeat_at=now)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with celery_broker("redis://127.0.0.1:1/0"):  # hold the build back to see the state
        services.resume_interrupted_reports(now=now)
    dead.refresh_from_db()
    assert (dead.status, dead.progress, dead.interrupted_at) == ("queued", 0, now)
    client.force_login(coordinator_de)
    page = client.get(f"/en/reports/{dead.pk}/").content.decode()
    assert "Restarting after an interruption" in page
    assert Report.objects.get(pk=alive.pk).status == "running"  # a live build is left alone

    assert services.resume_interrupted_reports() == 1  # the broker is back (eager here)
    dead.refresh_from_db()
    assert (dead.status, dead.attempts) == ("done", 2)
    assert "Restarting" not in client.get(f"/en/reports/{dead.pk}/").content.decode()


@pytest.mark.django_db
def test_the_attempt_limit_still_ends_a_report_that_keeps_killing_workers(
    reference_data, coordinator_de, settings
):
    silent = timezone.now() - timedelta(seconds=settings.REPORT_STALE_AFTER_SECONDS + 1)
    report = _report(coordinator_de, status="running", attempts=3, heartbeat_at=silent)
    services.resume_interrupted_reports()
    report.refresh_from_db()
    assert report.status == "failed"
    assert "3 attempts" in report.error


@pytest.mark.django_db
def test_queued_reports_the_broker_never_got_are_sent_again(
    reference_data, coordinator_de, settings
):
    now = timezone.now()
    unsent = _report(coordinator_de, error="The background service is not reachable.")
    lost = _report(
        coordinator_de,
        heartbeat_at=now - timedelta(seconds=settings.REPORT_RESEND_AFTER_SECONDS + 1),
    )
    waiting = _report(coordinator_de, heartbeat_at=now)  # in the queue behind others
    assert services.resume_interrupted_reports(now=now) == 2
    assert Report.objects.get(pk=unsent.pk).status == "done"
    assert Report.objects.get(pk=unsent.pk).error == ""
    assert Report.objects.get(pk=lost.pk).status == "done"
    assert Report.objects.get(pk=waiting.pk).status == "queued"


def _needs_real_services():
    if not os.environ.get("REDIS_URL") or connection.vendor != "postgresql":
        skip_or_fail("needs REDIS_URL and PostgreSQL (the worker is another process)")
    if not shutil.which("redis-server"):
        skip_or_fail("redis-server is not installed")


def _start_worker(broker, media_root):
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER'] or 'root'}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": broker,
        "PRIVATE_MEDIA_ROOT": str(media_root),
    }
    return subprocess.Popen(
        [
            *(sys.executable, "-m", "celery", "-A", "ncc_portal", "worker"),
            *("--pool=prefork", "--concurrency=1", "--loglevel=WARNING"),
            *("--without-heartbeat", "--without-gossip", "--without-mingle"),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, to kill it whole
    )


def _kill_whole_worker(worker):
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)


def _stop_worker(worker):
    if worker.poll() is None:
        worker.terminate()
        worker.wait(timeout=30)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_report_whose_whole_worker_was_killed_is_rebuilt_by_the_next_one(
    reference_data, settings, private_root, tmp_path
):
    """The worker process and its child die by signal 9 mid-build (a machine's OOM killer, a
    lost container): nobody hands the task back for the broker's hour. The sweep does."""
    _needs_real_services()
    redis = RedisServer(tmp_path)  # a broker of our own: the dead worker's message stays there
    redis.start()
    broker = f"redis://127.0.0.1:{redis.port}/0"
    for n in range(120):
        InitiativeFactory(
            title_en=f"Initiative {n}", summary_en="A long summary. " * 40, indexed=False
        )
    coordinator = CoordinatorFactory(centre=NationalCentreFactory(country="DE"))
    worker = _start_worker(broker, private_root)
    try:
        with celery_broker(broker):
            report = services.request_report(
                kind="registry-overview", params={}, language="de", user=coordinator
            )

            def rendering():
                r = Report.objects.get(pk=report.pk)
                return r.status == "running" and r.progress >= 50

            assert wait_for(rendering, timeout=60), "the worker never started the report"
            _kill_whole_worker(worker)
            worker = _start_worker(broker, private_root)
            settings.REPORT_STALE_AFTER_SECONDS = 1
            assert wait_for(
                lambda: (
                    services.resume_interrupted_reports() >= 1
                    or Report.objects.get(pk=report.pk).status != "running"
                ),
                timeout=30,
            )
            assert wait_for(lambda: Report.objects.get(pk=report.pk).is_finished, timeout=120)
    finally:
        _stop_worker(worker)
        redis.stop()
    report.refresh_from_db()
    assert report.status == "done", report.error
    assert report.attempts == 2
    assert report.interrupted_at is not None
    files = sorted(p.name for p in (private_root / "reports").iterdir())
    assert files == [f"report-{report.pk}-de.pdf"]


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_report_asked_while_the_broker_was_stopped_is_built_once_it_is_back(
    reference_data, private_root, tmp_path
):
    _needs_real_services()
    redis = RedisServer(tmp_path)
    redis.start()
    broker = f"redis://127.0.0.1:{redis.port}/0"
    coordinator = CoordinatorFactory(centre=NationalCentreFactory(country="DE"))
    redis.stop()
    worker = None
    try:
        with celery_broker(broker):
            report = services.request_report(
                kind="registry-overview", params={}, language="nl", user=coordinator
            )
            report.refresh_from_db()
            assert (report.status, bool(report.error)) == ("queued", True)
            assert services.resume_interrupted_reports() == 0  # still down: the note stays
            redis.start()
            celery_app.close()  # drop the connections to the stopped broker
            worker = _start_worker(broker, private_root)
            assert services.resume_interrupted_reports() == 1
            assert wait_for(lambda: Report.objects.get(pk=report.pk).is_finished, timeout=120)
    finally:
        if worker:
            _stop_worker(worker)
        redis.stop()
    report.refresh_from_db()
    assert (report.status, report.error, report.attempts) == ("done", "", 1)
