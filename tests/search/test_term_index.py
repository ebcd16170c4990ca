"""The term indexes in the process's memory (``ncc_portal.fulltext.memory``), on whichever
database the suite runs: the lists' searches are answered from them, they find exactly what the
database's own search finds, a change is found by the next search without a rebuild, and the
worker rebuilds once enough records changed."""

from datetime import timedelta

import pytest
from django.core.cache import cache

from initiatives.filters import registry_changed
from initiatives.models import Initiative
from initiatives.search import index, update_search_index
from ncc_portal import fulltext
from ncc_portal.fulltext import memory
from ncc_portal.models import SearchChange

from ..factories import InitiativeFactory
from ..initiatives.test_registry import titles

# Every kind of query the search box takes that a term index answers, and a phrase, which it
# leaves to the database.
QUERIES = [
    "repair",
    "Reparatur",
    "reparaturcafe",
    "repair cafe",
    "Fahrrad",
    "zentrum",
    "toasters or daklozen",
    "repair -berlin",
    "Ehrenamtlichen",
    "dorp",
    "vrijwilliger",
    "Zwolle or Ruhr or Berlin",
    "bicycle",
    "nothingatall",
]


@pytest.fixture
def records(reference_data):
    return [
        InitiativeFactory(
            title_en="Reparatur-Café Ruhr",
            summary_en="",
            title_de="Reparatur-Café Ruhr",
            summary_de="Ehrenamtliche reparieren Fahrräder im Stadtteilzentrum.",
            original_language="de",
        ),
        InitiativeFactory(
            title_en="Repair café Berlin",
            summary_en="Volunteers repair <b>bicycles</b> & toasters together.",
            original_language="en",
        ),
        InitiativeFactory(
            title_en="Buurtwerk Zwolle",
            summary_en="A repair service of the neighbourhood.",
            title_nl="Buurtwerk Zwolle",
            summary_nl="Vrijwilligers helpen daklozen in het dorpje.",
            original_language="nl",
        ),
    ]


def database_matches(text, language):
    """What the database's own search (``SearchIndex.filter``) finds."""
    queryset = fulltext.search(Initiative.objects.all(), text, language, index)
    return set(queryset.values_list("pk", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "en", "nl"])
def test_a_term_index_finds_what_the_database_finds(records, language):
    for text in QUERIES:
        found = memory.search(index, fulltext.parse(text), language)
        assert found is not None, text
        matched, _terms = found
        assert set(matched) == database_matches(text, language), text
    # A phrase needs the words' positions: the database answers it.
    assert memory.search(index, fulltext.parse('"repair café"'), "en") is None


@pytest.mark.django_db
def test_the_list_is_answered_from_the_term_index_and_ranks_by_weight(
    client, records, django_assert_max_num_queries
):
    client.get("/en/initiatives/?q=zwolle")  # (builds the term index and the facet index)
    held = memory._held[("initiatives", "en")]
    # A title (weight A) ranks before a summary (weight B), however new the other is.
    assert titles(client.get("/en/initiatives/?q=repair")) == [
        "Repair café Berlin",
        "Buurtwerk Zwolle",
    ]
    # The search, the page's cards and its snippets: no statement per match.
    with django_assert_max_num_queries(3):
        response = client.get("/en/initiatives/?q=repair+or+ruhr")
    assert titles(response) == ["Repair café Berlin", "Reparatur-Café Ruhr", "Buurtwerk Zwolle"]
    assert response.context["page"].paginator.count == 3
    assert memory._held[("initiatives", "en")] is held
    # Ordered otherwise, the search still comes from the term index, in the chosen order.
    by_name = titles(client.get("/en/initiatives/?q=repair+or+ruhr&sort=name"))
    assert by_name == ["Buurtwerk Zwolle", "Repair café Berlin", "Reparatur-Café Ruhr"]
    # The facets apply to the matches.
    assert titles(client.get("/en/initiatives/?q=repair&country=EE")) == []


