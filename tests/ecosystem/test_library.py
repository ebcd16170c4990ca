"""The resource library: permissions per role, access level and file URL; uploads checked by
content, size and virus scan; full-text search into files; facets, sorting, export; collections."""

import csv
import io
import socket
import struct
import threading
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ecosystem.library import services
from ecosystem.models import (
    AccessLevel,
    Audience,
    Collection,
    PublicationStatus,
    Resource,
    ResourceFile,
)
from ncc_portal.models import Theme

from ..factories import UserFactory

PDF_HEADER = b"%PDF-1.4\n"


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.CLAMD_ADDRESS = ""
    settings.LIBRARY_MAX_UPLOAD_MB = 5


def make_resource(*, title="Guide", access_level=AccessLevel.PUBLIC, published=True, **fields):
    data = {
        "title_en": title,
        "abstract_en": fields.pop("abstract", f"About {title}."),
        "type": fields.pop("type", "guide"),
        "country": fields.pop("country", "DE"),
        "year": fields.pop("year", 2024),
        "access_level": access_level,
        "themes": fields.pop("themes", []),
        "audiences": fields.pop("audiences", []),
        **fields,
    }
    resource = services.create_resource(author=None, data=data)
    if published:
        services.publish_resource(resource=resource, actor=None)
    return resource


def pdf_upload(name="guide.pdf", body=b"hello"):
    return SimpleUploadedFile(name, PDF_HEADER + body, content_type="application/pdf")


