"""A real Celery worker consuming from Redis: tasks are queued after commit and run elsewhere."""

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from ncc_portal import services
from ncc_portal.celery import app as celery_app

from ..conftest import skip_or_fail


@pytest.fixture
def redis_worker():
    broker = os.environ.get("REDIS_URL")
    if not broker:
        skip_or_fail("REDIS_URL is not set")
    previous = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    celery_app.conf.broker_url = broker
    celery_app.conf.task_always_eager = False
    try:
        with start_worker(
            celery_app,
            pool="solo",
            perform_ping_check=False,
            loglevel="WARNING",
            shutdown_timeout=20,
        ):
            yield
    finally:
        celery_app.conf.broker_url, celery_app.conf.task_always_eager = previous


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
