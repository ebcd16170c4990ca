"""The facet engine (ncc_portal.facets) keeps its counts true while the lists change: after each
publication, edit and withdrawal the registry's and the library's counts equal what the records'
relations say, whether this process still holds a facet index or another process (with none of
its own) answers; after a committed change a worker has the new index ready in the shared cache."""

import pytest
from django.db.models import Q

from ecosystem.library import services as library
from ecosystem.library.search import facet_cache as library_facets
from ecosystem.models import Audience, Resource
from initiatives import services as registry
from initiatives.filters import InitiativeFilter
from initiatives.models import Initiative
from initiatives.snapshots import snapshot_of
from ncc_portal import facets
from ncc_portal.models import Theme

from ..factories import InitiativeFactory
from ..initiatives.test_search_index import RELATIONS as REGISTRY_RELATIONS

# What each library facet means, said through the relations rather than the tokens.
LIBRARY_RELATIONS = {
    "type": lambda v: Q(type=v),
    "theme": lambda v: Q(themes__slug=v),
    "audience": lambda v: Q(audiences__slug=v),
    "country": lambda v: Q(country="" if v == "transnational" else v),
    "file_language": lambda v: Q(files__language=v),
    "year": lambda v: Q(year=int(v)),
    "access_level": lambda v: Q(access_level=v),
}


def test_every_facet_of_the_library_is_described_here():
    from ecosystem.library.filters import ResourceFilter

    assert set(ResourceFilter.FACETS) == set(LIBRARY_RELATIONS)


def shown_counts(response):
    return {
        name: {value: count for value, _label, count, _selected in options}
        for name, _label, options in response.context["facets"]
    }


def assert_counts_agree(client, url, published, relations, chosen):
    """Every option's count on the page at ``url`` is the number of published records that
    the option selects with the other chosen facets applied."""
    checked = 0
    for facet, options in shown_counts(client.get(url)).items():
        within = published
        for name, value in chosen.items():
            if name != facet:
                within = within.filter(relations[name](value))
        for value, count in options.items():
            expected = within.filter(relations[facet](value)).distinct().count()
            assert count == expected, (url, facet, value, count, expected)
            checked += 1
    assert checked > 5


def another_process():
    """As a process that has built no facet index yet: only the shared cache can help it."""
    facets._indexes.clear()


# ---------------------------------------------------------------------------------------------
# The library
# ---------------------------------------------------------------------------------------------


def new_resource(title, *, published=True, **fields):
    data = {
        "title_en": title,
        "abstract_en": f"About {title}.",
        "type": fields.pop("type", "guide"),
        "country": fields.pop("country", "DE"),
        "year": fields.pop("year", 2024),
        "access_level": fields.pop("access_level", "public"),
        **fields,
    }
    resource = library.create_resource(author=None, data=data)
    if published:
        library.publish_resource(resource=resource, actor=None)
    return resource


