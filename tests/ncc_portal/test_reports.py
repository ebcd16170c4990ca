import re
import subprocess
import zlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext

from ncc_portal.models import Report
from ncc_portal.reports import services

from ..conftest import celery_broker
from ..factories import InitiativeFactory, OrganisationFactory

# A heading of the registry overview and words with each language's own letters, which the
# shipped fonts must render (pdftotext would show boxes or nothing otherwise).
EXPECTED = {
    "de": ("Kennzahlen", ["Straßensozialarbeit", "Übergänge"]),
    "en": ("Key figures", ["Street work"]),
    "et": ("Põhinäitajad", ["Tänavatöö", "õpe"]),
    "nl": ("Kerncijfers", ["Straatwerk", "coöperatie"]),
    "fr": ("Chiffres clés", ["Travail de rue", "éducation", "ça"]),
}


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def registry(reference_data, centre_de):
    organisation = OrganisationFactory(name="Straßenwerk Kiel", slug="strassenwerk")
    InitiativeFactory(
        organisation=organisation,
        slug="street-work",
        title_en="Street work",
        title_de="Straßensozialarbeit",
        title_et="Tänavatöö",
        title_nl="Straatwerk",
        title_fr="Travail de rue",
        summary_en="Übergänge into work.",
        summary_de="Übergänge in Arbeit begleiten.",
        summary_et="Tänavatöö ja elukestev õpe.",
        summary_nl="Een coöperatie voor straatwerk.",
        summary_fr="Une éducation de rue, ça marche.",
        regions=["DEF02"],
        open_for_replication=True,
        replication_conditions_en="Two staff.",
    )
    return organisation


def pdf_text(path):
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


def pdf_language(path):
    """The /Lang entry of the document catalog (inside compressed object streams)."""
    data = Path(path).read_bytes()
    chunks = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    for chunk in chunks:
        found = re.search(rb"/Lang\s*\(([a-zA-Z-]+)\)", chunk)
        if found:
            return found.group(1).decode()
    return None


def pdf_info(path):
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