def zip_upload(name, members, content_type="application/zip"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, text in members:
            compress = zipfile.ZIP_STORED if member == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(member, text, compress_type=compress)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def docx_upload(text="Werkplaats"):
    return zip_upload(
        "plan.docx",
        [
            ("[Content_Types].xml", "<Types/>"),
            (
                "word/document.xml",
                f"<w:document><w:body><w:p><w:r><w:t>{text}</w:t></w:r><w:r><w:t>en"
                "</w:t></w:r></w:p><w:p><w:r><w:t>tweede &amp; regel</w:t></w:r></w:p>"
                "</w:body></w:document>",
            ),
        ],
    )


def odt_upload(text="Kogukond"):
    return zip_upload(
        "plan.odt",
        [
            ("mimetype", "application/vnd.oasis.opendocument.text"),
            ("META-INF/manifest.xml", "<manifest/>"),
            ("content.xml", f"<office:document-content><text:p>{text}</text:p>"),
        ],
    )


def real_pdf(text):
    import weasyprint

    return weasyprint.HTML(string=f"<h1>Report</h1><p>{text}</p>").write_pdf()


def add_file(resource, upload=None, language="en"):
    return services.add_file(
        resource=resource, language=language, upload=upload or pdf_upload(), user=None
    )


def titles(response):
    return [card.title for card in response.context["page"].object_list]


@pytest.fixture
def researcher(db):
    return UserFactory(email="rita@research.example", role="researcher")


ROLES = [
    "anonymous",
    "innovator",
    "public_sector_user",
    "researcher",
    "coordinator_de",
    "administrator",
]


@pytest.fixture
def as_role(request, client):
    def sign_in(role):
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        return client

    return sign_in


# ---------------------------------------------------------------------------------------------
# Permissions: every role × access level × the file URL
# ---------------------------------------------------------------------------------------------

# role -> (public, signed_in, public_sector): what the file URL answers.
EXPECTED_FILE_STATUS = {
    "anonymous": (200, 302, 302),
    "innovator": (200, 200, 403),
    "public_sector_user": (200, 200, 200),
    "researcher": (200, 200, 200),
    "coordinator_de": (200, 200, 200),
    "administrator": (200, 200, 200),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "level_index,level",
    list(enumerate([AccessLevel.PUBLIC, AccessLevel.SIGNED_IN, AccessLevel.PUBLIC_SECTOR])),
)
def test_file_url_follows_role_and_access_level(as_role, role, level_index, level):
    resource = make_resource(title="Manual", access_level=level)
    stored = add_file(resource, pdf_upload("manual.pdf", b"secret content"))
    client = as_role(role)
    response = client.get(f"/en/library/{resource.slug}/files/{stored.pk}/")
    expected = EXPECTED_FILE_STATUS[role][level_index]
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Disposition"].startswith("attachment;")
        assert b"".join(response.streaming_content) == PDF_HEADER + b"secret content"
    if expected == 302:
        assert response["Location"].startswith("/en/accounts/login/?next=")
    resource.refresh_from_db()
    assert resource.download_count == (1 if expected == 200 else 0)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_unpublished_resource_and_its_files_are_hidden_from_non_editors(as_role, role):
    resource = make_resource(title="Draft", published=False)
    stored = add_file(resource)
    client = as_role(role)
    editor = role in {"researcher", "coordinator_de", "administrator"}
    assert client.get(f"/en/library/{resource.slug}/").status_code == (200 if editor else 404)
    file_url = f"/en/library/{resource.slug}/files/{stored.pk}/"
    assert client.get(file_url).status_code == (200 if editor else 404)
    resource.refresh_from_db()
    assert resource.download_count == 0  # editors checking a draft are not downloads


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_another_resources_file_cannot_be_reached_by_guessing(as_role, role):
    public = make_resource(title="Open guide")
    restricted = make_resource(title="Internal note", access_level=AccessLevel.PUBLIC_SECTOR)
    secret = add_file(restricted)
    client = as_role(role)
    assert client.get(f"/en/library/{public.slug}/files/{secret.pk}/").status_code == 404
    assert client.get(f"/en/library/{public.slug}/files/999999/").status_code == 404
    # nothing under the public media path points at the file
    assert not secret.file.name.startswith("/")
    assert client.get(f"/media/{secret.file.name}").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", 302),
        ("innovator", 403),
        ("public_sector_user", 403),
        ("researcher", 200),
        ("coordinator_de", 200),
        ("administrator", 200),
    ],
)
def test_adding_resources_is_for_editors(as_role, role, expected):
    resource = make_resource(title="Existing")
    client = as_role(role)
    assert client.get("/en/library/new/").status_code == expected
    assert client.get(f"/en/library/{resource.slug}/edit/").status_code == expected
    assert client.get(f"/en/library/{resource.slug}/files/new/").status_code == expected
    draft = make_resource(title="Waiting", published=False)
    response = client.post(f"/en/library/{draft.slug}/publish/")
    assert response.status_code == (302 if expected != 403 else 403)
    draft.refresh_from_db()
    assert draft.status == (
        PublicationStatus.PUBLISHED if expected == 200 else PublicationStatus.DRAFT
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", 302),
        ("innovator", 403),
        ("public_sector_user", 403),
        ("researcher", 403),
        ("coordinator_de", 200),
        ("administrator", 200),
    ],
)
def test_curating_collections_is_for_coordinators(as_role, role, expected):
    collection = Collection.objects.create(slug="toolkit", title_en="Toolkit", introduction_en="")
    client = as_role(role)
    assert client.get("/en/library/collections/new/").status_code == expected
    assert client.get(f"/en/library/collections/{collection.slug}/edit/").status_code == expected
    assert client.get(f"/en/library/collections/{collection.slug}/").status_code == 200


@pytest.mark.django_db
def test_detail_shows_a_lock_note_instead_of_links_when_restricted(client, innovator):
    resource = make_resource(title="For ministries", access_level=AccessLevel.PUBLIC_SECTOR)
    stored = add_file(resource, pdf_upload("nota.pdf"), language="nl")
    client.force_login(innovator)
    page = client.get(f"/en/library/{resource.slug}/").content.decode()
    assert "for public-sector staff only" in page
    assert "nota.pdf" in page and "Dutch" in page and "PDF" in page
    assert f"/files/{stored.pk}/" not in page


