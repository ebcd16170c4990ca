"""The production stack is described in several files that must agree: the Procfile (what
`make prod` runs), docker-compose.yml, the Dockerfile, deploy/nginx.conf, .env.example and the
settings that read the environment. No container engine runs here, so they are compared."""

import re
from pathlib import Path

import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def procfile():
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip())


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def setting_names():
    """The environment variables the settings read."""
    source = (ROOT / "ncc_portal" / "settings.py").read_text()
    return set(
        re.findall(r"""env(?:_str|_bool|_int|_list)?\(\s*["']([A-Z0-9_]+)["']""", source)
    ) | set(re.findall(r"""os\.environ(?:\.get)?[\[(]\s*["']([A-Z0-9_]+)["']""", source))


def test_compose_runs_the_procfile_commands():
    processes = procfile()
    services = compose()["services"]
    assert services["web"]["command"] == (
        f'sh -c "{processes["release"]} && exec {processes["web"]}"'
    )
    assert services["worker"]["command"] == processes["worker"]
    assert services["beat"]["command"] == processes["beat"]


def test_the_production_script_runs_every_process_of_the_procfile():
    script = (ROOT / "deploy" / "prod.sh").read_text()
    assert "command_of release" in script
    for process in ("web", "worker", "beat"):
        assert process in re.search(r"for process in ([a-z ]+); do", script).group(1)
    assert "prod:" in (ROOT / "Makefile").read_text()
    assert "deploy/prod.sh" in (ROOT / "Makefile").read_text()


def test_every_environment_variable_given_is_one_the_settings_read():
    known = setting_names()
    portal = compose()["x-portal"]
    given = set(portal["environment"])
    env_example = {
        line.split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    }
    # POSTGRES_PASSWORD is the database container's own (and builds DATABASE_URL).
    unknown = (given | env_example) - known - {"POSTGRES_PASSWORD"}
    assert not unknown, f"Not read by ncc_portal/settings.py: {sorted(unknown)}"


def test_the_web_server_sends_the_files_from_where_the_stack_keeps_them():
    portal = compose()["x-portal"]
    environment = portal["environment"]
    assert environment["FILE_DOWNLOADS"] == "x-accel-redirect"
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    internal = environment["PROTECTED_FILES_URL"]
    private = re.search(rf"location {internal}private/ {{\s*internal;\s*alias ([^;]+);", nginx)
    media = re.search(rf"location {internal}media/ {{\s*internal;\s*alias ([^;]+);", nginx)
    assert private and private.group(1).rstrip("/") == environment["PRIVATE_MEDIA_ROOT"]
    assert media and media.group(1).rstrip("/") == environment["MEDIA_ROOT"]
    public = re.search(r"location /media/ {\s*alias ([^;]+);", nginx)
    assert public.group(1).rstrip("/") == environment["MEDIA_ROOT"]
    nginx_volumes = compose()["services"]["nginx"]["volumes"]
    assert any(v.startswith("private:" + environment["PRIVATE_MEDIA_ROOT"]) for v in nginx_volumes)
    assert any(v.startswith("media:" + environment["MEDIA_ROOT"]) for v in nginx_volumes)
    assert environment["TRUSTED_PROXY_COUNT"] == "1"
    assert "proxy_add_x_forwarded_for" in nginx


def test_the_image_has_what_the_portal_needs_at_run_time():
    dockerfile = (ROOT / "Dockerfile").read_text()
    makefile = (ROOT / "Makefile").read_text()
    packages = re.search(r"SYSTEM_PACKAGES := ((?:.*\\\n)*.*)", makefile).group(1)
    packages = set(packages.replace("\\\n", " ").split())
    # The browser, the PDF text extraction and Java serve the tests only.
    runtime = packages - {"chromium", "poppler-utils"}
    command = re.search(r"apt-get install((?:[^\n]*\\\n)*[^\n]*)", dockerfile)
    installed = set(command.group(1).split())
    assert runtime <= installed, runtime - installed
    for app in settings.INSTALLED_APPS:
        if (ROOT / app).is_dir():
            assert f"COPY {app} {app}" in dockerfile, app
    assert "CMD" not in dockerfile or "gunicorn.conf.py" in dockerfile
