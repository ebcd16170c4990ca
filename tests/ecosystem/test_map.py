"""The ecosystem map: counts per NUTS region at each level, each metric and the theme filter;
links from regions to the registry and the library; bad settings fall back to the defaults."""

import html

import pytest
from django.urls import NoReverseMatch, reverse

from ecosystem.casestudies.filters import CaseStudyFilter
from ecosystem.map import queries as map_queries
from ecosystem.models import CaseStudy, CaseStudyActor
from ncc_portal.models import Theme

from ..factories import InitiativeFactory, OrganisationFactory

_case_study_number = iter(range(1, 10_000))


def make_case_study(*, regions, themes=(), status="published", actors=()):
    """A case study in Germany; ``actors`` are organisations or names."""
    n = next(_case_study_number)
    case_study = CaseStudy.objects.create(
        slug=f"case-study-{n}",
        title_en=f"Case study {n}",
        original_language="en",
        country="DE",
        period_start=2020,
        summary_en="How the local ecosystem works.",
        authors="A. Researcher",
        status=status,
    )
    case_study.regions.set(regions)
    case_study.themes.set(themes)
    for position, actor in enumerate(actors):
        if isinstance(actor, str):
            CaseStudyActor.objects.create(
                case_study=case_study, helix="civil_society", name=actor, position=position
            )
        else:
            CaseStudyActor.objects.create(
                case_study=case_study, helix="public", organisation=actor, position=position
            )
    return case_study


@pytest.fixture
def themes(reference_data):
    return {theme.slug: theme for theme in Theme.objects.all()}


@pytest.fixture
def ecosystem(themes):
    """Berlin is DE3 > DE30 > DE300; Düsseldorf DEA > DEA1 > DEA11, DEA12."""
    youth, digital = themes["youth"], themes["digital-inclusion"]
    InitiativeFactory(regions=["DE300", "DEA11"], themes=[youth])
    InitiativeFactory(regions=["DEA11", "DEA12"], themes=[digital])
    InitiativeFactory(regions=["DEA"], themes=[digital])  # works in all of North Rhine-Westphalia
    InitiativeFactory(regions=["DE300"], themes=[youth], status="draft")
    city = OrganisationFactory(name="City of Düsseldorf", kind="municipality")
    make_case_study(
        regions=["DE300", "DEA11"],
        themes=[youth],
        actors=[city, "Tafel Berlin", "tafel berlin", ""],
    )
    make_case_study(regions=["DEA1"], themes=[digital], actors=[city, "Diakonie Düsseldorf"])
    make_case_study(regions=["DE300"], themes=[youth], status="draft", actors=["Hidden actor"])


# ---------------------------------------------------------------------------------------------
# Counts
# ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("level", "expected"),
    [
        (1, {"DE3": 1, "DEA": 3}),
        (2, {"DE30": 1, "DEA1": 2}),
        (3, {"DE300": 1, "DEA11": 2, "DEA12": 1}),
    ],
)
def test_initiatives_are_counted_once_per_region_of_the_level(ecosystem, level, expected):
    assert map_queries.counts_per_region(metric="initiatives", level=level) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("level", "expected"),
    [
        (1, {"DE3": 1, "DEA": 2}),
        (2, {"DE30": 1, "DEA1": 2}),
        (3, {"DE300": 1, "DEA11": 1}),
    ],
)
def test_case_studies_are_counted_by_their_regions(ecosystem, level, expected):
    assert map_queries.counts_per_region(metric="case_studies", level=level) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("level", "expected"),
    [
        # Berlin: the city and the Tafel (named twice); NRW adds the Diakonie.
        (1, {"DE3": 2, "DEA": 3}),
        (2, {"DE30": 2, "DEA1": 3}),
        (3, {"DE300": 2, "DEA11": 2}),
    ],
)
def test_actors_of_published_case_studies_are_counted_once_per_region(ecosystem, level, expected):
    assert map_queries.counts_per_region(metric="actors", level=level) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("metric", "expected"),
    [
        ("initiatives", {"DE30": 1, "DEA1": 1}),
        ("case_studies", {"DE30": 1, "DEA1": 1}),
        ("actors", {"DE30": 2, "DEA1": 2}),
    ],
)
def test_theme_filter_applies_to_every_metric(ecosystem, metric, expected):
    assert map_queries.counts_per_region(metric=metric, level=2, theme="youth") == expected


@pytest.mark.django_db
def test_unknown_metric_or_level_is_refused(ecosystem):
    with pytest.raises(ValueError):
        map_queries.counts_per_region(metric="budgets", level=2)
    with pytest.raises(ValueError):
        map_queries.counts_per_region(metric="initiatives", level=0)


# ---------------------------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------------------------


def table(response):
    return {row["code"]: row["count"] for row in response.context["rows"]}