@pytest.mark.django_db
@pytest.mark.parametrize("language", list(EXPECTED))
def test_registry_overview_pdf_in_each_language(
    registry, coordinator_de, language, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.request_report(
            kind="registry-overview",
            params={"country": ""},
            language=language,
            user=coordinator_de,
            centre=coordinator_de.centre,
        )
    report.refresh_from_db()
    assert report.status == "done", report.error
    path = Path(report.file.path)
    heading, words = EXPECTED[language]
    text = pdf_text(path)
    assert heading in text
    for word in words:
        assert word in text, word
    info = pdf_info(path)
    assert info["Tagged"].strip() == "yes"
    assert info["Title"].strip() == report.title
    assert pdf_language(path) == language
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    font_rows = fonts.splitlines()[2:]
    assert font_rows and all(" yes " in row for row in font_rows), fonts


@pytest.mark.django_db
@pytest.mark.parametrize("language", list(EXPECTED))
def test_initiative_profile_pdf_in_each_language(
    client, registry, language, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(f"/{language}/initiatives/street-work/profile.pdf")
    report = Report.objects.get()
    assert response["Location"] == f"/{language}/reports/{report.pk}/"
    status_page = client.get(response["Location"]).content.decode()
    assert f"/{language}/reports/{report.pk}/download/" in status_page
    # Asking again finds the finished file at once.
    response = client.get(f"/{language}/initiatives/street-work/profile.pdf")
    assert response["Location"] == f"/{language}/reports/{report.pk}/download/"
    download = client.get(response["Location"])
    assert download["Content-Type"] == "application/pdf"
    text = pdf_text(report.file.path)
    assert EXPECTED[language][1][0] in text
    with translation.override(language):
        headings = [
            gettext("Facts"),
            gettext("Open for replication"),
            gettext("Initiative profile"),
        ]
    if language != "en":
        assert headings[0] != "Facts"  # really translated
    for heading in headings:
        assert heading in text.replace("\n", " "), heading
    info = pdf_info(report.file.path)
    assert info["Tagged"].strip() == "yes"
    assert info["Title"].strip() == EXPECTED[language][1][0]
    assert pdf_language(report.file.path) == language
    fonts = subprocess.run(["pdffonts", report.file.path], capture_output=True, text=True).stdout
    assert all(" yes " in row for row in fonts.splitlines()[2:]), fonts


@pytest.mark.django_db
def test_the_same_profile_version_is_built_once(client, registry):
    # (callbacks are not run here: the second request finds the first, still queued)
    client.get("/en/initiatives/street-work/profile.pdf")
    client.get("/en/initiatives/street-work/profile.pdf")
    assert Report.objects.count() == 1


@pytest.mark.django_db
def test_building_twice_leaves_exactly_one_file(registry, coordinator_de, private_root):
    report = services.request_report(
        kind="registry-overview",
        params={"country": "DE"},
        language="de",
        user=coordinator_de,
        centre=coordinator_de.centre,
    )
    services.build_report(report.pk)
    Report.objects.filter(pk=report.pk).update(status="running")  # as if redelivered
    services.build_report(report.pk)
    files = list((private_root / "reports").iterdir())
    assert [f.name for f in files] == [f"report-{report.pk}-de.pdf"]
    report.refresh_from_db()
    assert (report.status, report.attempts) == ("done", 2)


@pytest.mark.django_db
def test_a_report_that_kept_killing_its_worker_fails_with_a_reason(registry, coordinator_de):
    report = services.request_report(
        kind="registry-overview", params={}, language="en", user=coordinator_de
    )
    Report.objects.filter(pk=report.pk).update(status="running", attempts=3)
    services.build_report(report.pk)
    report.refresh_from_db()
    assert report.status == "failed"
    assert "3 attempts" in report.error


@pytest.mark.django_db
def test_an_unknown_country_is_refused(coordinator_de):
    with pytest.raises(ValidationError):
        services.request_report(
            kind="registry-overview",
            params={"country": "FR"},
            language="en",
            user=coordinator_de,
        )


@pytest.mark.django_db
def test_a_failed_report_shows_its_error_and_can_be_retried(
    client, registry, coordinator_de, django_capture_on_commit_callbacks
):
    report = Report.objects.create(
        kind="initiative-profile",
        params={"initiative": "gone"},
        language="en",
        title="Old",
        requested_by=coordinator_de,
    )
    services.build_report(report.pk)
    report.refresh_from_db()
    assert report.status == "failed"
    client.force_login(coordinator_de)
    assert (
        "There is no published initiative"
        in client.get(f"/en/reports/{report.pk}/").content.decode()
    )
    Report.objects.filter(pk=report.pk).update(params={"initiative": "street-work"})
    client.post(f"/en/reports/{report.pk}/retry/")
    report.refresh_from_db()
    assert report.status == "done"


@pytest.mark.django_db(transaction=True)
def test_broker_down_keeps_the_request(client, registry, coordinator_de, settings):
    with celery_broker("redis://127.0.0.1:1/0"):
        client.force_login(coordinator_de)
        response = client.post(
            "/en/reports/new/",
            {"kind": "registry-overview", "country": "DE", "language": "et"},
            follow=True,
        )
    report = Report.objects.get()
    assert report.status == "queued"
    assert "not reachable" in report.error
    assert "background service is not reachable" in response.content.decode()
    client.post(f"/en/reports/{report.pk}/retry/")
    report.refresh_from_db()
    assert report.status == "done"


@pytest.mark.django_db
def test_purge_deletes_old_files_and_keeps_records(registry, coordinator_de):
    report = services.request_report(
        kind="registry-overview", params={}, language="en", user=coordinator_de
    )
    services.build_report(report.pk)
    report.refresh_from_db()
    path = Path(report.file.path)
    Report.objects.filter(pk=report.pk).update(finished_at=timezone.now() - timedelta(days=40))
    assert services.purge_report_files() == 1
    report.refresh_from_db()
    assert not path.exists()
    assert report.purged_at is not None and not report.is_downloadable


@pytest.mark.django_db
def test_report_visibility_per_role(
    client, registry, coordinator_de, coordinator_nl, innovator, administrator
):
    report = services.request_report(
        kind="registry-overview",
        params={},
        language="en",
        user=coordinator_de,
        centre=coordinator_de.centre,
    )
    services.build_report(report.pk)
    colleague = type(coordinator_de).objects.create(
        email="colleague@ncc-de.example", role="coordinator", centre=coordinator_de.centre
    )
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(colleague, "JBSWY3DPEHPK3PXP")
    expected = {
        None: 404,
        innovator: 404,
        coordinator_nl: 404,
        coordinator_de: 200,
        colleague: 200,
        administrator: 200,
    }
    for user, status in expected.items():
        client.logout()
        if user:
            client.force_login(user)
        assert client.get(f"/en/reports/{report.pk}/download/").status_code == status, user
        listed = client.get("/en/reports/")
        if user in (coordinator_de, colleague, administrator):
            assert report.title in listed.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["innovator", "public_sector_user"])
def test_only_coordinators_request_overviews(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/en/reports/new/").status_code == 403
    assert (
        client.post("/en/reports/new/", {"kind": "registry-overview", "language": "en"}).status_code
        == 403
    )


@pytest.mark.django_db(transaction=True)
def test_five_languages_at_once(client, registry, coordinator_de):
    client.force_login(coordinator_de)
    client.post(
        "/en/reports/new/", {"kind": "registry-overview", "country": "DE", "language": "all"}
    )
    reports = Report.objects.all()
    assert sorted(r.language for r in reports) == ["de", "en", "et", "fr", "nl"]
    assert len({r.batch for r in reports}) == 1
    assert all(r.status == "done" for r in reports)


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 3])
def test_report_list_query_count(client, coordinator_de, rows, django_assert_num_queries):
    for _n in range(rows):
        Report.objects.create(
            kind="registry-overview",
            language="en",
            title="R",
            requested_by=coordinator_de,
            centre=coordinator_de.centre,
        )
    client.force_login(coordinator_de)
    # session, user, TOTP check, the user's centre, count, page (requester joined)
    with django_assert_num_queries(6):
        client.get("/en/reports/")


