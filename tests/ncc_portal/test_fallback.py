"""A missing translation falls back to the language the content was written in first, on the
page, in the cards, in sorting and in search."""

import pytest
from django.utils import translation

from ecosystem.models import CaseStudy
from initiatives.models import Initiative
from ncc_portal.fallback import fallback_chain, shown_language

from ..ecosystem.test_casestudies import CaseStudyFactory
from ..factories import InitiativeFactory


@pytest.fixture
def french_original(reference_data):
    """Written in French, translated into German only."""
    return InitiativeFactory(
        original_language="fr",
        title_en="",
        title="",
        title_fr="Atelier de réparation du quartier",
        title_de="Reparaturwerkstatt im Viertel",
        summary_en="",
        summary="",
        summary_fr="Les habitants réparent ensemble leurs objets.",
        summary_de="Die Nachbarn reparieren gemeinsam ihre Sachen.",
        country="LU",
        regions=["LU000"],
    )


def test_the_chain_puts_the_original_right_after_the_readers_language(settings):
    default = settings.MODELTRANSLATION_FALLBACK_LANGUAGES["default"]
    assert fallback_chain("en", "fr")[:2] == ["en", "fr"]
    assert sorted(fallback_chain("en", "fr")) == sorted(default)
    assert fallback_chain("fr", "fr")[0] == "fr"
    assert fallback_chain("et") == list(dict.fromkeys(["et", *default]))


@pytest.mark.django_db
def test_readers_without_a_translation_see_the_original(french_original):
    initiative = Initiative.objects.get(pk=french_original.pk)
    with translation.override("en"):
        assert initiative.title == "Atelier de réparation du quartier"
        assert shown_language(initiative, "title") == "fr"
    with translation.override("et"):
        assert initiative.summary == "Les habitants réparent ensemble leurs objets."
    with translation.override("de"):
        assert initiative.title == "Reparaturwerkstatt im Viertel"
        assert shown_language(initiative, "title") == "de"


@pytest.mark.django_db
def test_cards_show_the_original_and_say_which_language_it_is(client, french_original):
    content = client.get("/en/initiatives/?country=LU").content.decode()
    assert 'lang="fr">Atelier de réparation du quartier</a>' in content
    assert '<p lang="fr">Les habitants réparent ensemble leurs objets.</p>' in content
    german = client.get("/de/initiatives/?country=LU").content.decode()
    assert ">Reparaturwerkstatt im Viertel</a>" in german
    assert 'lang="de"' not in german.split("<main", 1)[1]


@pytest.mark.django_db
def test_search_and_sorting_use_the_text_readers_see(client, french_original):
    InitiativeFactory(title_en="Bicycle kitchen", country="LU", regions=["LU000"])
    response = client.get("/en/initiatives/?q=atelier")
    assert [card.pk for card in response.context["page"].object_list] == [french_original.pk]
    # Every language of a record is searchable: its German translation finds it too, and the
    # list shows the French original the English reader sees.
    response = client.get("/en/initiatives/?q=Reparaturwerkstatt")
    assert [card.title for card in response.context["page"].object_list] == [
        "Atelier de réparation du quartier"
    ]
    response = client.get("/en/initiatives/?sort=name&country=LU")
    # "Atelier …" (the French original) sorts before "Bicycle …"; the German "Reparatur…" would not.
    assert [card.title for card in response.context["page"].object_list] == [
        "Atelier de réparation du quartier",
        "Bicycle kitchen",
    ]


@pytest.mark.django_db
def test_case_studies_fall_back_to_their_original_too(client, reference_data):
    case_study = CaseStudyFactory(
        original_language="nl",
        title_en="",
        title_nl="Buurtnetwerken in Utrecht",
        title_de="Nachbarschaftsnetzwerke in Utrecht",
        summary_en="",
        summary_nl="Buurtnetwerken en de gemeente werken samen.",
        country="NL",
        regions=["NL321"],
    )
    with translation.override("en"):
        assert CaseStudy.objects.get(pk=case_study.pk).title == "Buurtnetwerken in Utrecht"
    content = client.get(f"/en/ecosystem/{case_study.slug}/").content.decode()
    assert 'lang="nl"' in content and "Buurtnetwerken in Utrecht" in content


@pytest.mark.django_db
def test_the_detail_page_marks_text_in_another_language(client, french_original):
    content = client.get(f"/en/initiatives/{french_original.slug}/").content.decode()
    assert '<h1 lang="fr">Atelier de réparation du quartier</h1>' in content
    assert '<p class="lead" lang="fr">' in content
    german = client.get(f"/de/initiatives/{french_original.slug}/").content.decode()
    assert "<h1>Reparaturwerkstatt im Viertel</h1>" in german
