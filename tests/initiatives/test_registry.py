import csv
import io
import json

import pytest

from initiatives.filters import InitiativeFilter
from initiatives.models import Initiative
from ncc_portal.models import Theme

from ..factories import InitiativeFactory


@pytest.fixture
def themes(reference_data):
    return {t.slug: t for t in Theme.objects.all()}


@pytest.fixture
def registry(themes):
    housing = themes["housing-and-homelessness"]
    digital = themes["digital-inclusion"]
    return {
        "berlin": InitiativeFactory(
            title_en="Housing first Berlin",
            title_de="Wohnungslosenhilfe Housing First Berlin",
            summary_de="Wohnungen für obdachlose Menschen ohne Vorbedingungen.",
            country="DE",
            regions=["DE300"],
            themes=[housing],
            stage="scaling",
            open_for_replication=True,
        ),
        "tartu": InitiativeFactory(
            title_en="Digital helpers for seniors",
            title_et="Digiabilised eakatele",
            summary_en="Volunteers teach older people to use their phones.",
            summary_et="",
            country="EE",
            regions=["EE008"],
            themes=[digital],
            stage="pilot",
            seeking_partners=True,
            partner_needs=["pilot_site"],
        ),
        "draft": InitiativeFactory(title_en="Secret draft", status="draft", country="DE"),
    }


def titles(response):
    pks = [card.pk for card in response.context["page"].object_list]
    by_pk = Initiative.objects.in_bulk(pks)
    return [by_pk[pk].title_en for pk in pks]


@pytest.mark.django_db
def test_list_shows_only_published_initiatives(client, registry):
    response = client.get("/en/initiatives/")
    assert sorted(titles(response)) == ["Digital helpers for seniors", "Housing first Berlin"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query,expected",
    [
        ("country=EE", ["Digital helpers for seniors"]),
        ("theme=housing-and-homelessness", ["Housing first Berlin"]),
        ("stage=pilot", ["Digital helpers for seniors"]),
        ("replication=yes", ["Housing first Berlin"]),
        ("partners=yes", ["Digital helpers for seniors"]),
        ("region=DE3", ["Housing first Berlin"]),
        ("region=EE0", ["Digital helpers for seniors"]),
        ("country=DE&theme=digital-inclusion", []),
    ],
)
def test_facets_filter_the_list(client, registry, query, expected):
    assert titles(client.get(f"/en/initiatives/?{query}")) == expected


@pytest.mark.django_db
def test_facet_counts_apply_the_other_facets(client, registry):
    response = client.get("/en/initiatives/?country=DE")
    facets = {name: options for name, _label, options in response.context["facets"]}
    country_counts = {value: count for value, _l, count, _s in facets["country"]}
    # The country facet ignores its own selection, so the other country still shows its count.
    assert country_counts["DE"] == 1 and country_counts["EE"] == 1
    stage_counts = {value: count for value, _l, count, _s in facets["stage"]}
    assert stage_counts["scaling"] == 1 and stage_counts["pilot"] == 0


@pytest.mark.django_db
def test_search_finds_text_in_the_active_language(client, registry):
    assert titles(client.get("/de/initiatives/?q=obdachlose")) == ["Housing first Berlin"]


@pytest.mark.django_db
def test_search_from_estonian_finds_english_only_content_through_fallback(client, registry):
    # The Estonian summary is empty: the English one is what an Estonian reader sees.
    assert titles(client.get("/et/initiatives/?q=phones")) == ["Digital helpers for seniors"]


@pytest.mark.django_db
def test_sort_by_name_uses_the_shown_title(client, registry):
    response = client.get("/en/initiatives/?sort=name")
    assert titles(response) == ["Digital helpers for seniors", "Housing first Berlin"]


@pytest.mark.django_db
def test_htmx_request_returns_the_registry_fragment(client, registry):
    response = client.get("/en/initiatives/?country=EE", HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="registry"')
    assert "<html" not in content


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 3, 25])
def test_list_query_count_does_not_depend_on_rows(client, themes, rows, django_assert_num_queries):
    for _n in range(rows):
        InitiativeFactory(themes=[themes["digital-inclusion"]], regions=["DE300", "DE600"])
    # (A first search builds what a process keeps: the term index of its language, the facet
    # index and the list order's positions; the vocabularies are cached.)
    client.get("/en/initiatives/?q=first")
    # the search with the records changed since the term index was built, in one statement;
    # the page's cards; the texts for the page's snippets; with fewer than three found,
    # whether the suggestions' vocabulary knows the word typed
    with django_assert_num_queries(3 + (rows < 3)):
        response = client.get("/en/initiatives/?theme=digital-inclusion&q=repair")
    assert len(response.context["page"].object_list) == min(rows, 20)


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [5, 8])
def test_a_broad_list_pages_in_the_database(
    client, themes, rows, monkeypatch, django_assert_num_queries
):
    # How many match comes from the facet index; a page beyond the first ids the search's
    # statement gave is one more query.
    monkeypatch.setattr("initiatives.views.public.FIRST_IDS", 2)
    monkeypatch.setattr("initiatives.views.public.PAGE_SIZE", 2)
    for _n in range(rows):
        InitiativeFactory(themes=[themes["digital-inclusion"]])
    # the first ids with the facet index and counts, the page's ids, its cards, the
    # vocabularies (4), the peer portals (1)
    with django_assert_num_queries(8):
        response = client.get("/en/initiatives/?theme=digital-inclusion&page=2")
    page = response.context["page"]
    assert page.paginator.count == rows
    assert len(page.object_list) == 2
    newest_first = list(
        Initiative.objects.order_by("-published_at", "-pk").values_list("pk", flat=True)
    )
    assert [card.pk for card in page.object_list] == newest_first[2:4]


