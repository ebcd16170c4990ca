import pytest

from ..conftest import celery_broker


@pytest.mark.django_db
def test_healthz_reports_database_and_eager_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert (data["status"], data["database"], data["broker"]) == ("ok", "ok", "eager")
    assert data["cache"] in {"local", "ok"}  # in memory, or the Redis of REDIS_URL


@pytest.mark.django_db
def test_healthz_answers_503_when_the_broker_is_unreachable(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with celery_broker("redis://127.0.0.1:1/0"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "unavailable"
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_healthz_has_no_language_prefix_and_is_not_cached(client):
    response = client.get("/healthz")
    assert "no-cache" in response["Cache-Control"]
    assert client.get("/en/healthz").status_code == 404
