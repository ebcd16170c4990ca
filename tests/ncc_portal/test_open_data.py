"""Open data: the nightly dumps of the API's resources (JSON Lines, CSV, README, licence,
manifest), their downloads, the "Open data" page and the DCAT-AP catalogue."""

import csv
import hashlib
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as terms
from rdflib.compare import isomorphic

from ncc_portal import parts, tasks
from ncc_portal.api.vocabularies import ThemeSerializer, ThemeViewSet
from ncc_portal.celery import app as celery_app
from ncc_portal.models import Region, Theme
from ncc_portal.opendata import catalogue, dumps
from ncc_portal.spreadsheets import FORMULA_TRIGGERS

from ..factories import InitiativeFactory, PartnerProfileFactory

SITE = "https://ncc.example"
NOT_BUILT = (
    "The files have not been built yet. They are built every night; until then, the API below "
    "gives the same data."
)


@pytest.fixture(autouse=True)
def open_data_root(settings, tmp_path):
    settings.OPEN_DATA_ROOT = str(tmp_path / "open-data")
    settings.SITE_URL = SITE
    return tmp_path / "open-data"


@pytest.fixture
def published(reference_data, coordinator_de, innovator):
    """One row or more of every kind, and rows that must not be dumped."""
    from ecosystem.library import services as library_services

    from ..ecosystem.test_casestudies import CaseStudyFactory
    from ..training.sample import training_world

    InitiativeFactory(
        slug="reparatur-cafe",
        title_en="Repair café Leipzig",
        title_de="Reparatur-Café Leipzig",
        original_language="de",
        contact_name="Jana Beispiel",
        contact_email="jana@example.org",
        contact_consent=True,
        themes=[Theme.objects.get(slug="education-and-skills")],
    )
    InitiativeFactory(
        slug="formula",
        title_en='=HYPERLINK("https://evil.example","Click")',
        contact_email="piet@example.org",
        contact_phone="+31 6 1234",
    )
    InitiativeFactory(slug="not-yet", status="draft", published_at=None)
    CaseStudyFactory(slug="ruhr", title_en="Ruhr area", title_de="Ruhrgebiet")
    CaseStudyFactory(slug="hidden-case", status="draft")
    for slug, publish in [("guide", True), ("unpublished-guide", False)]:
        resource = library_services.create_resource(
            author=coordinator_de,
            data={
                "slug": slug,
                "title_en": f"Guide {slug}",
                "abstract_en": "How to fund social innovation.",
                "type": "guide",
                "country": "DE",
                "year": 2026,
                "access_level": "public",
            },
        )
        if publish:
            library_services.publish_resource(resource=resource, actor=coordinator_de)
    offer, session = training_world(coordinator_de, innovator)
    session.online_url = "https://meet.example/secret-room"
    session.closed_event = True
    session.address = "Hinterhof 3, 10115 Berlin"
    session.save()
    PartnerProfileFactory(slug="gemeente-zwolle", contact_email="wethouder@zwolle.example")
    PartnerProfileFactory(slug="lapsed", valid_until="2020-01-01")
    PartnerProfileFactory(slug="draft-profile", status="draft")
    return {"offer": offer}