# ---------------------------------------------------------------------------------------------
# Uploads: type by content, size, virus scan
# ---------------------------------------------------------------------------------------------


def resource_post(**overrides):
    data = {
        "title_en": "Incubation handbook",
        "abstract_en": "How to run an incubator for social enterprises.",
        "type": "guide",
        "year": "2024",
        "country": "",
        "access_level": "public",
        "file_language": "en",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_renamed_executable_is_refused_and_the_form_is_kept(client, researcher):
    client.force_login(researcher)
    exe = SimpleUploadedFile("report.pdf", b"MZ\x90\x00" + b"\0" * 200, "application/pdf")
    response = client.post("/en/library/new/", resource_post(file=exe))
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert errors == [
        "This file is not a PDF, Word, Excel, PowerPoint or OpenDocument file. We check the "
        "content of the file, not its name."
    ]
    content = response.content.decode()
    assert "Incubation handbook" in content and "How to run an incubator" in content
    assert not Resource.objects.exists() and not ResourceFile.objects.exists()


@pytest.mark.django_db
def test_upload_error_is_given_in_the_interface_language(client, researcher):
    from django.utils import translation

    client.force_login(researcher)
    exe = SimpleUploadedFile("bericht.pdf", b"MZ\x90\x00" + b"\0" * 200, "application/pdf")
    response = client.post("/de/library/new/", resource_post(file=exe))
    with translation.override("de"):
        expected = translation.gettext(
            "This file is not a PDF, Word, Excel, PowerPoint or OpenDocument file. "
            "We check the content of the file, not its name."
        )
    assert response.context["form"].errors["file"] == [expected]


@pytest.mark.django_db
def test_oversized_file_is_refused(client, researcher, settings):
    settings.LIBRARY_MAX_UPLOAD_MB = 1
    resource = make_resource(title="Big")
    client.force_login(researcher)
    big = pdf_upload("big.pdf", b"x" * (1024 * 1024))
    response = client.post(
        f"/en/library/{resource.slug}/files/new/", {"language": "de", "file": big}
    )
    assert response.context["form"].errors["file"] == [
        "The file is larger than 1 MB. Please upload a smaller file."
    ]
    assert response.context["form"]["language"].value() == "de"
    assert not resource.files.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "upload,content_type,name,text",
    [
        (
            docx_upload,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "plan.docx",
            "Werkplaatsen\ntweede & regel",
        ),
        (odt_upload, "application/vnd.oasis.opendocument.text", "plan.odt", "Kogukond"),
    ],
)
def test_office_files_are_accepted_and_their_text_extracted(
    client, researcher, upload, content_type, name, text, django_capture_on_commit_callbacks
):
    resource = make_resource(title="Plans")
    client.force_login(researcher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/library/{resource.slug}/files/new/", {"language": "nl", "file": upload()}
        )
    assert response.status_code == 302
    stored = resource.files.get()
    assert (stored.content_type, stored.original_name, stored.language) == (
        content_type,
        name,
        "nl",
    )
    assert stored.extracted_text == text
    assert stored.text_extracted_at is not None


@pytest.mark.django_db
def test_a_zip_that_is_no_office_file_is_refused():
    with pytest.raises(services.ValidationError):
        services.check_upload(zip_upload("x.docx", [("readme.txt", "hello")]))


@pytest.mark.django_db
def test_a_pdf_with_a_wrong_extension_is_stored_under_pdf():
    resource = make_resource()
    stored = add_file(resource, pdf_upload("strange.exe"))
    assert stored.original_name == "strange.pdf"
    assert stored.content_type == "application/pdf"