@pytest.mark.django_db
def test_public_pdfs_are_limited_per_visitor_and_hour(client, settings, reference_data):
    # (Without on-commit callbacks the reports just wait in the queue: no PDF is built here.)
    settings.PUBLIC_REPORT_BUILDS_PER_HOUR = 2
    settings.PUBLIC_REPORTS_WAITING_MAX = 100
    slugs = [InitiativeFactory().slug for _n in range(3)]
    for slug in slugs[:2]:
        assert client.get(f"/de/initiatives/{slug}/profile.pdf").status_code == 302
    response = client.get(f"/de/initiatives/{slugs[2]}/profile.pdf")
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert "Bitte versuchen Sie es später erneut" in response.content.decode()
    assert Report.objects.count() == 2
    # A report that exists costs nothing, and another visitor has a budget of their own.
    assert client.get(f"/de/initiatives/{slugs[0]}/profile.pdf").status_code == 302
    other = type(client)(REMOTE_ADDR="192.0.2.7")
    assert other.get(f"/de/initiatives/{slugs[2]}/profile.pdf").status_code == 302


@pytest.mark.django_db
def test_public_pdfs_wait_when_the_queue_is_full(client, settings, reference_data, innovator):
    settings.PUBLIC_REPORTS_WAITING_MAX = 1
    first, second = InitiativeFactory(), InitiativeFactory()
    assert client.get(f"/en/initiatives/{first.slug}/profile.pdf").status_code == 302
    client.force_login(innovator)
    response = client.get(f"/en/initiatives/{second.slug}/profile.pdf")
    assert response.status_code == 429
    assert f'href="/en/initiatives/{second.slug}/"' in response.content.decode()
    Report.objects.update(status="done")
    assert client.get(f"/en/initiatives/{second.slug}/profile.pdf").status_code == 302


@pytest.mark.django_db
def test_retrying_a_public_pdf_counts_against_the_limit(client, settings, reference_data):
    settings.PUBLIC_REPORT_BUILDS_PER_HOUR = 1
    initiative = InitiativeFactory()
    response = client.get(f"/en/initiatives/{initiative.slug}/profile.pdf")
    report = Report.objects.get()
    Report.objects.update(status="failed")
    response = client.post(f"/en/reports/{report.pk}/retry/", follow=True)
    assert "try again in about ten minutes" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "failed"


@pytest.mark.django_db
def test_kinds_built_from_their_subjects_page_are_not_offered_on_the_request_form(
    client, coordinator_de
):
    from ncc_portal import parts

    built_elsewhere = {kind.name for kind in parts.report_kinds if not kind.requestable}
    assert "upscaling-dossier" in built_elsewhere
    client.force_login(coordinator_de)
    page = client.get("/en/reports/new/").content.decode()
    assert 'value="registry-overview"' in page
    for name in built_elsewhere:
        assert f'value="{name}"' not in page
    response = client.post(
        "/en/reports/new/", {"kind": "upscaling-dossier", "country": "", "language": "en"}
    )
    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert not Report.objects.exists()
