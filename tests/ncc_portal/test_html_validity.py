"""The Nu HTML checker (validator.nu, the ``vnu-jar`` package that ``make install`` fetches)
finds no error on the main public, signed-in and coordinators' pages, in two languages.

The pages are rendered by the real views and templates, written to files and checked in one
run of the checker (one Java start for all of them). An error names the page, the line and the
checker's message."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from ..conftest import skip_or_fail
from ..site_pages import site_world

LANGUAGES = ["de", "et"]
# The form pages after a failed save, so that error messages and the summary are checked too.
FAILED_FORMS = ["/organisations/new/", "/initiatives/new/"]


def vnu_jar():
    jars = sorted((Path(settings.BASE_DIR) / ".venv" / "share").glob("vnu-*.jar"))
    return jars[-1] if jars else None


def check_html(files):
    """The checker's error messages for ``files``: [(file, line, message)]."""
    result = subprocess.run(
        ["java", "-jar", str(vnu_jar()), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [
        (Path(m.get("url", "")).name, m.get("lastLine"), m["message"])
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]


@pytest.mark.django_db
def test_the_main_pages_are_valid_html(reference_data, tmp_path, settings):
    if not vnu_jar() or not shutil.which("java"):
        skip_or_fail("The Nu HTML checker needs Java and .venv/share/vnu-*.jar (make install)")
    settings.REPORT_QUEUE_LIMIT = 0
    world = site_world()
    visitors = [
        ("anonymous", None, world["anonymous_pages"]),
        ("member", world["member"], world["member_pages"]),
        ("coordinator", world["coordinator"], world["coordinator_pages"]),
    ]
    files = {}
    for language in LANGUAGES:
        for who, user, paths in visitors:
            client = Client()
            if user:
                client.force_login(user)
            for path in paths:
                response = client.get(f"/{language}{path}")
                if response.status_code in {301, 302} or not response.get(
                    "Content-Type", ""
                ).startswith("text/html"):
                    continue
                name = f"{language}-{who}-{len(files):03}.html"
                (tmp_path / name).write_bytes(response.content)
                files[name] = f"{who} /{language}{path}"
            if who == "member":
                for path in FAILED_FORMS:
                    response = client.post(f"/{language}{path}", {})
                    name = f"{language}-{who}-{len(files):03}.html"
                    (tmp_path / name).write_bytes(response.content)
                    files[name] = f"{who} POST /{language}{path}"
    assert len(files) > 100

    errors = check_html(sorted(tmp_path / name for name in files))
    assert not errors, "\n".join(
        f"{files.get(name, name)} line {line}: {message}" for name, line, message in errors
    )


BARE_HTMX = re.compile(r"""[\s"']hx-[a-z-]+=""")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/en/initiatives/", "/en/library/", "/en/ecosystem/", "/en/organisations/"]
)
def test_filter_forms_use_only_data_hx_attributes(client, reference_data, url):
    html = client.get(url).content.decode()
    assert 'data-hx-get="' in html
    assert not BARE_HTMX.search(html), BARE_HTMX.search(html).group(0)