@pytest.mark.django_db
def test_csv_export_follows_the_filters_and_hides_unconsented_contacts(client, registry):
    registry["berlin"].contact_email = "private@example.org"
    registry["berlin"].save()
    response = client.get("/en/initiatives/export.csv?country=DE")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r["title"] for r in rows] == ["Housing first Berlin"]
    assert rows[0]["regions"] == "DE300"
    assert "private@example.org" not in body


@pytest.mark.django_db
def test_json_export_lists_public_fields(client, registry):
    data = json.loads(client.get("/en/initiatives/export.json?country=EE").content)
    assert data["count"] == 1
    record = data["initiatives"][0]
    assert record["title"] == "Digital helpers for seniors"
    assert record["seeking_partners"] is True
    assert record["partner_needs"] == ["pilot_site"]
    assert "contact_email" not in record


@pytest.mark.django_db
def test_atom_feed_lists_published_initiatives(client, registry):
    response = client.get("/en/initiatives/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Housing first Berlin" in body and "Secret draft" not in body


@pytest.mark.django_db
def test_german_search_finds_inflected_forms(client, themes):
    InitiativeFactory(
        title_en="Repair café",
        title_de="Reparaturcafé",
        summary_de="Hier reparieren Nachbarn ihre Fahrräder und Wohnungen gemeinsam.",
        original_language="de",
    )
    # Singular finds plural, with and without umlaut: "Fahrrad" → "Fahrräder".
    for word in ["Fahrrad", "Wohnung", "gemeinsamen"]:
        assert titles(client.get(f"/de/initiatives/?q={word}")) == ["Repair café"], word
    # Every language of a record is searchable: the English page finds the German text too.
    assert titles(client.get("/en/initiatives/?q=Fahrrad")) == ["Repair café"]


@pytest.mark.django_db
def test_a_filter_the_list_cannot_understand_is_explained(client, registry):
    response = client.get("/de/initiatives/?sdg=abc")
    content = response.content.decode()
    assert 'class="errorlist nonfield" role="alert"' in content
    assert "SDG:" in content


@pytest.mark.django_db
def test_a_card_shows_the_readers_language_with_fallback(client, registry, themes):
    from django.utils import translation

    content = client.get("/et/initiatives/?country=EE").content.decode()
    assert "Digiabilised eakatele" in content  # the Estonian title
    assert "Volunteers teach older people to use their phones." in content  # English fallback
    with translation.override("et"):
        assert themes["digital-inclusion"].name in content
    assert "Lõuna-Eesti" in content  # its region
    assert f'href="/et/initiatives/{registry["tartu"].slug}/"' in content


@pytest.mark.django_db
def test_an_unknown_region_is_explained(client, registry):
    response = client.get("/en/initiatives/?region=xx9")
    content = response.content.decode()
    assert "There is no region with the code “XX9”" in content
    assert "were left out" in content  # and the list says what it did with it:
    assert sorted(titles(response)) == ["Digital helpers for seniors", "Housing first Berlin"]
    assert titles(client.get("/en/initiatives/?region=de3")) == ["Housing first Berlin"]


@pytest.mark.django_db
@pytest.mark.parametrize("page_number", [1, 2, 3])
def test_a_search_pages_past_the_first_ids_in_relevance_order(
    client, themes, monkeypatch, page_number
):
    monkeypatch.setattr("initiatives.views.public.FIRST_IDS", 2)
    monkeypatch.setattr("initiatives.views.public.PAGE_SIZE", 2)
    for n in range(5):
        InitiativeFactory(title_en=f"Garden {n}", summary_en="garden " * (n + 1))
    InitiativeFactory(title_en="Kitchen", summary_en="Cooking together.")
    everything = client.get("/en/initiatives/?q=garden&sort=relevance")
    assert everything.context["page"].paginator.count == 5
    ordered = list(
        InitiativeFilter({"q": "garden"}, queryset=Initiative.objects.published()).qs.values_list(
            "pk", flat=True
        )
    )
    response = client.get(f"/en/initiatives/?q=garden&page={page_number}")
    shown = [card.pk for card in response.context["page"].object_list]
    start = (page_number - 1) * 2
    assert shown == ordered[start : start + 2]