@pytest.mark.django_db
def test_map_defaults_to_initiatives_at_nuts_2(client, ecosystem):
    response = client.get("/en/ecosystem/map/")
    assert response.status_code == 200
    assert (response.context["level"], response.context["metric"]) == (2, "initiatives")
    assert table(response) == {"DE30": 1, "DEA1": 2}
    body = response.content.decode()
    assert body.count('class="nuts-map"') == 1
    assert "© EuroGeographics for the administrative boundaries" in body
    assert response.context["problems"] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("level=1", {"DE3": 1, "DEA": 3}),
        ("level=3", {"DE300": 1, "DEA11": 2, "DEA12": 1}),
        ("level=2&metric=case_studies", {"DE30": 1, "DEA1": 2}),
        ("level=3&metric=actors", {"DE300": 2, "DEA11": 2}),
        ("level=1&metric=initiatives&theme=digital-inclusion", {"DEA": 2}),
    ],
)
def test_map_table_follows_the_settings(client, ecosystem, query, expected):
    assert table(client.get(f"/en/ecosystem/map/?{query}")) == expected


@pytest.mark.django_db
def test_table_lists_the_biggest_regions_first_with_names(client, ecosystem):
    rows = client.get("/en/ecosystem/map/?level=3").context["rows"]
    assert [(row["code"], row["name"]) for row in rows][0] == (
        "DEA11",
        "Düsseldorf, Kreisfreie Stadt",
    )


@pytest.mark.django_db
def test_every_region_links_to_the_registry_filtered_by_region_and_theme(client, ecosystem):
    response = client.get("/en/ecosystem/map/?level=1&theme=youth")
    body = html.unescape(response.content.decode())
    # On the map: every region of the level is a link, those without any too.
    assert 'href="/en/initiatives/?region=DEA&theme=youth"' in body
    assert 'href="/en/initiatives/?region=NL3&theme=youth"' in body
    assert 'href="/en/initiatives/?region=EE0&theme=youth"' in body
    rows = {row["code"]: row for row in response.context["rows"]}
    assert rows["DE3"]["link"] == "/en/initiatives/?region=DE3&theme=youth"


@pytest.mark.django_db
def test_table_links_to_the_library_of_the_regions_country(client, ecosystem):
    try:
        library = reverse("library:resource-list")
    except NoReverseMatch:
        pytest.skip("the library has no list yet")
    rows = client.get("/en/ecosystem/map/").context["rows"]
    assert {row["library_link"] for row in rows} == {f"{library}?country=DE"}


@pytest.mark.django_db
@pytest.mark.parametrize("metric", ["case_studies", "actors"])
def test_case_study_figures_link_to_case_studies_only_if_they_filter_by_region(
    client, ecosystem, metric
):
    rows = client.get(f"/en/ecosystem/map/?metric={metric}").context["rows"]
    base = "/en/ecosystem/" if "region" in CaseStudyFilter.base_filters else "/en/initiatives/"
    assert rows[0]["link"] == f"{base}?region={rows[0]['code']}"


@pytest.mark.django_db
def test_skip_link_jumps_over_the_map_to_the_table(client, ecosystem):
    body = client.get("/en/ecosystem/map/?level=3").content.decode()
    skip = body.index('href="#map-data"')
    assert skip < body.index("<svg") < body.index('id="map-data"')


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "level=7&metric=budgets&theme=no-such-theme",
        "level=abc",
        "level=0",
        "metric=",
        "theme=%27%3B--",
        "level=1&level=x",
    ],
)
def test_invalid_settings_fall_back_to_the_defaults_with_a_message(client, ecosystem, query):
    response = client.get(f"/en/ecosystem/map/?{query}")
    assert response.status_code == 200
    context = response.context
    assert context["level"] in (1, 2) and context["metric"] == "initiatives"
    if query != "metric=":
        assert context["problems"]
        assert "could not be used" in response.content.decode()
    else:
        assert context["problems"] == []


@pytest.mark.django_db
def test_invalid_settings_message_is_in_the_users_language(client, ecosystem):
    response = client.get("/de/ecosystem/map/?level=7")
    assert response.context["level"] == 2
    label, errors = response.context["problems"][0]
    assert "7" in errors[0] and "Select a valid choice" not in errors[0]


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 3])
def test_map_query_count_does_not_depend_on_rows(client, themes, rows, django_assert_num_queries):
    for _n in range(rows):
        InitiativeFactory(regions=["DE300", "DEA11"], themes=[themes["youth"]])
        make_case_study(regions=["DE300"], themes=[themes["youth"]], actors=["Tafel"])
    # themes, the counts, the regions of the level
    with django_assert_num_queries(3):
        client.get("/en/ecosystem/map/?level=3&theme=youth")
    with django_assert_num_queries(3):
        client.get("/en/ecosystem/map/?metric=actors")
