import copy
import os
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import override_settings
from django.utils import translation

from ncc_portal.celery import app as celery_app
from ncc_portal.fulltext import memory
from ncc_portal.models import Region
from ncc_portal.reference import load_reference_data

from .factories import (
    AdministratorFactory,
    CoordinatorFactory,
    NationalCentreFactory,
    OrganisationFactory,
    UserFactory,
)

# In CI (NCC_REQUIRE_SERVICES=1) a test that needs PostgreSQL, Redis or Chromium fails instead of
# being skipped, so a green run always includes them.
REQUIRE_SERVICES = os.environ.get("NCC_REQUIRE_SERVICES") == "1"


def skip_or_fail(reason):
    if REQUIRE_SERVICES:
        pytest.fail(f"required service missing: {reason}")
    pytest.skip(reason)


# --- One process of a parallel run (pytest-xdist) shares nothing with the other -----------------
# pytest-django gives each process its own test database; the Redis database (which the tests
# flush) and the media folders are separated here. Process N uses the Redis database N places
# after the one REDIS_URL names, so CI's /14 becomes /14 and /15.


def _worker_number():
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1", … under pytest-xdist
    return int(worker[2:]) if worker.startswith("gw") else 0


def _redis_database_moved(url, by):
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(database + by) % 16}"))


WORKER = _worker_number()
if WORKER and os.environ.get("REDIS_URL"):
    # Read by the tests that start a Celery worker in another process.
    os.environ["REDIS_URL"] = _redis_database_moved(os.environ["REDIS_URL"], WORKER)


@pytest.fixture(scope="session", autouse=True)
def _process_of_its_own(tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    changes = {"MEDIA_ROOT": media / "public", "PRIVATE_MEDIA_ROOT": media / "private"}
    broker = django_settings.CELERY_BROKER_URL
    if WORKER and broker:
        changes["CELERY_BROKER_URL"] = _redis_database_moved(broker, WORKER)
    if WORKER and "LOCATION" in django_settings.CACHES["default"]:
        caches = copy.deepcopy(django_settings.CACHES)
        location = caches["default"]["LOCATION"]
        caches["default"]["LOCATION"] = _redis_database_moved(location, WORKER)
        changes["CACHES"] = caches
    with override_settings(**changes), celery_broker_url(changes.get("CELERY_BROKER_URL")):
        yield


@contextmanager
def celery_broker_url(url):
    previous = celery_app.conf.broker_url
    if url:
        celery_app.conf.broker_url = url
    try:
        yield
    finally:
        celery_app.conf.broker_url = previous


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # With REDIS_URL set the cache is shared between tests (and runs): start each test empty.
    cache.clear()
    memory.forget()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ACCOUNT_RATE_LIMITS = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Each test starts in English: a request through the test client leaves its language
    active in the thread (LocaleMiddleware activates, nothing deactivates)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _eager_celery():
    """Tasks run in-process unless a test asks for a real worker (see test_celery_worker)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def reference_data(db):
    if not Region.objects.exists():
        load_reference_data()


@pytest.fixture
def centre_de(db):
    return NationalCentreFactory(country="DE", name_en="NCC Germany", name_de="NKZ Deutschland")


@pytest.fixture
def centre_nl(db):
    return NationalCentreFactory(country="NL", name_en="NCC Netherlands")


@pytest.fixture
def innovator(db):
    return UserFactory(email="ines@example.org", name="Ines Innovator")


@pytest.fixture
def other_innovator(db):
    return UserFactory(email="otto@example.org", name="Otto Other")


@pytest.fixture
def public_sector_user(db):
    return UserFactory(email="maria@ministry.example", name="Maria Ministry", role="public_sector")


@pytest.fixture
def coordinator_de(centre_de):
    return CoordinatorFactory(
        email="katrin@ncc-de.example", name="Katrin", centre=centre_de, language="de"
    )


@pytest.fixture
def coordinator_nl(centre_nl):
    return CoordinatorFactory(
        email="koen@ncc-nl.example", name="Koen", centre=centre_nl, language="nl"
    )


@pytest.fixture
def administrator(db):
    return AdministratorFactory(email="alex@ncc.example", name="Alex Admin")


@pytest.fixture
def organisation(innovator):
    organisation = OrganisationFactory(name="Neighbourhood Works", slug="neighbourhood-works")
    organisation.memberships.create(user=innovator)
    return organisation


@pytest.fixture
def ministry_de(db):
    return OrganisationFactory(
        name="Federal Ministry (test)", slug="federal-ministry", kind="ministry", country="DE"
    )


@contextmanager
def celery_broker(url, *, eager=False):
    """Point the Celery app at ``url`` for a block, dropping its pooled connections (the same
    reset Celery does after a fork), so nothing is sent to the previous broker."""

    def use(broker_url, always_eager):
        celery_app.conf.broker_url = broker_url
        celery_app.conf.task_always_eager = always_eager
        celery_app.close()
        celery_app.amqp._producer_pool = None

    previous = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    use(url, eager)
    try:
        yield
    finally:
        use(*previous)


@pytest.fixture
def redis_worker():
    broker = os.environ.get("REDIS_URL")
    if not broker:
        skip_or_fail("REDIS_URL is not set")
    with celery_broker(broker):
        # Messages left by an earlier run would be consumed against another test database.
        celery_app.control.purge()
        with start_worker(
            celery_app,
            pool="solo",
            perform_ping_check=False,
            loglevel="WARNING",
            shutdown_timeout=20,
        ):
            yield
