"""The search engine through the registry's list, on whichever database the suite runs: the
query syntax, what an empty query says, the suggestion, the snippets and the rebuild."""

import io

import pytest
from django.core.management import call_command

from ncc_portal.models import SearchIndexState

from ..factories import InitiativeFactory
from ..initiatives.test_registry import titles


@pytest.fixture
def cafes(reference_data):
    # The texts each in one language only (the factory gives every title in English).
    InitiativeFactory(
        title_en="Reparatur-Café Ruhr",
        summary_en="",
        title_de="Reparatur-Café Ruhr",
        summary_de="Ehrenamtliche reparieren Fahrräder im Stadtteilzentrum.",
        original_language="de",
    )
    InitiativeFactory(
        title_en="Repair café Berlin",
        summary_en="Volunteers repair <b>bicycles</b> & toasters together.",
        original_language="en",
    )
    InitiativeFactory(
        title_en="Buurtwerk Zwolle",
        summary_en="",
        title_nl="Buurtwerk Zwolle",
        summary_nl="Vrijwilligers helpen daklozen in het dorpje.",
        original_language="nl",
    )


def test_phrases_exclusions_and_or(client, cafes):
    # Accents left out; the English page finds the German text too ("Reparatur" stems to
    # "reparatur", not "repair": only the English one).
    assert titles(client.get("/en/initiatives/?q=repair+cafe")) == ["Repair café Berlin"]
    assert titles(client.get("/en/initiatives/?q=Reparatur")) == ["Reparatur-Café Ruhr"]
    assert titles(client.get('/en/initiatives/?q="repair+café"+-berlin')) == []
    assert titles(client.get('/en/initiatives/?q="café+berlin"')) == ["Repair café Berlin"]
    assert sorted(titles(client.get("/en/initiatives/?q=toasters+or+daklozen"))) == [
        "Buurtwerk Zwolle",
        "Repair café Berlin",
    ]


def test_compounds_diminutives_and_word_forms(client, cafes):
    assert titles(client.get("/de/initiatives/?q=Reparaturcafe")) == ["Reparatur-Café Ruhr"]
    assert titles(client.get("/de/initiatives/?q=Fahrrad")) == ["Reparatur-Café Ruhr"]
    assert titles(client.get("/de/initiatives/?q=zentrum")) == ["Reparatur-Café Ruhr"]
    assert titles(client.get("/nl/initiatives/?q=dorp")) == ["Buurtwerk Zwolle"]


def test_a_query_of_stop_words_says_so_and_lists_nothing(client, cafes):
    response = client.get("/en/initiatives/?q=the+and+of")
    assert titles(response) == []
    assert "only very common words" in response.content.decode()
    response = client.get("/en/initiatives/?q=-berlin")
    assert titles(response) == []
    assert "only says what to leave out" in response.content.decode()


def test_a_typo_gets_a_suggestion_that_finds_more(client, cafes):
    response = client.get("/de/initiatives/?q=Reperatur")
    assert titles(response) == []
    content = response.content.decode()
    assert 'class="search-suggestion" href="?q=Reparatur"' in content
    assert titles(client.get("/de/initiatives/?q=Reparatur")) == ["Reparatur-Café Ruhr"]
    # A word nobody wrote gets no suggestion.
    assert "search-suggestion" not in client.get("/de/initiatives/?q=qqqqxyz").content.decode()


def test_snippets_mark_the_words_found_escaped_and_name_the_language(client, cafes):
    content = client.get("/de/initiatives/?q=toasters").content.decode()
    assert "<mark>toasters</mark>" in content
    # Tags are stripped, the rest escaped.
    assert "bicycles &amp; <mark>toasters</mark>" in content
    # The English text is what the German reader is shown of it: marked as English.
    assert '<p class="search-snippet" lang="en">' in content
    content = client.get("/en/initiatives/?q=Stadtteilzentrum").content.decode()
    assert '<p class="search-snippet" lang="de">' in content
    assert "<mark>Stadtteilzentrum</mark>" in content


def test_the_rebuild_command_records_the_analysis_and_skips_what_is_current(cafes):
    out = io.StringIO()
    call_command("rebuild_search_index", "--if-outdated", stdout=out)
    assert "initiatives: 3 records indexed" in out.getvalue()
    assert SearchIndexState.objects.filter(index="initiatives").exists()
    out = io.StringIO()
    call_command("rebuild_search_index", "--if-outdated", stdout=out)
    assert out.getvalue() == ""
