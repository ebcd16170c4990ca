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
    assert {"initiatives", "themes", "sdgs", "target-groups", "regions"} <= set(resources)


@pytest.mark.django_db
def test_the_schema_is_openapi_3_1_and_the_docs_page_works_offline(client):
    schema = client.get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    document = json.loads(schema.content)
    assert document["openapi"].startswith("3.1")
    assert "/api/v1/initiatives/" in document["paths"]
    parameters = {p["name"] for p in document["paths"]["/api/v1/initiatives/"]["get"]["parameters"]}
    assert {"q", "country", "theme", "region", "cursor"} <= parameters

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
    wrong_language = client.get("/api/v1/initiatives/?lang=xx")
    assert wrong_language.status_code == 400 and "xx" in wrong_language.json()["errors"]["lang"][0]
    german = client.get("/api/v1/initiatives/?country=XX", HTTP_ACCEPT_LANGUAGE="de")
    assert german.json()["message"] != body["message"]  # translated


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
    every = client.get("/api/v1/initiatives/reparatur-cafe/?translations=all").json()
    assert every["translations"]["title"]["de"] == "Reparatur-Café Leipzig"
    assert every["translations"]["title"]["en"] == "Repair café Leipzig"
    assert set(every["translations"]["title"]) == {"de", "en", "et", "nl", "fr"}


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