class FakeClamd:
    """A tiny clamd speaking INSTREAM: reports FOUND when the stream contains ``EICAR``."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen()
        self.address = f"127.0.0.1:{self.server.getsockname()[1]}"
        self.received = []
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while True:
            try:
                connection, _addr = self.server.accept()
            except OSError:
                return
            with connection:
                stream = connection.makefile("rb")
                command = b""
                while not command.endswith(b"\0"):
                    command += stream.read(1)
                data = b""
                while True:
                    (length,) = struct.unpack("!L", stream.read(4))
                    if not length:
                        break
                    data += stream.read(length)
                self.received.append((command, data))
                verdict = (
                    b"stream: Eicar-Test-Signature FOUND" if b"EICAR" in data else b"stream: OK"
                )
                connection.sendall(verdict + b"\0")

    def close(self):
        self.server.close()


@pytest.fixture
def fake_clamd(settings):
    clamd = FakeClamd()
    settings.CLAMD_ADDRESS = clamd.address
    yield clamd
    clamd.close()


@pytest.mark.django_db
def test_clamd_refuses_an_infected_file(client, researcher, fake_clamd):
    resource = make_resource()
    client.force_login(researcher)
    infected = pdf_upload("virus.pdf", b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE")
    response = client.post(
        f"/en/library/{resource.slug}/files/new/", {"language": "en", "file": infected}
    )
    assert response.context["form"].errors["file"] == [
        "The virus scan found malware in this file. It was not stored."
    ]
    assert not resource.files.exists()
    assert fake_clamd.received[0][0] == b"zINSTREAM\0"


@pytest.mark.django_db
def test_clamd_accepts_a_clean_file(client, researcher, fake_clamd):
    resource = make_resource()
    client.force_login(researcher)
    response = client.post(
        f"/en/library/{resource.slug}/files/new/",
        {"language": "en", "file": pdf_upload("clean.pdf", b"all good")},
    )
    assert response.status_code == 302
    assert resource.files.count() == 1
    assert fake_clamd.received == [(b"zINSTREAM\0", PDF_HEADER + b"all good")]


@pytest.mark.django_db
def test_upload_is_refused_when_clamd_is_configured_but_unreachable(settings):
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    settings.CLAMD_ADDRESS = f"127.0.0.1:{probe.getsockname()[1]}"
    probe.close()  # nothing listens there now
    with pytest.raises(services.ValidationError) as refused:
        services.check_upload(pdf_upload())
    assert refused.value.code == "scan_unavailable"


# ---------------------------------------------------------------------------------------------
# Search, facets, sorting, export
# ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_full_text_finds_a_word_that_is_only_inside_the_pdf(
    client, django_capture_on_commit_callbacks
):
    resource = make_resource(title="Evaluation report", abstract="An evaluation.")
    make_resource(title="Another report", abstract="Nothing special.")
    pdf = real_pdf("Die Quartiersgenossenschaft Zwiebelmarkt betreibt ein Stadtteilcafé.")
    with django_capture_on_commit_callbacks(execute=True):
        add_file(resource, SimpleUploadedFile("bericht.pdf", pdf), language="de")
    assert "Zwiebelmarkt" in resource.files.get().extracted_text
    assert titles(client.get("/de/library/?q=Zwiebelmarkt")) == ["Evaluation report"]
    assert titles(client.get("/en/library/?q=zwiebelmarkt")) == ["Evaluation report"]
    assert titles(client.get("/de/library/?q=Rhabarbermarkt")) == []


@pytest.mark.django_db
def test_full_text_ranks_titles_first_and_searches_abstracts(client):
    make_resource(title="Guide to social finance", abstract="Money for impact.", year=2020)
    make_resource(title="Incubation", abstract="Includes a chapter on finance.", year=2024)
    found = titles(client.get("/en/library/?q=finance"))
    assert sorted(found) == ["Guide to social finance", "Incubation"]


@pytest.fixture
def catalogue(reference_data):
    themes = {t.slug: t for t in Theme.objects.all()}
    audiences = {a.slug: a for a in Audience.objects.all()}
    guide = make_resource(
        title="Alpha guide",
        country="NL",
        year=2023,
        themes=[themes["social-finance"]],
        audiences=[audiences["managing-authorities"]],
        access_level=AccessLevel.PUBLIC_SECTOR,
    )
    add_file(guide, language="nl")
    add_file(guide, language="de")
    study = make_resource(
        title="Beta study",
        type="study",
        country="",
        year=2024,
        themes=[themes["social-finance"], themes["youth"]],
        audiences=[audiences["researchers"]],
    )
    add_file(study, language="en")
    strategy = make_resource(title="Gamma strategy", type="national_strategy", year=2022)
    make_resource(title="Hidden draft", published=False)
    return {"guide": guide, "study": study, "strategy": strategy}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query,expected",
    [
        ("type=study", ["Beta study"]),
        ("theme=social-finance", ["Beta study", "Alpha guide"]),
        ("audience=managing-authorities", ["Alpha guide"]),
        ("country=transnational", ["Beta study"]),
        ("country=DE", ["Gamma strategy"]),
        ("file_language=nl", ["Alpha guide"]),
        ("file_language=fr", []),
        ("year=2022", ["Gamma strategy"]),
        ("access_level=public_sector", ["Alpha guide"]),
        ("audience=managing-authorities&file_language=de", ["Alpha guide"]),
    ],
)
def test_facets_filter_the_list(client, catalogue, query, expected):
    assert titles(client.get(f"/en/library/?{query}")) == expected


@pytest.mark.django_db
def test_facet_counts_apply_the_other_facets(client, catalogue):
    response = client.get("/en/library/?theme=social-finance&country=transnational")
    facets = {
        name: {value: count for value, _label, count, _sel in options}
        for name, _label, options in response.context["facets"]
    }
    # a facet's own choice does not narrow its own counts
    assert facets["country"]["transnational"] == 1 and facets["country"]["NL"] == 1
    assert facets["theme"]["social-finance"] == 1 and facets["theme"]["youth"] == 1
    # the others count within both choices
    assert facets["type"] == {**facets["type"], "study": 1, "guide": 0}
    assert facets["file_language"]["en"] == 1 and facets["file_language"]["nl"] == 0
    assert facets["audience"]["researchers"] == 1
    assert facets["year"] == {"2024": 1}
    assert facets["access_level"]["public"] == 1
    selected = [
        value
        for name, _label, options in response.context["facets"]
        for value, _l, _c, chosen in options
        if chosen
    ]
    assert sorted(selected) == ["social-finance", "transnational"]


@pytest.mark.django_db
def test_year_facet_lists_the_years_with_resources(client, catalogue):
    response = client.get("/en/library/")
    years = {n: o for n, _l, o in response.context["facets"]}["year"]
    assert [(value, count) for value, _l, count, _s in years] == [
        ("2024", 1),
        ("2023", 1),
        ("2022", 1),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sort,expected",
    [
        ("newest", ["Beta study", "Alpha guide", "Gamma strategy"]),
        ("title", ["Alpha guide", "Beta study", "Gamma strategy"]),
        ("", ["Beta study", "Alpha guide", "Gamma strategy"]),
    ],
)
def test_sorting(client, catalogue, sort, expected):
    assert titles(client.get(f"/en/library/?sort={sort}")) == expected


@pytest.mark.django_db
def test_htmx_request_returns_the_library_fragment(client, catalogue):
    response = client.get("/en/library/?type=study", HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="library"')
    assert "<html" not in content and "Beta study" in content


@pytest.mark.django_db
def test_csv_export_follows_the_filters(client, catalogue):
    response = client.get("/en/library/export.csv?theme=social-finance&sort=title")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r["title"] for r in rows] == ["Alpha guide", "Beta study"]
    assert rows[0]["file_languages"] == "de;nl"
    assert rows[0]["audiences"] == "managing-authorities"
    assert rows[1]["country"] == "transnational"
    assert rows[1]["themes"] == "social-finance;youth"
    assert "Hidden draft" not in body


@pytest.mark.django_db
def test_saved_search_signature_filters_published_resources(catalogue):
    from django.http import QueryDict

    from ecosystem.library.filters import ResourceFilter

    filterset = ResourceFilter(
        QueryDict("audience=managing-authorities"), queryset=Resource.objects.published()
    )
    assert [r.title_en for r in filterset.qs] == ["Alpha guide"]


# ---------------------------------------------------------------------------------------------
# Query counts
# ---------------------------------------------------------------------------------------------


def _rows(n, reference):
    theme = Theme.objects.get(slug="social-finance")
    audience = Audience.objects.get(slug="ministries")
    resources = []
    for i in range(n):
        resource = make_resource(title=f"Row {i}", themes=[theme], audiences=[audience])
        add_file(resource, language="de")
        add_file(resource, language="en")
        resources.append(resource)
    return resources


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 3])
def test_list_query_count_does_not_depend_on_rows(
    client, reference_data, rows, django_assert_num_queries
):
    _rows(rows, reference_data)
    # (A first search builds what a process keeps: the term index of its language, the facet
    # index and the list order's positions; the vocabularies are cached.)
    client.get("/en/library/?q=first")
    # the theme's lookup (1); the search with the records changed since the term index was
    # built, in one statement (1); the page's cards (1); the audiences (1); the texts for the
    # page's snippets, with their files (2); ("row" is too short for a suggestion)
    with django_assert_num_queries(6):
        response = client.get("/en/library/?theme=social-finance&q=row")
    assert len(response.context["page"].object_list) == rows


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 3])
def test_collection_detail_query_count_does_not_depend_on_rows(
    client, reference_data, rows, django_assert_num_queries
):
    collection = services.save_collection(
        curator=None,
        data={"title_en": "Social finance", "introduction_en": "Start here."},
        resources=_rows(rows, reference_data),
    )
    # the collection, its resources' ids, their cards (one query), the audiences, the
    # vocabularies (4, cached after the first request)
    with django_assert_num_queries(8):
        response = client.get(f"/en/library/collections/{collection.slug}/")
    shown = [card.title for card in response.context["resources"]]
    assert shown == [f"Row {i}" for i in range(rows)]


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 3])
def test_detail_query_count_does_not_depend_on_files_or_collections(
    client, reference_data, rows, django_assert_num_queries
):
    resource = _rows(1, reference_data)[0]
    for i in range(rows):
        add_file(resource, language="fr")
        services.save_collection(
            curator=None, data={"title_en": f"Collection {i}"}, resources=[resource]
        )
    # resource with publisher, themes, audiences, files, collections
    with django_assert_num_queries(5):
        response = client.get(f"/en/library/{resource.slug}/")
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 3])
def test_collection_list_query_count(client, rows, django_assert_num_queries):
    for i in range(rows):
        Collection.objects.create(slug=f"c{i}", title_en=f"C{i}", introduction_en="Intro")
    with django_assert_num_queries(1):
        client.get("/en/library/collections/")


# ---------------------------------------------------------------------------------------------
# Editing, collections, downloads
# ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_researcher_creates_a_draft_with_a_first_file_and_publishes_it(
    client, researcher, reference_data
):
    client.force_login(researcher)
    audience = Audience.objects.get(slug="ministries")
    response = client.post(
        "/en/library/new/",
        resource_post(audiences=[audience.pk], file=docx_upload(), file_language="nl"),
    )
    resource = Resource.objects.get()
    assert response["Location"] == f"/en/library/{resource.slug}/"
    assert (resource.status, resource.created_by, resource.country) == ("draft", researcher, "")
    assert list(resource.audiences.all()) == [audience]
    assert resource.files.get().language == "nl"
    client.post(f"/en/library/{resource.slug}/publish/")
    resource.refresh_from_db()
    assert resource.status == "published" and resource.published_at is not None


@pytest.mark.django_db
def test_edit_keeps_the_files_and_changes_the_facts(client, researcher):
    resource = make_resource(title="Old title")
    add_file(resource)
    client.force_login(researcher)
    form = client.get(f"/en/library/{resource.slug}/edit/").context["form"]
    assert form.initial["title_en"] == "Old title"
    response = client.post(
        f"/en/library/{resource.slug}/edit/",
        resource_post(title_en="New title", title_nl="Nieuwe titel", country="NL"),
    )
    assert response.status_code == 302
    resource.refresh_from_db()
    assert (resource.title_en, resource.title_nl, resource.country) == (
        "New title",
        "Nieuwe titel",
        "NL",
    )
    assert resource.files.count() == 1


@pytest.mark.django_db
def test_form_needs_a_title_and_abstract_in_one_language(client, researcher):
    client.force_login(researcher)
    response = client.post("/en/library/new/", resource_post(abstract_en=""))
    assert response.context["form"].errors["abstract_en"] == [
        "Please give the title and the abstract in at least one language."
    ]


@pytest.mark.django_db
def test_coordinator_curates_an_ordered_collection(client, coordinator_de):
    first, second = make_resource(title="First"), make_resource(title="Second")
    draft = make_resource(title="Draft", published=False)
    client.force_login(coordinator_de)
    data = {
        "title_en": "Train the trainer",
        "title_de": "Train the Trainer",
        "introduction_en": "Materials for trainers.",
        "introduction_de": "Materialien für Trainerinnen und Trainer.",
        "position": "1",
        "resources": f"{second.slug}\nhttps://portal.example/en/library/{first.slug}/\n",
    }
    response = client.post("/en/library/collections/new/", data)
    collection = Collection.objects.get()
    assert response["Location"] == f"/en/library/collections/{collection.slug}/"
    page = client.get(f"/de/library/collections/{collection.slug}/")
    assert [card.title for card in page.context["resources"]] == ["Second", "First"]
    assert "Materialien für Trainerinnen" in page.content.decode()

    response = client.post(
        f"/en/library/collections/{collection.slug}/edit/",
        {**data, "resources": f"{first.slug}\n{draft.slug}\nno-such-thing"},
    )
    assert response.context["form"].errors["resources"] == [
        f"These are not published resources: {draft.slug}, no-such-thing"
    ]
    client.post(
        f"/en/library/collections/{collection.slug}/edit/",
        {**data, "resources": f"{first.slug}\n{second.slug}"},
    )
    assert [i.resource.title_en for i in collection.items.all()] == ["First", "Second"]
    detail = client.get(f"/en/library/{first.slug}/").content.decode()
    assert "Train the trainer" in detail


@pytest.mark.django_db
def test_download_count_increments_without_personal_data(client, innovator):
    resource = make_resource()
    stored = add_file(resource)
    client.force_login(innovator)
    for _n in range(2):
        client.get(f"/en/library/{resource.slug}/files/{stored.pk}/")
    client.logout()
    client.get(f"/en/library/{resource.slug}/files/{stored.pk}/")
    resource.refresh_from_db()
    assert resource.download_count == 3
    # a counter is all that is kept: no model links downloads to users
    assert not [f for f in Resource._meta.get_fields() if "download" in f.name and f.is_relation]


@pytest.mark.django_db
def test_archived_resource_leaves_the_list(client):
    resource = make_resource(title="Old")
    services.archive_resource(resource=resource, actor=None)
    assert titles(client.get("/en/library/")) == []
    assert client.get(f"/en/library/{resource.slug}/").status_code == 404


# ---------------------------------------------------------------------------------------------
# Demo data
# ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_library_is_idempotent_and_searchable(
    client, reference_data, django_capture_on_commit_callbacks
):
    from ecosystem.library.demo import seed_library
    from ncc_portal.demo import seed_organisations

    seed_organisations()
    with django_capture_on_commit_callbacks(execute=True):
        assert seed_library() == 15
    assert seed_library() == 0
    assert Resource.objects.published().count() == 15
    assert [c.slug for c in Collection.objects.all()] == [
        "train-the-trainer",
        "business-incubation",
        "social-finance",
    ]
    social_finance = Collection.objects.get(slug="social-finance")
    assert social_finance.items.count() == 4 and social_finance.introduction_et
    restricted = Resource.objects.get(access_level=AccessLevel.PUBLIC_SECTOR)
    assert sorted(restricted.files.values_list("language", flat=True)) == ["de", "nl"]
    assert restricted.publisher.name == "Kennisland"
    assert Resource.objects.filter(access_level=AccessLevel.SIGNED_IN).count() == 1
    assert set(ResourceFile.objects.values_list("language", flat=True)) == {
        "de",
        "en",
        "et",
        "fr",
        "nl",
    }
    # a word that appears only inside the German PDF of the restricted guide
    assert titles(client.get("/de/library/?q=Quartiersfonds")) == [restricted.title_de]


# ---------------------------------------------------------------------------------------------
# Removing files and archiving, from the resource page
# ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_editor_removes_a_file_and_its_text_leaves_the_search(
    client, researcher, django_capture_on_commit_callbacks
):
    resource = make_resource(title="Evaluation report", abstract="An evaluation.")
    pdf = real_pdf("Die Quartiersgenossenschaft Zwiebelmarkt betreibt ein Stadtteilcafé.")
    with django_capture_on_commit_callbacks(execute=True):
        resource_file = add_file(resource, SimpleUploadedFile("bericht.pdf", pdf), language="de")
    stored = Path(resource_file.file.path)
    assert titles(client.get("/de/library/?q=Zwiebelmarkt")) == ["Evaluation report"]

    client.force_login(researcher)
    page = client.get(f"/en/library/{resource.slug}/").content.decode()
    delete_url = f"/en/library/{resource.slug}/files/{resource_file.pk}/delete/"
    assert f'action="{delete_url}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url)
    assert response.status_code == 302
    assert not resource.files.exists()
    assert not stored.exists()
    client.logout()
    assert titles(client.get("/de/library/?q=Zwiebelmarkt")) == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "innovator", "public_sector_user"])
def test_only_editors_remove_files_or_archive(as_role, role):
    resource = make_resource(title="Kept")
    resource_file = add_file(resource)
    client = as_role(role)
    expected = 302 if role == "anonymous" else 403
    response = client.post(f"/en/library/{resource.slug}/files/{resource_file.pk}/delete/")
    assert response.status_code == expected
    assert client.post(f"/en/library/{resource.slug}/archive/").status_code == expected
    resource.refresh_from_db()
    assert resource.files.count() == 1 and resource.status == "published"
    assert (
        f"/files/{resource_file.pk}/delete/"
        not in client.get(f"/en/library/{resource.slug}/").content.decode()
    )


@pytest.mark.django_db
def test_a_file_of_another_resource_cannot_be_removed_through_this_one(client, researcher):
    mine, other = make_resource(title="Mine"), make_resource(title="Other")
    other_file = add_file(other)
    client.force_login(researcher)
    response = client.post(f"/en/library/{mine.slug}/files/{other_file.pk}/delete/")
    assert response.status_code == 404
    assert other.files.count() == 1


@pytest.mark.django_db
def test_an_editor_archives_a_resource_and_publishes_it_again(client, coordinator_de):
    resource = make_resource(title="Seasonal")
    client.force_login(coordinator_de)
    client.post(f"/en/library/{resource.slug}/archive/")
    client.logout()
    assert titles(client.get("/en/library/")) == []
    client.force_login(coordinator_de)
    page = client.get(f"/en/library/{resource.slug}/").content.decode()
    assert f'action="/en/library/{resource.slug}/publish/"' in page
    client.post(f"/en/library/{resource.slug}/publish/")
    client.logout()
    assert titles(client.get("/en/library/")) == ["Seasonal"]
