"""Permission-checked downloads are sent by the web server in front in production: the view
checks, then answers with X-Accel-Redirect (nginx) or X-Sendfile (Apache) and no body."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile

from ncc_portal.reports import services
from ncc_portal.storage import PrivateStorage, file_download

from .test_reports import private_root, registry  # noqa: F401 (fixtures)


class _Field:
    """Enough of a FileField for a FieldFile outside a model."""

    def __init__(self, storage):
        self.storage = storage


def stored(storage, name, content):
    name = storage.save(name, ContentFile(content))
    return FieldFile(None, _Field(storage), name)


@pytest.fixture
def private_file(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return stored(PrivateStorage(), "reports/Übersicht 2026.pdf", b"%PDF-1.7 test")


def test_development_streams_the_file_from_django(private_file, settings):
    settings.FILE_DOWNLOADS = "django"
    response = file_download(private_file, filename="Übersicht.pdf", content_type="application/pdf")
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"
    assert "X-Accel-Redirect" not in response


def test_nginx_gets_an_internal_redirect_to_the_private_area(private_file, settings):
    settings.FILE_DOWNLOADS = "x-accel-redirect"
    response = file_download(private_file, filename="Übersicht.pdf", content_type="application/pdf")
    assert response.content == b""
    assert response["X-Accel-Redirect"] == "/protected/private/reports/%C3%9Cbersicht%202026.pdf"
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "filename*=utf-8''%C3%9Cbersicht.pdf" in response["Content-Disposition"]


def test_public_uploads_map_to_the_media_area(settings, tmp_path):
    settings.FILE_DOWNLOADS = "x-accel-redirect"
    public = stored(FileSystemStorage(location=tmp_path), "initiatives/logo.png", b"png")
    response = file_download(public, filename="logo.png", content_type="image/png")
    assert response["X-Accel-Redirect"] == "/protected/media/initiatives/logo.png"


def test_apache_gets_the_path(private_file, settings):
    settings.FILE_DOWNLOADS = "x-sendfile"
    response = file_download(private_file, filename="a.pdf", content_type="application/pdf")
    assert response["X-Sendfile"] == private_file.path


def test_a_missing_file_is_refused_before_the_web_server_sees_it(private_file, settings):
    settings.FILE_DOWNLOADS = "x-accel-redirect"
    private_file.storage.delete(private_file.name)
    with pytest.raises(FileNotFoundError):
        file_download(private_file, filename="a.pdf", content_type="application/pdf")


@pytest.mark.django_db
def test_the_report_download_checks_then_hands_over(
    client,
    registry,  # noqa: F811 (the fixture imported above)
    coordinator_de,
    innovator,
    settings,  # noqa: F811
):
    settings.FILE_DOWNLOADS = "x-accel-redirect"
    report = services.request_report(
        kind="registry-overview",
        params={},
        language="en",
        user=coordinator_de,
        centre=coordinator_de.centre,
    )
    services.build_report(report.pk)
    report.refresh_from_db()
    client.force_login(innovator)
    assert client.get(f"/en/reports/{report.pk}/download/").status_code == 404
    client.force_login(coordinator_de)
    response = client.get(f"/en/reports/{report.pk}/download/")
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected/private/{report.file.name}"
    assert response.content == b""


def test_production_defaults(monkeypatch):
    """Without DEBUG, media are not served by Django and downloads go to the web server."""
    import importlib

    import ncc_portal.settings as portal_settings

    monkeypatch.setenv("DEBUG", "false")
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "portal.example")
    try:
        production = importlib.reload(portal_settings)
        assert production.SERVE_MEDIA is False
        assert production.FILE_DOWNLOADS == "x-accel-redirect"
    finally:
        monkeypatch.undo()
        importlib.reload(portal_settings)
