"""The production stack, started as `make prod` starts it (deploy/prod.sh: gunicorn, a Celery
worker and Celery beat, DEBUG off) against PostgreSQL and a Redis of its own on a spare port,
with demo data: a smoke test of the main pages, signing in, static files, media and a report
built by the stack's own worker, then the same pages with that Redis really stopped."""

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import pytest
from django.conf import settings

from ..conftest import skip_or_fail
from ..redis_server import RedisServer

ROOT = Path(settings.BASE_DIR)
DATABASE = f"ncc_portal_stack_{os.getpid()}"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres(statement):
    with psycopg.connect("postgresql://root@127.0.0.1:5432/postgres", autocommit=True) as db:
        db.execute(statement)


class Browser:
    """Plain HTTP against the stack, keeping its cookies (they are marked Secure, as behind
    the TLS proxy, so a cookie jar would not send them over loopback HTTP)."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Host": "127.0.0.1", "X-Forwarded-For": "203.0.113.9", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            body = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return response, content

    def get(self, path):
        return self.request("GET", path)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    try:
        postgres("SELECT 1")
    except psycopg.OperationalError:
        skip_or_fail("PostgreSQL on 127.0.0.1:5432 is needed for the production stack")
    directory = tmp_path_factory.mktemp("stack")
    redis = RedisServer(directory)
    redis.start()
    postgres(f"DROP DATABASE IF EXISTS {DATABASE}")
    postgres(f"CREATE DATABASE {DATABASE}")
    port = free_port()
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))},
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DATABASE_URL": f"postgres://root@127.0.0.1:5432/{DATABASE}",
        "REDIS_URL": f"redis://127.0.0.1:{redis.port}/0",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "SECURE_SSL_REDIRECT": "false",
        "TRUSTED_PROXY_COUNT": "1",
        "STATIC_ROOT": str(directory / "static"),
        "MEDIA_ROOT": str(directory / "media"),
        "PRIVATE_MEDIA_ROOT": str(directory / "private"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    environment.pop("DEBUG", None)
    log = open(directory / "stack.log", "w")  # noqa: SIM115 (open while the stack runs)
    # The demo data first (the release step's migrations run here), then the stack.
    seeded = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env={**environment, "DEBUG": "false"},
        capture_output=True,
        text=True,
    )
    assert seeded.returncode == 0, seeded.stderr
    seeded = subprocess.run(
        [sys.executable, "manage.py", "seed_demo"],
        cwd=ROOT,
        env={**environment, "DEBUG": "false"},
        capture_output=True,
        text=True,
    )
    assert seeded.returncode == 0, seeded.stderr
    process = subprocess.Popen(
        [str(ROOT / "deploy" / "prod.sh")],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    browser = Browser(port)
    try:
        for _ in range(240):
            assert process.poll() is None, (directory / "stack.log").read_text()[-3000:]
            try:
                if browser.get("/healthz")[0].status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        else:
            pytest.fail("The stack did not answer: " + (directory / "stack.log").read_text())
        yield {
            "browser": browser,
            "redis": redis,
            "log": directory / "stack.log",
        }
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()
        if redis.process.poll() is None:
            redis.stop()
        postgres(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def first_initiative(html):
    """The address of the first initiative listed on a page of the registry's list."""
    return re.search(r'<article class="initiative-card">\s*<h2[^>]*><a href="([^"]+)"', html).group(
        1
    )


def sign_in(browser, email, password):
    browser.cookies.clear()
    response, page = browser.get("/en/accounts/login/")
    assert response.status == 200
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    return browser.request(
        "POST",
        "/en/accounts/login/",
        {"login": email, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"http://127.0.0.1:{browser.port}/en/accounts/login/"},
    )[0]


def test_the_stack_serves_the_portal(stack):
    browser = stack["browser"]
    response, body = browser.get("/healthz")
    assert response.status == 200 and b'"status": "ok"' in body
    for path in ["/en/", "/de/initiatives/", "/et/library/", "/nl/training/", "/en/ecosystem/"]:
        assert browser.get(path)[0].status == 200, path
    response, page = browser.get("/en/initiatives/?q=repair")
    assert response.status == 200
    detail = first_initiative(page.decode())
    assert browser.get(detail)[0].status == 200

    # Static files come from WhiteNoise with far-future caching; media never from Django.
    home = browser.get("/en/")[1].decode()
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', home).group(1)
    response, _ = browser.get(stylesheet)
    assert response.status == 200 and "max-age=315360000" in response.headers["Cache-Control"]
    assert browser.get("/media/initiatives/anything.png")[0].status == 404

    # Signing in works (sessions in the database).
    from ncc_portal.demo import DEMO_PASSWORD

    assert sign_in(browser, "innovator@ncc-demo.example", DEMO_PASSWORD).status == 302
    assert browser.get("/en/initiatives/mine/")[0].status == 200


def test_the_stack_worker_builds_a_report_that_the_web_server_sends(stack):
    browser = stack["browser"]
    browser.cookies.clear()
    detail = first_initiative(browser.get("/en/initiatives/")[1].decode())
    for _ in range(120):
        response, _ = browser.get(f"{detail}profile.pdf")
        assert response.status == 302, (detail, response.status)
        location = response.headers["Location"]
        if location.endswith("/download/"):
            break
        time.sleep(0.5)
    else:
        pytest.fail("The worker did not build the profile: " + stack["log"].read_text()[-3000:])
    response, body = browser.get(location)
    assert response.status == 200 and body == b""
    assert response.headers["X-Accel-Redirect"].startswith("/protected/private/reports/")


def test_the_stack_keeps_serving_without_redis(stack):
    browser = stack["browser"]
    stack["redis"].stop()
    try:
        response, body = browser.get("/healthz")
        assert response.status == 503 and b'"cache": "unavailable"' in body
        for path in [
            "/en/",
            "/en/initiatives/?q=garden",
            "/de/initiatives/?q=Nachbarschaft&country=DE",
            "/en/library/?q=funding",
            "/fr/training/",
        ]:
            assert browser.get(path)[0].status == 200, path
        detail = first_initiative(browser.get("/en/initiatives/")[1].decode())
        assert browser.get(detail)[0].status == 200
        from ncc_portal.demo import DEMO_PASSWORD

        assert sign_in(browser, "innovator@ncc-demo.example", DEMO_PASSWORD).status == 302
        assert browser.get("/en/initiatives/mine/")[0].status == 200
    finally:
        stack["redis"].start()
    for _ in range(60):
        if browser.get("/healthz")[0].status == 200:
            break
        time.sleep(0.5)
    else:
        pytest.fail("The stack did not recover when Redis came back")