def jsonl(folder, name):
    lines = (folder / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def csv_rows(folder, name):
    with (folder / f"{name}.csv").open(encoding="utf-8-sig", newline="") as data:
        return list(csv.DictReader(data))


def every_file_text(folder):
    return "".join(path.read_text(encoding="utf-8") for path in sorted(folder.iterdir()))


@pytest.mark.django_db
def test_dumps_hold_every_published_row_of_each_kind_and_nothing_else(client, published):
    manifest = dumps.build_open_data()
    folder = dumps.current_build()
    assert {d["name"] for d in manifest["datasets"]} == {r.name for r in parts.api_resources}
    slugs = {name: {row["slug"] for row in jsonl(folder, name)} for name in ["initiatives"]}
    assert slugs["initiatives"] == {"reparatur-cafe", "formula"}
    assert {row["slug"] for row in jsonl(folder, "case-studies")} == {"ruhr"}
    assert {row["slug"] for row in jsonl(folder, "resources")} == {"guide"}
    assert {row["slug"] for row in jsonl(folder, "training-offers")} == {published["offer"].slug}
    assert {row["slug"] for row in jsonl(folder, "partner-profiles")} == {"gemeente-zwolle"}
    assert len(jsonl(folder, "themes")) == Theme.objects.count()
    assert len(jsonl(folder, "regions")) == Region.objects.count()

    # Each row is what the API answers for it, in the default language with every translation.
    for resource in parts.api_resources:
        lookup = resource.viewset.lookup_field
        rows = jsonl(folder, resource.name)
        assert rows, resource.name
        for row in rows[:3]:
            answer = client.get(
                f"/api/v1/{resource.prefix}/{row[lookup]}/?lang=en&translations=all"
            )
            assert answer.status_code == 200, (resource.name, row[lookup])
            assert answer.json() == row

    text = every_file_text(folder)
    for private in [
        "not-yet",
        "hidden-case",
        "unpublished-guide",
        "lapsed",
        "draft-profile",
        "piet@example.org",  # no consent to show the contact
        "+31 6 1234",
        "zwolle.example",  # partner profiles never give contact details
        "Anna de Vries",
        "secret-room",  # online links are for participants only
        "Hinterhof",  # nor the address of a closed event
    ]:
        assert private not in text, private
    (shown,) = [row for row in jsonl(folder, "initiatives") if row["slug"] == "reparatur-cafe"]
    assert shown["contact"]["email"] == "jana@example.org"  # agreed to be shown
    assert shown["title_de"] == "Reparatur-Café Leipzig"
    assert shown["title"] == "Repair café Leipzig" and shown["languages"]["title"] == "en"


@pytest.mark.django_db
def test_csv_files_parse_with_a_column_per_language_and_no_formula(published):
    dumps.build_open_data()
    folder = dumps.current_build()
    for resource in parts.api_resources:
        rows = csv_rows(folder, resource.name)
        assert len(rows) == len(jsonl(folder, resource.name)), resource.name
        for row in rows:
            for column, cell in row.items():
                assert not cell.startswith(FORMULA_TRIGGERS), (resource.name, column, cell)
    initiatives = {row["slug"]: row for row in csv_rows(folder, "initiatives")}
    cafe = initiatives["reparatur-cafe"]
    assert (
        cafe["title_de"] == "Reparatur-Café Leipzig" and cafe["title_en"] == "Repair café Leipzig"
    )
    assert cafe["languages_title"] == "en" and cafe["title_et"] == ""
    assert cafe["organisation_name"] and cafe["contact_email"] == "jana@example.org"
    assert cafe["themes"] == "education-and-skills" and cafe["regions"] == "DE300"
    assert initiatives["formula"]["title"] == "'" + '=HYPERLINK("https://evil.example","Click")'
    assert initiatives["formula"]["contact_email"] == ""
    (offer,) = csv_rows(folder, "training-offers")
    sessions = json.loads(offer["sessions"])  # a list of objects stays JSON
    assert sessions[0]["address"] is None and sessions[0]["capacity"] == 2


@pytest.mark.django_db
def test_readme_licence_and_manifest_describe_the_files(published, settings):
    settings.OPEN_DATA_LICENCE = {
        "name": "CC0 1.0",
        "url": "https://creativecommons.org/publicdomain/zero/1.0/",
    }
    manifest = dumps.build_open_data()
    folder = dumps.current_build()
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    licence = (folder / "LICENSE.txt").read_text(encoding="utf-8")
    assert "CC0 1.0" in readme and "https://creativecommons.org/publicdomain/zero/1.0/" in licence
    assert f"{SITE}/open-data/files/initiatives.csv" in readme
    assert f"{SITE}/api/v1/" in readme and "title_de" in readme  # the fields
    assert manifest["generated_at"] in readme
    assert dumps.attribution() in readme and dumps.attribution() in licence
    assert "&quot;" not in readme and "&amp;" not in readme  # plain text, not HTML-escaped
    assert json.loads((folder / "manifest.json").read_text()) == manifest
    assert set(manifest["files"]) == {
        *[f"{r.name}.{kind}" for r in parts.api_resources for kind in ["jsonl", "csv"]],
        "README.txt",
        "LICENSE.txt",
    }
    for name, facts in manifest["files"].items():
        content = (folder / name).read_bytes()
        assert facts["sha256"] == hashlib.sha256(content).hexdigest(), name
        assert facts["bytes"] == len(content)
    assert manifest["files"]["initiatives.jsonl"]["rows"] == 2
    assert manifest["files"]["initiatives.csv"]["rows"] == 2
    (initiatives,) = [d for d in manifest["datasets"] if d["name"] == "initiatives"]
    assert initiatives["data_modified"] and initiatives["rows"] == 2


class BrokenSerializer(ThemeSerializer):
    def to_representation(self, instance):
        raise RuntimeError("The disk is full.")


class BrokenViewSet(ThemeViewSet):
    serializer_class = BrokenSerializer


@pytest.mark.django_db
def test_a_failed_build_leaves_the_previous_files(published, open_data_root):
    first = dumps.build_open_data()
    before = {p.name: p.read_bytes() for p in dumps.current_build().iterdir()}
    broken = parts.ApiResource("broken", "broken", BrokenViewSet, order=999)
    with pytest.raises(RuntimeError):
        dumps.build_open_data(resources=[*parts.api_resources, broken])
    assert dumps.read_manifest() == first
    assert {p.name: p.read_bytes() for p in dumps.current_build().iterdir()} == before
    assert [p.name for p in (open_data_root / "builds").iterdir()] == [dumps.current_build().name]

    # Later builds replace it; the previous build stays for downloads under way, no older one.
    dumps.build_open_data()
    third = dumps.build_open_data()
    builds = sorted(p.name for p in (open_data_root / "builds").iterdir())
    assert len(builds) == 2 and dumps.current_build().name == builds[-1]
    assert dumps.read_manifest() == third
    assert third["first_generated_at"] == first["generated_at"]


@pytest.mark.django_db
def test_the_nightly_task_builds_the_dumps(published):
    assert dumps.read_manifest() is None
    tasks.build_open_data.apply().get()
    assert dumps.read_manifest()["datasets"]
    from django.conf import settings

    scheduled = [e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "ncc_portal.build_open_data" in scheduled
    assert "ncc_portal.build_open_data" in celery_app.tasks


@pytest.mark.django_db
def test_the_management_command_builds_the_dumps(published):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("build_open_data", stdout=out)
    assert "initiatives: 2 rows" in out.getvalue()
    assert dumps.read_manifest()["datasets"]


@pytest.mark.django_db
def test_building_costs_the_same_queries_for_more_rows(reference_data, coordinator_de):
    from ecosystem.library import services as library_services

    from ..ecosystem.test_casestudies import CaseStudyFactory
    from ..training.sample import training_world

    def add_rows(count):
        for _ in range(count):
            InitiativeFactory(regions=["DE300", "DE111"])
            CaseStudyFactory()
            PartnerProfileFactory(offers=["funding"], regions=["NL211"])
            resource = library_services.create_resource(
                author=coordinator_de,
                data={
                    "title_en": "A guide",
                    "type": "guide",
                    "year": 2026,
                    "access_level": "public",
                },
            )
            library_services.publish_resource(resource=resource, actor=coordinator_de)
            training_world(coordinator_de)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            dumps.build_open_data()
        return len(captured.captured_queries)

    add_rows(1)
    few = queries()
    add_rows(2)
    assert queries() == few


@pytest.mark.django_db
def test_files_are_downloaded_by_their_names_only(client, published):
    assert client.get("/open-data/files/initiatives.csv").status_code == 404  # not built yet
    manifest = dumps.build_open_data()
    response = client.get("/open-data/files/initiatives.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="initiatives.csv"'
    content = b"".join(response.streaming_content)
    assert hashlib.sha256(content).hexdigest() == manifest["files"]["initiatives.csv"]["sha256"]
    assert response["ETag"] and response["Last-Modified"]
    again = client.get("/open-data/files/initiatives.csv", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    jsonl_answer = client.get("/open-data/files/initiatives.jsonl")
    assert jsonl_answer["Content-Type"] == "application/jsonl; charset=utf-8"
    assert client.get("/open-data/files/manifest.json").status_code == 200
    assert client.get("/open-data/files/README.txt")["Content-Type"].startswith("text/plain")
    for wrong in [
        "/open-data/files/nothing.csv",
        "/open-data/files/..%2Fmanifest.json",
        "/open-data/files/..%2F..%2F..%2Fsettings.py",
        "/open-data/files/%2Fetc%2Fpasswd",
        "/open-data/files/.",
    ]:
        assert client.get(wrong).status_code == 404, wrong


@pytest.mark.django_db
def test_files_in_media_root_are_sent_by_the_web_server_in_front(client, published, settings):
    settings.OPEN_DATA_ROOT = ""  # the default: open-data/ in MEDIA_ROOT
    settings.FILE_DOWNLOADS = "x-accel-redirect"
    dumps.build_open_data()
    assert dumps.current_build().is_relative_to(settings.MEDIA_ROOT)
    response = client.get("/open-data/files/initiatives.csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    build = dumps.current_build().name
    assert response["X-Accel-Redirect"] == (
        f"/protected/media/open-data/builds/{build}/initiatives.csv"
    )
    assert response.content == b""


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "et"])
def test_the_page_says_when_nothing_is_built_and_explains_the_api(client, reference_data, language):
    response = client.get(f"/{language}/open-data/")
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override(language):
        assert gettext(NOT_BUILT) in html
    assert f'lang="{language}"' in html
    assert f"{SITE}/api/v1/" in html and "/api/v1/schema/" in html and "/api/v1/docs/" in html
    assert "/open-data/catalog.ttl" in html and "/open-data/catalog.jsonld" in html
    assert "<table" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "en"])
def test_the_page_lists_each_dataset_with_its_downloads(client, published, language):
    dumps.build_open_data()
    html = client.get(f"/{language}/open-data/").content.decode()
    with translation.override(language):
        assert gettext(NOT_BUILT) not in html
        title = dumps.resource_title(parts.api_resources.get("initiatives"))
        assert f'<th scope="row">{title}</th>' in html
    assert "<caption>" in html and '<th scope="col">' in html
    for resource in parts.api_resources:
        assert f'href="/open-data/files/{resource.name}.jsonl"' in html
        assert f'href="/open-data/files/{resource.name}.csv"' in html
        assert f'id="dataset-{resource.name}"' in html
    assert 'href="/open-data/files/README.txt"' in html
    assert html.count('<th scope="row">') == len(parts.api_resources)


@pytest.mark.django_db
def test_the_footer_links_to_the_page(client, reference_data):
    assert 'href="/en/open-data/"' in client.get("/en/").content.decode()


SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .

<#Catalog> a sh:NodeShape ;
    sh:targetClass dcat:Catalog ;
    sh:property [ sh:path dct:title ; sh:minCount 1 ; sh:datatype rdf:langString ] ;
    sh:property [ sh:path dct:description ; sh:minCount 1 ] ;
    sh:property [ sh:path dct:publisher ; sh:minCount 1 ; sh:maxCount 1 ; sh:class foaf:Agent ] ;
    sh:property [ sh:path dcat:dataset ; sh:minCount 1 ; sh:class dcat:Dataset ] ;
    sh:property [ sh:path foaf:homepage ; sh:maxCount 1 ; sh:nodeKind sh:IRI ] ;
    sh:property [ sh:path dct:language ; sh:minCount 1 ; sh:nodeKind sh:IRI ] ;
    sh:property [ sh:path dct:license ; sh:maxCount 1 ; sh:nodeKind sh:IRI ] ;
    sh:property [ sh:path dct:modified ; sh:maxCount 1 ; sh:datatype xsd:dateTime ] .

<#Agent> a sh:NodeShape ;
    sh:targetClass foaf:Agent ;
    sh:property [ sh:path foaf:name ; sh:minCount 1 ] .

<#Dataset> a sh:NodeShape ;
    sh:targetClass dcat:Dataset ;
    sh:property [ sh:path dct:title ; sh:minCount 1 ] ;
    sh:property [ sh:path dct:description ; sh:minCount 1 ] ;
    sh:property [ sh:path dcat:distribution ; sh:minCount 1 ; sh:class dcat:Distribution ] ;
    sh:property [ sh:path dcat:contactPoint ; sh:minCount 1 ] ;
    sh:property [ sh:path dcat:theme ; sh:minCount 1 ; sh:nodeKind sh:IRI ] ;
    sh:property [ sh:path dct:publisher ; sh:maxCount 1 ] ;
    sh:property [ sh:path dct:accrualPeriodicity ; sh:maxCount 1 ; sh:nodeKind sh:IRI ] ;
    sh:property [ sh:path dcat:keyword ; sh:minCount 1 ] .

<#Distribution> a sh:NodeShape ;
    sh:targetClass dcat:Distribution ;
    sh:property [ sh:path dcat:accessURL ; sh:minCount 1 ; sh:nodeKind sh:IRI ] ;
    sh:property [ sh:path dct:license ; sh:minCount 1 ; sh:maxCount 1 ; sh:nodeKind sh:IRI ] ;
    sh:property [ sh:path dct:format ; sh:minCount 1 ; sh:maxCount 1 ; sh:nodeKind sh:IRI ] ;
    sh:property [ sh:path dcat:byteSize ; sh:maxCount 1 ; sh:datatype xsd:nonNegativeInteger ] ;
    sh:property [ sh:path dcat:downloadURL ; sh:nodeKind sh:IRI ] .

<#DataService> a sh:NodeShape ;
    sh:targetClass dcat:DataService ;
    sh:property [ sh:path dct:title ; sh:minCount 1 ] ;
    sh:property [ sh:path dcat:endpointURL ; sh:minCount 1 ; sh:nodeKind sh:IRI ] .
"""


def conforms(graph):
    from pyshacl import validate

    shapes = Graph().parse(data=SHAPES, format="turtle", publicID="https://shapes.example/")
    ok, _report, text = validate(graph, shacl_graph=shapes, inference="none")
    return ok, text


@pytest.mark.django_db
def test_the_catalogue_in_turtle_and_json_ld_has_the_dcat_ap_shape(client, published):
    manifest = dumps.build_open_data()
    turtle = client.get("/open-data/catalog.ttl")
    assert turtle.status_code == 200 and turtle["Content-Type"] == "text/turtle; charset=utf-8"
    json_ld = client.get("/open-data/catalog.jsonld")
    assert json_ld["Content-Type"] == "application/ld+json"
    graph = Graph().parse(data=turtle.content.decode(), format="turtle")
    assert isomorphic(graph, Graph().parse(data=json_ld.content.decode(), format="json-ld"))
    assert (
        client.get("/open-data/catalog.ttl", HTTP_IF_NONE_MATCH=turtle["ETag"]).status_code == 304
    )

    ok, report = conforms(graph)
    assert ok, report

    (catalog,) = graph.subjects(terms.RDF.type, terms.DCAT.Catalog)
    titles = {t.language for t in graph.objects(catalog, terms.DCTERMS.title)}
    assert titles == {"de", "en", "et", "nl", "fr"}
    assert URIRef("http://publications.europa.eu/resource/authority/language/EST") in set(
        graph.objects(catalog, terms.DCTERMS.language)
    )
    assert len(set(graph.objects(catalog, terms.DCAT.dataset))) == len(parts.api_resources)
    dataset = URIRef(f"{SITE}/en/open-data/#dataset-initiatives")
    assert (dataset, terms.DCTERMS.accrualPeriodicity, catalogue.DAILY) in graph
    assert (dataset, terms.DCAT.theme, catalogue.SOCIAL_THEME) in graph
    csv_file = manifest["files"]["initiatives.csv"]
    answers = graph.query(
        """
        SELECT ?download ?format ?size ?checksum ?licence WHERE {
            ?dataset dcat:distribution ?distribution .
            ?distribution dcat:downloadURL ?download ; dct:format ?format ;
                dcat:byteSize ?size ; dct:license ?licence ;
                spdx:checksum [ spdx:checksumValue ?checksum ] .
            FILTER(STRENDS(STR(?download), ".csv"))
        }
        """,
        initNs={"dcat": terms.DCAT, "dct": terms.DCTERMS, "spdx": catalogue.SPDX},
        initBindings={"dataset": dataset},
    )
    ((download, file_format, size, checksum, licence),) = list(answers)
    assert str(download) == f"{SITE}/open-data/files/initiatives.csv"
    assert str(file_format) == "http://publications.europa.eu/resource/authority/file-type/CSV"
    assert int(size) == csv_file["bytes"] and str(checksum) == csv_file["sha256"]
    assert str(licence) == "https://creativecommons.org/licenses/by/4.0/"
    api = URIRef(f"{SITE}/en/open-data/#initiatives-api")
    assert (api, terms.DCAT.accessURL, URIRef(f"{SITE}/api/v1/initiatives/")) in graph
    assert (URIRef(f"{SITE}/api/v1/"), terms.RDF.type, terms.DCAT.DataService) in graph
    with translation.override("de"):
        german = Literal(
            str(dumps.resource_title(parts.api_resources.get("initiatives"))), lang="de"
        )
    assert german in set(graph.objects(dataset, terms.DCTERMS.title))


@pytest.mark.django_db
def test_without_a_build_the_catalogue_gives_the_api_only(client, reference_data, settings):
    settings.OPEN_DATA_CONTACT_EMAIL = "opendata@ncc.example"
    graph = Graph().parse(data=client.get("/open-data/catalog.ttl").content, format="turtle")
    ok, report = conforms(graph)
    assert ok, report
    assert not list(graph.objects(None, terms.DCAT.downloadURL))
    distributions = set(graph.objects(None, terms.DCAT.distribution))
    assert len(distributions) == len(parts.api_resources)
    emails = set(graph.objects(None, catalogue.VCARD.hasEmail))
    assert emails == {URIRef("mailto:opendata@ncc.example")}
