import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "portal.example",
    "SITE_URL": "https://portal.example",
    "DATABASE_URL": "sqlite:////tmp/ncc-settings-check.sqlite3",
}


def manage(*args, env):
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy rightly warns about.
    ignored = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in ignored}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", env={**PRODUCTION_ENV, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_in_production_mode():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_asks_for_the_site_address():
    result = manage("check", "--deploy", env={**PRODUCTION_ENV, "SITE_URL": ""})
    assert "ncc_portal.W001" in result.stderr + result.stdout


def test_a_centre_deployment_defaults_to_its_language():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.LANGUAGE_CODE, "
        "settings.MODELTRANSLATION_FALLBACK_LANGUAGES['default'][:2])",
        env={"NCC_COUNTRY": "EE"},
    )
    assert result.stdout.strip().splitlines()[-1] == "et ('et', 'en')"


def test_an_invalid_boolean_is_reported_by_name():
    result = manage("check", env={"DEBUG": "maybe"})
    assert "DEBUG must be a boolean" in result.stderr