@pytest.fixture
def library_world(reference_data, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    settings.CLAMD_ADDRESS = ""
    finance = Theme.objects.get(slug="social-finance")
    youth = Theme.objects.get(slug="youth")
    researchers, _ = Audience.objects.get_or_create(slug="researchers", defaults={"name": "R"})
    new_resource("Alpha", themes=[finance], audiences=[researchers])
    new_resource("Beta", type="study", country="", themes=[finance, youth], year=2023)
    new_resource("Gamma", country="NL", themes=[youth], access_level="signed_in")
    new_resource("Draft", themes=[finance], published=False)
    return {"finance": finance, "youth": youth, "researchers": researchers}


LIBRARY_QUERIES = [
    ("", {}),
    ("theme=social-finance", {"theme": "social-finance"}),
    ("theme=youth&country=transnational", {"theme": "youth", "country": "transnational"}),
    ("type=guide&year=2024&file_language=en", {"type": "guide", "year": "2024"}),
]


def check_library(client):
    for query, chosen in LIBRARY_QUERIES:
        url = f"/en/library/?{query}"
        if "file_language" in query:
            chosen = {**chosen, "file_language": "en"}
        for fresh in (False, True):
            if fresh:
                another_process()
            assert_counts_agree(
                client, url, Resource.objects.published(), LIBRARY_RELATIONS, chosen
            )


@pytest.mark.django_db
def test_library_counts_stay_true_through_publication_edit_and_withdrawal(client, library_world):
    check_library(client)

    draft = Resource.objects.get(title_en="Draft")
    library.publish_resource(resource=draft, actor=None)
    check_library(client)

    beta = Resource.objects.get(title_en="Beta")
    library.update_resource(
        resource=beta,
        editor=None,
        data={"country": "EE", "themes": [library_world["youth"]], "year": 2024},
    )
    check_library(client)

    library.add_file(
        resource=Resource.objects.get(title_en="Gamma"),
        language="en",
        upload=_pdf(),
        user=None,
    )
    check_library(client)

    library.archive_resource(resource=Resource.objects.get(title_en="Alpha"), actor=None)
    check_library(client)
    counts = shown_counts(client.get("/en/library/"))
    assert counts["theme"]["social-finance"] == 1  # the published draft only
    assert counts["country"] == {**counts["country"], "EE": 1, "transnational": 0}
    assert counts["file_language"]["en"] == 1


def _pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("guide.pdf", b"%PDF-1.4\nhello", content_type="application/pdf")


@pytest.mark.django_db
def test_an_unknown_year_or_theme_is_explained_and_matches_nothing(client, library_world):
    response = client.get("/en/library/?year=2024.5")
    assert list(response.context["page"].object_list) == []
    response = client.get("/en/library/?theme=no-such-theme")
    assert response.status_code == 200
    assert response.context["filter"].form.errors["theme"]


# ---------------------------------------------------------------------------------------------
# The registry
# ---------------------------------------------------------------------------------------------


REGISTRY_QUERIES = [
    ("", {}),
    ("country=DE", {"country": "DE"}),
    ("theme=youth&stage=pilot", {"theme": "youth", "stage": "pilot"}),
    ("region=DE3&replication=yes", {"region": "DE3", "replication": "yes"}),
]


def check_registry(client):
    for query, chosen in REGISTRY_QUERIES:
        for fresh in (False, True):
            if fresh:
                another_process()
            assert_counts_agree(
                client,
                f"/en/initiatives/?{query}",
                Initiative.objects.published(),
                REGISTRY_RELATIONS,
                chosen,
            )


@pytest.mark.django_db
def test_registry_counts_stay_true_through_publication_edit_and_withdrawal(
    client, reference_data, coordinator_de, organisation, innovator
):
    youth = Theme.objects.get(slug="youth")
    InitiativeFactory(title_en="One", stage="pilot", themes=[youth], organisation=organisation)
    InitiativeFactory(title_en="Two", country="NL", regions=["NL350"], open_for_replication=True)
    submitted = InitiativeFactory(title_en="Three", status="submitted", themes=[youth])
    check_registry(client)

    registry.publish_initiative(initiative=submitted, actor=coordinator_de)
    check_registry(client)

    one = Initiative.objects.get(title_en="One")
    data = snapshot_of(one) | {"stage": "scaling", "regions": ["DEA11"]}
    registry.update_initiative(initiative=one, editor=innovator, data=data)
    registry.submit_initiative(initiative=one, actor=innovator)
    registry.publish_initiative(initiative=one, actor=coordinator_de)
    assert Initiative.objects.get(pk=one.pk).stage == "scaling"
    check_registry(client)

    registry.archive_initiative(
        initiative=Initiative.objects.get(title_en="Two"), actor=coordinator_de
    )
    check_registry(client)
    assert shown_counts(client.get("/en/initiatives/"))["country"].get("NL", 0) == 0


# ---------------------------------------------------------------------------------------------
# Warming after a committed change
# ---------------------------------------------------------------------------------------------


def shared_index(facet_cache, base_queryset):
    """The index another process would find for the list's current version, or None."""
    another_process()
    return facets._IndexSlot(facet_cache, base_queryset).get()


@pytest.mark.django_db(transaction=True)
def test_after_a_publication_the_new_index_waits_in_the_shared_cache(
    client, reference_data, coordinator_de
):
    submitted = InitiativeFactory(title_en="Fresh", status="submitted")
    base = Initiative.objects.listed()
    assert shared_index(InitiativeFilter.facet_cache, base) is None

    registry.publish_initiative(initiative=submitted, actor=coordinator_de)
    index = shared_index(InitiativeFilter.facet_cache, base)
    assert index is not None and submitted.pk in index.rows

    resource = new_resource("Fresh guide", published=False)
    assert shared_index(library_facets, Resource.objects.published()) is None
    library.publish_resource(resource=resource, actor=None)
    index = shared_index(library_facets, Resource.objects.published())
    assert index is not None and resource.pk in index.rows