@pytest.mark.django_db
def test_a_change_is_found_by_the_next_search_without_a_rebuild(client, records):
    assert titles(client.get("/en/initiatives/?q=toasters")) == ["Repair café Berlin"]
    built = memory._held[("initiatives", "en")]
    berlin = records[1]
    Initiative.objects.filter(pk=berlin.pk).update(
        summary_en="Volunteers mend kettles and lamps together."
    )
    update_search_index(Initiative.objects.filter(pk=berlin.pk))
    registry_changed()
    assert SearchChange.objects.filter(index="initiatives", record_id=berlin.pk).exists()
    # Found by its new words, no longer by its old ones, from the same term index.
    assert titles(client.get("/en/initiatives/?q=kettles")) == ["Repair café Berlin"]
    assert titles(client.get("/en/initiatives/?q=toasters")) == []
    assert memory._held[("initiatives", "en")] is built
    # Changed again, it is read again.
    Initiative.objects.filter(pk=berlin.pk).update(summary_en="Volunteers mend radios.")
    update_search_index(Initiative.objects.filter(pk=berlin.pk))
    registry_changed()
    assert titles(client.get("/en/initiatives/?q=radios")) == ["Repair café Berlin"]
    assert titles(client.get("/en/initiatives/?q=kettles")) == []
    # A record that is new since the index was built is found too.
    InitiativeFactory(title_en="Toaster clinic Tartu", original_language="en")
    registry_changed()
    assert titles(client.get("/en/initiatives/?q=toaster")) == ["Toaster clinic Tartu"]


@pytest.mark.django_db
def test_the_worker_rebuilds_once_enough_records_changed(
    records, monkeypatch, django_capture_on_commit_callbacks
):
    memory.build(index)
    generation = memory._held[("initiatives", "en")].generation
    assert memory.refresh(index) is False  # (nothing changed)
    monkeypatch.setattr(memory, "REBUILD_AFTER_CHANGES", 2)
    monkeypatch.setattr(memory, "REBUILD_INTERVAL", timedelta(0))
    with django_capture_on_commit_callbacks(execute=True):
        update_search_index(Initiative.objects.filter(pk__in=[r.pk for r in records]))
    # (The task queued once the change was committed ran eagerly and rebuilt.)
    rebuilt = memory._held[("initiatives", "en")]
    assert rebuilt.generation != generation
    assert memory.refresh(index) is False


@pytest.mark.django_db
def test_a_rebuild_builds_the_term_indexes_instead_of_noting_every_record(client, records):
    noted = SearchChange.objects.count()
    index.rebuild()
    assert SearchChange.objects.count() == noted
    rebuilt = memory._held[("initiatives", "en")]
    assert titles(client.get("/en/initiatives/?q=toasters")) == ["Repair café Berlin"]
    assert memory._held[("initiatives", "en")] is rebuilt


@pytest.mark.django_db
def test_a_process_takes_the_term_index_another_one_shared(records):
    memory.build(index)
    shared = memory._held[("initiatives", "de")]
    memory.forget()  # (as a process that holds none)
    taken = memory.term_index(index, "de")
    assert taken.generation == shared.generation
    assert taken.tokens == shared.tokens
    # When the cache lost that language's copy, a process builds its own once and keeps it.
    cache.delete(memory._data_key("initiatives", "nl", shared.generation))
    built = memory.term_index(index, "nl")
    assert memory.term_index(index, "nl") is built


@pytest.mark.django_db
def test_too_many_changes_since_the_build_leave_the_search_to_the_database(
    client, records, monkeypatch
):
    memory.build(index)
    monkeypatch.setattr(memory, "MAX_OVERLAY", 1)
    update_search_index(Initiative.objects.filter(pk__in=[r.pk for r in records[:2]]))
    assert memory.search(index, fulltext.parse("repair"), "en") is None
    assert sorted(titles(client.get("/en/initiatives/?q=repair"))) == [
        "Buurtwerk Zwolle",
        "Repair café Berlin",
    ]


@pytest.mark.django_db
def test_pages_come_from_the_facet_index_once_the_worker_read_the_order(
    client, reference_data, monkeypatch, django_assert_num_queries
):
    from ncc_portal import facets

    monkeypatch.setattr("initiatives.views.public.PAGE_SIZE", 2)
    for n in range(7):
        InitiativeFactory(title_en=f"Initiative {n}", country="EE" if n % 2 else "DE")
    in_database = [titles(client.get(f"/en/initiatives/?country=EE&page={p}")) for p in (1, 2)]
    registry_changed()
    facets.warm_facet_index("initiatives")  # (as the task queued after the change does)
    client.get("/en/initiatives/?country=DE")  # (the vocabularies are cached)
    # the page's cards alone: its ids and the counts come from the facet index
    with django_assert_num_queries(1):
        response = client.get("/en/initiatives/?country=EE&page=2")
    assert titles(response) == in_database[1]
    assert titles(client.get("/en/initiatives/?country=EE")) == in_database[0]
    assert response.context["page"].paginator.count == 3
