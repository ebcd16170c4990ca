"""Every list with a search box explains the syntax under it and answers a search as the
registry does: a "Did you mean …?" link for a typo, the words found marked in a snippet, a clear
message for a query of stop words; on the case studies, the best matches first."""

import pytest

from ..ecosystem.test_casestudies import CaseStudyFactory
from ..factories import InitiativeFactory, PartnerProfileFactory

LIST_URLS = [
    "/en/initiatives/",
    "/en/library/",
    "/en/training/",
    "/en/partners/",
    "/en/ecosystem/",
]


@pytest.fixture
def lists(reference_data, make_offer, researcher):
    InitiativeFactory(title_en="Tool library", summary_en="Neighbours lend drills to neighbours.")
    make_offer(
        title_en="Storytelling for fundraisers",
        summary_en="Crowdfunding campaigns that tell a story.",
    )
    PartnerProfileFactory(summary_en="The municipality offers vacant shopfronts as pilot sites.")
    CaseStudyFactory(title_en="Harbour quarter", summary_en="Dockworkers and a cooperative bank.")
    CaseStudyFactory(
        title_en="Dockworkers of Rotterdam", summary_en="Dockworkers found a cooperative."
    )


@pytest.fixture
def researcher(db):
    from ..factories import UserFactory

    return UserFactory(email="rita@research.example", role="researcher")


@pytest.fixture
def make_offer(centre_de, coordinator_de):
    from training import services

    from ..training.conftest import offer_values, session_values

    def make(**values):
        offer = services.create_offer(
            author=coordinator_de, values=offer_values(centre_de, **values), themes=()
        )
        offer = services.publish_offer(offer=offer, actor=coordinator_de)
        # The list shows offers with sessions to come.
        services.create_session(offer=offer, actor=coordinator_de, values=session_values())
        return offer

    return make


@pytest.mark.django_db
@pytest.mark.parametrize("url", LIST_URLS)
def test_the_search_box_explains_its_syntax(client, reference_data, url):
    content = client.get(url).content.decode()
    assert 'aria-describedby="id_q_help"' in content
    assert 'id="id_q_help"' in content and "in quotes finds the phrase" in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url,typo,corrected,marked",
    [
        ("/en/training/", "crowdfundng", "crowdfunding", "<mark>Crowdfunding</mark>"),
        ("/en/partners/", "shopfronst", "shopfronts", "<mark>shopfronts</mark>"),
        ("/en/ecosystem/", "dockwarkers", "dockworkers", "<mark>Dockworkers</mark>"),
    ],
)
def test_each_list_suggests_and_marks_what_it_found(client, lists, url, typo, corrected, marked):
    response = client.get(url, {"q": typo})
    assert response.context["page"].paginator.count == 0
    assert f'class="search-suggestion" href="?q={corrected}"' in response.content.decode()
    content = client.get(url, {"q": corrected}).content.decode()
    assert '<p class="search-snippet"' in content and marked in content


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/en/training/", "/en/partners/", "/en/ecosystem/"])
def test_a_query_of_stop_words_says_so_on_every_list(client, lists, url):
    response = client.get(url, {"q": "the and of"})
    assert response.context["page"].paginator.count == 0
    assert "only very common words" in response.content.decode()


@pytest.mark.django_db
def test_case_studies_list_the_best_match_first(client, lists):
    response = client.get("/en/ecosystem/", {"q": "dockworkers"})
    shown = [case_study.title_en for case_study in response.context["page"].object_list]
    assert shown == ["Dockworkers of Rotterdam", "Harbour quarter"]


@pytest.mark.django_db
def test_the_checked_pages_include_a_suggestion_snippets_and_a_search_note(client, reference_data):
    # tests/site_pages.py: the pages that axe and the HTML checker look at.
    from ..site_pages import site_world

    searches = [path for path in site_world()["anonymous_pages"] if "q=" in path]
    contents = [client.get(f"/en{path}").content.decode() for path in searches]
    assert any('class="search-suggestion"' in content for content in contents)
    assert any('class="search-snippet"' in content and "<mark>" in content for content in contents)
    assert any("only very common words" in content for content in contents)
