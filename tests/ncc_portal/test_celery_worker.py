"""A real Celery worker consuming from Redis: tasks are queued after commit and run elsewhere."""

import os
import time

import pytest
from django.core import mail

from ncc_portal import services
from ncc_portal.celery import app as celery_app

from ..conftest import celery_broker, skip_or_fail


def wait_for(condition, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_worker_sends_the_coordinators_notification_after_commit(redis_worker, ministry_de):
    from ..factories import CoordinatorFactory, NationalCentreFactory, UserFactory

    coordinator = CoordinatorFactory(centre=NationalCentreFactory(country="DE"), language="de")
    requester = UserFactory()
    services.request_public_sector_role(
        user=requester, organisation=ministry_de, position="Referat ESF"
    )
    assert wait_for(lambda: len(mail.outbox) == 1), "the worker did not send the email"
    message = mail.outbox[0]
    assert message.to == [coordinator.email]
    # Rendered by the worker in the coordinator's language, not the test's.
    assert "Anfrage" in message.subject or "Rolle" in message.subject


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_worker_builds_a_report(redis_worker, reference_data, settings, tmp_path):
    from ncc_portal.models import Report
    from ncc_portal.reports import services as reports

    from ..factories import CoordinatorFactory, InitiativeFactory, NationalCentreFactory

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    InitiativeFactory(title_en="Street work", title_et="Tänavatöö")
    coordinator = CoordinatorFactory(centre=NationalCentreFactory(country="EE"))
    report = reports.request_report(
        kind="registry-overview",
        params={},
        language="et",
        user=coordinator,
        centre=coordinator.centre,
    )
    assert wait_for(lambda: Report.objects.get(pk=report.pk).is_finished, timeout=60)
    report.refresh_from_db()
    assert report.status == "done", report.error
    assert report.file.open("rb").read(5) == b"%PDF-"


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_killing_the_worker_mid_report_still_ends_with_one_good_file(reference_data, tmp_path):
    """A worker process dies while rendering (as under the OOM killer): the broker hands the
    task to a fresh process, which builds the report again into the same, single file."""
    import signal
    import subprocess
    import sys

    from django.db import connection

    from ncc_portal.models import Report
    from ncc_portal.reports import services as reports

    from ..factories import CoordinatorFactory, InitiativeFactory, NationalCentreFactory

    broker = os.environ.get("REDIS_URL")
    if not broker or connection.vendor != "postgresql":
        skip_or_fail("needs REDIS_URL and PostgreSQL (the worker is another process)")
    for n in range(120):
        InitiativeFactory(
            title_en=f"Initiative {n}", summary_en="A long summary. " * 40, indexed=False
        )
    coordinator = CoordinatorFactory(centre=NationalCentreFactory(country="DE"))
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER'] or 'root'}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": broker,
        "PRIVATE_MEDIA_ROOT": str(tmp_path),
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "ncc_portal",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with celery_broker(broker):
            celery_app.control.purge()
            report = reports.request_report(
                kind="registry-overview", params={}, language="de", user=coordinator
            )

            def rendering():
                r = Report.objects.get(pk=report.pk)
                return r.status == "running" and r.progress >= 50

            assert wait_for(rendering, timeout=60), "the worker never started the report"
            children = subprocess.run(
                ["pgrep", "-P", str(worker.pid)], capture_output=True, text=True
            ).stdout.split()
            assert children, "no worker process to kill"
            for pid in children:
                os.kill(int(pid), signal.SIGKILL)
            assert wait_for(lambda: Report.objects.get(pk=report.pk).is_finished, timeout=120)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    report.refresh_from_db()
    assert report.status == "done", report.error
    assert report.attempts == 2
    files = sorted(p.name for p in (tmp_path / "reports").iterdir())
    assert files == [f"report-{report.pk}-de.pdf"]
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / report.file.name)], capture_output=True, text=True
    )
    assert info.returncode == 0 and "Pages:" in info.stdout
