"""The portal keeps serving when its cache's Redis stops (a real Redis on a spare port, really
stopped and started again; the shared Redis is never touched)."""

import logging
import shutil

import pytest
from django.core.cache import cache

from ..conftest import skip_or_fail
from ..factories import TEST_PASSWORD, InitiativeFactory
from ..redis_server import RedisServer


@pytest.fixture
def own_redis(tmp_path, settings, monkeypatch):
    if not shutil.which("redis-server"):
        skip_or_fail("redis-server is not installed")
    server = RedisServer(tmp_path)
    server.start()
    monkeypatch.setattr("ncc_portal.cache.RETRY_EVERY_SECONDS", 0)
    settings.CACHES = {
        "default": {
            "BACKEND": "ncc_portal.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.port}/0",
            "KEY_PREFIX": "outage-test",
        }
    }
    yield server
    if server.process.poll() is None:
        server.stop()


@pytest.fixture
def content(reference_data, innovator):
    from ecosystem.models import Resource

    initiative = InitiativeFactory(title_en="Repair café Kreuzberg", slug="repair-kreuzberg")
    Resource.objects.create(
        slug="guide",
        title_en="A guide to social procurement",
        abstract_en="How ministries buy social innovation.",
        type="guide",
        year=2026,
        status="published",
    )
    return initiative


PAGES = [
    "/en/",
    "/en/initiatives/",
    "/en/initiatives/?q=repair",
    "/en/initiatives/repair-kreuzberg/",
    "/en/library/",
    "/en/library/?q=procurement",
    "/en/library/guide/",
    "/en/ecosystem/",
]


@pytest.mark.django_db
def test_pages_and_sign_in_work_while_redis_is_stopped(client, own_redis, content, caplog):
    for url in PAGES:
        assert client.get(url).status_code == 200, url
    own_redis.stop()

    with caplog.at_level(logging.WARNING, logger="ncc_portal.cache"):
        for url in PAGES:
            assert client.get(url).status_code == 200, url
        response = client.post(
            "/en/accounts/login/", {"login": "ines@example.org", "password": TEST_PASSWORD}
        )
        assert response.status_code == 302
        assert "_auth_user_id" in client.session
        assert client.get("/en/accounts/profile/").status_code == 200
    warnings = [r for r in caplog.records if "not reachable" in r.getMessage()]
    assert len(warnings) == 1  # once a minute, not once per request

    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json()["cache"] == "unavailable"
    assert health.json()["status"] == "degraded"


@pytest.mark.django_db
def test_rate_limits_keep_counting_while_redis_is_stopped(client, settings, own_redis, innovator):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip,3/5m/key"}
    own_redis.stop()
    for _attempt in range(3):
        client.post("/en/accounts/login/", {"login": "ines@example.org", "password": "wrong"})
    response = client.post(
        "/en/accounts/login/", {"login": "ines@example.org", "password": TEST_PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


@pytest.mark.django_db
def test_nothing_cached_before_the_outage_is_served_after_it(client, own_redis, content):
    """A change made while Redis was away invalidated only the process's memory; the figures
    cached in Redis before the outage must not come back with it."""
    cache.set("figures", "before the outage", None)
    assert cache.get("figures") == "before the outage"
    own_redis.stop()
    cache.set("figures", "changed during the outage", None)  # reaches the memory only
    own_redis.start()  # with its data of before the outage
    assert cache.get("figures") is None  # renewed, not the stale value
    cache.set("figures", "after", None)
    assert cache.get("figures") == "after"
    assert client.get("/healthz").json()["cache"] == "ok"
