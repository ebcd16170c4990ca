"""The public REST API (/api/v1/): published data only, the HTML list's filters, languages,
cursor pages, conditional requests, limits and JSON errors."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache

from ..factories import InitiativeFactory


@pytest.fixture
def registry(reference_data):
    from ncc_portal.models import Theme

    housing = Theme.objects.get(slug="education-and-skills")
    return {
        "de": InitiativeFactory(
            slug="reparatur-cafe",
            title_en="Repair café Leipzig",
            title_de="Reparatur-Café Leipzig",
            original_language="de",
            country="DE",
            themes=[housing],
            contact_name="Jana Beispiel",
            contact_email="jana@example.org",
            contact_consent=True,
        ),
        "nl": InitiativeFactory(
            slug="buurtwerk",
            title_en="Neighbourhood work Utrecht",
            title_nl="Buurtwerk Utrecht",
            original_language="nl",
            country="NL",
            regions=["NL350"],
            contact_name="Piet",
            contact_email="piet@example.org",
        ),
        "draft": InitiativeFactory(slug="not-yet", status="draft", published_at=None),
    }


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.mark.django_db
def test_the_root_lists_every_resource(client):
    resources = client.get("/api/v1/").json()
    assert {
        "initiatives",
        "case-studies",
        "resources",
        "training-offers",
        "themes",
        "sdgs",
        "target-groups",
        "regions",
    } <= set(resources)


@pytest.mark.django_db
def test_the_schema_is_openapi_3_1_and_the_docs_page_works_offline(client, tmp_path):
    schema = client.get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    document = json.loads(schema.content)
    assert document["openapi"].startswith("3.1")
    assert "/api/v1/initiatives/" in document["paths"]
    parameters = {p["name"] for p in document["paths"]["/api/v1/initiatives/"]["get"]["parameters"]}
    assert {"q", "country", "theme", "region", "cursor"} <= parameters

    # drf-spectacular's own validation of the document against the OpenAPI specification.
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--file", str(tmp_path / "schema.yaml"))
    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3.1")

    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "cdn" not in html.lower() and "https://" not in html
    for asset in ["swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"]:
        assert f"/static/drf_spectacular_sidecar/swagger-ui-dist/{asset}" in html
        assert finders.find(f"drf_spectacular_sidecar/swagger-ui-dist/{asset}")
    assert "<style>" not in html and "<script>" not in html  # the CSP allows no inline code
    assert client.get("/api/v1/docs/?script=").status_code == 200


@pytest.mark.django_db
def test_only_published_initiatives_with_the_lists_filters(client, registry):
    slugs = {item["slug"] for item in results(client.get("/api/v1/initiatives/"))}
    assert slugs == {"reparatur-cafe", "buurtwerk"}
    assert [i["slug"] for i in results(client.get("/api/v1/initiatives/?country=NL"))] == [
        "buurtwerk"
    ]
    assert [i["slug"] for i in results(client.get("/api/v1/initiatives/?region=NL3"))] == [
        "buurtwerk"
    ]
    by_theme = results(client.get("/api/v1/initiatives/?theme=education-and-skills"))
    assert [i["slug"] for i in by_theme] == ["reparatur-cafe"]
    searched = results(client.get("/api/v1/initiatives/?q=Leipzig&lang=de"))
    assert [i["slug"] for i in searched] == ["reparatur-cafe"]
    assert client.get("/api/v1/initiatives/not-yet/").status_code == 404


@pytest.mark.django_db
def test_a_bad_value_or_an_unknown_parameter_is_a_400_that_names_it(client, registry):
    response = client.get("/api/v1/initiatives/?country=XX&colour=red")
    assert response.status_code == 400
    body = response.json()
    assert body["message"]
    assert "XX" in body["errors"]["country"][0]
    assert "country" in body["errors"]["colour"][0]  # says what it understands
    # The order is the cursor's: the HTML list's sort is not a parameter here.
    sorted_list = client.get("/api/v1/initiatives/?sort=name")
    assert sorted_list.status_code == 400 and "sort" in sorted_list.json()["errors"]
    schema = client.get("/api/v1/schema/?format=json").json()
    parameters = schema["paths"]["/api/v1/initiatives/"]["get"]["parameters"]
    assert "sort" not in {parameter["name"] for parameter in parameters}
    wrong_language = client.get("/api/v1/initiatives/?lang=xx")
    assert wrong_language.status_code == 400 and "xx" in wrong_language.json()["errors"]["lang"][0]
    german = client.get("/api/v1/initiatives/?country=XX", HTTP_ACCEPT_LANGUAGE="de")
    assert german.json()["message"] != body["message"]  # translated
    # DRF's ?format= is tolerated (the answer is JSON anyway) where no filter has that name.
    assert client.get("/api/v1/initiatives/?format=json").status_code == 200


@pytest.mark.django_db
def test_an_address_that_is_no_resource_is_a_json_404(client, reference_data):
    for path in ["/api/v1/sdgs/0.5/", "/api/v1/no-such-thing/", "/api/v1/initiatives/a/b/"]:
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json" and response.json()["message"]
    unknown = client.get("/api/v1/sdgs/99/")  # the router's address, no such record
    assert unknown.status_code == 404 and unknown.json()["message"]


@pytest.mark.django_db
def test_languages_fallback_and_every_translation_on_request(client, registry):
    german = client.get("/api/v1/initiatives/buurtwerk/?lang=de").json()
    # No German text: the original (Dutch) is shown, and the answer says so.
    assert german["title"] == "Buurtwerk Utrecht"
    assert german["languages"]["title"] == "nl"
    assert german["url"].endswith("/de/initiatives/buurtwerk/")
    english = client.get("/api/v1/initiatives/reparatur-cafe/", HTTP_ACCEPT_LANGUAGE="en")
    assert english["Content-Language"] == "en"
    assert english.json()["title"] == "Repair café Leipzig"
    every = client.get("/api/v1/initiatives/buurtwerk/?translations=all&lang=de").json()
    # Each translated field in every language, as stored (no fallback), right after it.
    assert [name for name in every if name.startswith("title")] == [
        "title",
        "title_de",
        "title_en",
        "title_et",
        "title_nl",
        "title_fr",
    ]
    assert (every["title"], every["title_nl"], every["title_en"]) == (
        "Buurtwerk Utrecht",
        "Buurtwerk Utrecht",
        "Neighbourhood work Utrecht",
    )
    assert every["title_de"] == every["title_et"] == ""
    assert every["languages"]["title"] == "nl"
    assert "translations" not in every
    assert "title_de" not in german  # only on request
    refused = client.get("/api/v1/initiatives/?translations=some")
    assert refused.status_code == 400 and "some" in refused.json()["errors"]["translations"][0]


@pytest.mark.django_db
def test_contact_details_only_where_the_initiative_agreed(client, registry):
    assert client.get("/api/v1/initiatives/reparatur-cafe/").json()["contact"]["email"] == (
        "jana@example.org"
    )
    body = client.get("/api/v1/initiatives/buurtwerk/").content.decode()
    assert "piet@example.org" not in body


@pytest.mark.django_db
def test_cursor_pages(client, reference_data):
    for number in range(7):
        InitiativeFactory(slug=f"page-{number}")
    first = client.get("/api/v1/initiatives/?page_size=3").json()
    assert len(first["results"]) == 3 and first["previous"] is None
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    seen = [i["slug"] for page in (first, second, third) for i in page["results"]]
    assert sorted(seen) == sorted(f"page-{n}" for n in range(7)) and third["next"] is None
    assert len(client.get("/api/v1/initiatives/?page_size=1000").json()["results"]) == 7
    invalid = client.get("/api/v1/initiatives/?cursor=not-a-cursor")
    assert invalid.status_code == 400 and invalid.json()["errors"]["cursor"]


@pytest.mark.django_db
def test_etag_and_last_modified_answer_conditional_requests(client, registry):
    response = client.get("/api/v1/initiatives/reparatur-cafe/")
    etag, modified = response["ETag"], response["Last-Modified"]
    assert etag and modified
    assert (
        client.get("/api/v1/initiatives/reparatur-cafe/", HTTP_IF_NONE_MATCH=etag).status_code
        == 304
    )
    assert (
        client.get(
            "/api/v1/initiatives/reparatur-cafe/", HTTP_IF_MODIFIED_SINCE=modified
        ).status_code
        == 304
    )
    listed = client.get("/api/v1/initiatives/")
    assert listed["ETag"] and listed["Last-Modified"]
    assert client.get("/api/v1/initiatives/", HTTP_IF_NONE_MATCH=listed["ETag"]).status_code == 304
    # Another language is another answer.
    assert (
        client.get("/api/v1/initiatives/?lang=de", HTTP_IF_NONE_MATCH=listed["ETag"]).status_code
        == 200
    )
    assert client.get("/api/v1/themes/")["ETag"]


@pytest.mark.django_db
def test_any_origin_may_read(client, registry):
    response = client.get("/api/v1/initiatives/", HTTP_ORIGIN="https://data.example")
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.django_db
def test_too_many_requests_get_a_429_with_retry_after(client, registry, settings):
    settings.API_RATE = "3/minute"
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api": "3/minute"},
    }
    cache.clear()
    for _ in range(3):
        assert client.get("/api/v1/themes/").status_code == 200
    refused = client.get("/api/v1/themes/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "seconds" in refused.json()["message"]
    # Another address has its own allowance.
    assert client.get("/api/v1/themes/", REMOTE_ADDR="192.0.2.7").status_code == 200
    cache.clear()


@pytest.mark.django_db
def test_vocabularies_and_regions(client, reference_data):
    themes = client.get("/api/v1/themes/?lang=de").json()
    assert any(theme["slug"] == "education-and-skills" for theme in themes)
    goal = client.get("/api/v1/sdgs/8/?lang=et").json()
    assert goal["number"] == 8 and goal["languages"]["name"] == "et"
    region = client.get("/api/v1/regions/EE001/").json()
    assert region == {
        "code": "EE001",
        "name": region["name"],
        "level": 3,
        "country": "EE",
        "parent": "EE00",
    }
    first = client.get("/api/v1/regions/").json()
    assert len(first["results"]) == 100 and first["next"]


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [2, 12])
def test_the_initiative_list_costs_the_same_queries_for_any_number_of_rows(
    client, reference_data, rows, django_assert_max_num_queries
):
    for number in range(rows):
        InitiativeFactory(slug=f"row-{number}", regions=["DE300", "DE111"])
    with django_assert_max_num_queries(9):
        assert client.get("/api/v1/initiatives/?page_size=20").status_code == 200


@pytest.mark.django_db
def test_case_studies(client, reference_data):
    from ..ecosystem.test_casestudies import CaseStudyFactory

    CaseStudyFactory(slug="ruhr", title_en="Ruhr area", title_de="Ruhrgebiet")
    CaseStudyFactory(slug="hidden", status="draft")
    listed = results(client.get("/api/v1/case-studies/?lang=de"))
    assert [(c["slug"], c["title"]) for c in listed] == [("ruhr", "Ruhrgebiet")]
    detail = client.get("/api/v1/case-studies/ruhr/").json()
    assert detail["enablers"] == "A strong welfare tradition." and detail["regions"] == ["DEA32"]
    assert client.get("/api/v1/case-studies/hidden/").status_code == 404
    assert client.get("/api/v1/case-studies/?country=EE").json()["results"] == []


@pytest.mark.django_db
def test_library_resources_give_file_addresses_only_where_anyone_may_open_them(
    client, reference_data, coordinator_de, settings, tmp_path
):
    from django.core.files.base import ContentFile

    from ecosystem.library import services as library_services
    from ecosystem.models import ResourceFile

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    made = {}
    for level in ["public", "public_sector"]:
        resource = library_services.create_resource(
            author=coordinator_de,
            data={
                "title_en": f"Guide {level}",
                "abstract_en": "How to fund social innovation.",
                "type": "guide",
                "country": "DE",
                "year": 2026,
                "access_level": level,
            },
        )
        library_services.publish_resource(resource=resource, actor=coordinator_de)
        file = ResourceFile(resource=resource, language="en", original_name="guide.pdf")
        file.content_type, file.size = "application/pdf", 4
        file.file.save("guide.pdf", ContentFile(b"%PDF"))
        made[level] = resource
    listed = {r["access_level"]: r for r in results(client.get("/api/v1/resources/?type=guide"))}
    assert listed["public"]["files"][0]["url"].endswith(
        made["public"].files.get().get_absolute_url()
    )
    assert listed["public_sector"]["files"][0]["url"] is None
    assert listed["public_sector"]["files"][0]["name"] == "guide.pdf"
    bad = client.get("/api/v1/resources/?type=novel")
    assert bad.status_code == 400 and "novel" in bad.json()["errors"]["type"][0]


@pytest.mark.django_db
def test_training_offers_with_sessions_but_no_online_link(
    client, reference_data, coordinator_de, innovator
):
    from ..training.sample import training_world

    offer, session = training_world(coordinator_de, innovator)
    session.online_url = "https://meet.example/secret-room"
    session.closed_event = True
    session.address = "Hinterhof 3, 10115 Berlin"
    session.save()
    listed = results(client.get("/api/v1/training-offers/?kind=workshop"))
    assert [o["slug"] for o in listed] == [offer.slug]
    (shown,) = listed[0]["sessions"]
    assert shown["capacity"] == 2 and shown["seats_taken"] == 1
    assert shown["address"] is None
    body = client.get(f"/api/v1/training-offers/{offer.slug}/").content.decode()
    assert "secret-room" not in body and "Hinterhof" not in body
    assert results(client.get("/api/v1/training-offers/?when=past")) == []
    assert client.get("/api/v1/training-offers/?when=soon").status_code == 400
    # "format" is the list's filter (DRF would take it for the name of a renderer).
    assert [o["slug"] for o in results(client.get("/api/v1/training-offers/?format=hybrid"))] == [
        offer.slug
    ]
    assert results(client.get("/api/v1/training-offers/?format=online")) == []
    # The languages it is given in, beside those of its texts.
    assert listed[0]["given_in"] == ["de", "en"]
    assert listed[0]["languages"]["title"] == "en"


@pytest.mark.django_db
def test_partner_profiles_without_contact_details(client, reference_data):
    from ..factories import PartnerProfileFactory

    PartnerProfileFactory(
        slug="gemeente-zwolle",
        offers=[("pilot_site", "A district for a pilot")],
        seeks=["research"],
        regions=["NL211"],
        contact_email="wethouder@zwolle.example",
    )
    PartnerProfileFactory(slug="lapsed", valid_until="2020-01-01")
    PartnerProfileFactory(slug="draft", status="draft")
    listed = results(client.get("/api/v1/partner-profiles/?offer=pilot_site"))
    assert [p["slug"] for p in listed] == ["gemeente-zwolle"]
    assert listed[0]["offers"] == [{"kind": "pilot_site", "text": "A district for a pilot"}]
    assert listed[0]["seeks"] == [{"kind": "research", "text": ""}]
    assert listed[0]["working_languages"] == ["nl", "en"]
    assert listed[0]["languages"] == {"summary": "en", "description": "en"}
    assert {p["slug"] for p in results(client.get("/api/v1/partner-profiles/"))} == {
        "gemeente-zwolle"
    }
    for path in ["/api/v1/partner-profiles/", "/api/v1/partner-profiles/gemeente-zwolle/"]:
        body = client.get(path).content.decode()
        assert "zwolle.example" not in body and "Anna de Vries" not in body
    assert client.get("/api/v1/partner-profiles/lapsed/").status_code == 404
