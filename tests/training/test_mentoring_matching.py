"""Suggested mentors: who is suggested, in which order, with which reasons; and the open
requests a mentor sees."""

import pytest
from django.utils import translation

from training.mentoring import matching, services
from training.models import MentorProfile

from .mentoring_sample import ask, initiative_of, mentor, themes

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics(db):
    return themes()


@pytest.fixture
def mentoring_request(innovator, organisation, topics):
    initiative = initiative_of(organisation, topics=[topics["housing"], topics["digital"]])
    return ask(innovator, initiative, languages=["de"])


def test_mentors_are_ranked_by_fit_with_the_reasons(mentoring_request, topics, coordinator_de):
    def approved(name, **values):
        return mentor(name=name, approved_by=coordinator_de, **values)

    best = approved(
        "Anna Best", topics=[topics["housing"], topics["digital"]], languages=["de"], capacity=2
    )
    far = approved(
        "Bram Far", topics=[topics["housing"]], languages=["en"], countries=["NL"], capacity=1
    )
    local = approved("Carla Local", topics=[topics["finance"]], languages=["de", "en"])
    approved("Dirk Nothing", topics=[topics["finance"]], languages=["en"], countries=["NL"])
    mentor(name="Erik Pending", topics=[topics["housing"]])

    with translation.override("en"):
        suggestions = matching.suggest_mentors(mentoring_request)
    assert [s.mentor for s in suggestions] == [best, local, far]
    assert suggestions[0].reasons == [
        "2 shared themes: Digital inclusion, Housing and homelessness",
        "speaks German",
        "mentors in Germany",
        "2 of 2 places free",
    ]
    assert suggestions[1].reasons == ["speaks German", "mentors in Germany", "2 of 2 places free"]
    assert suggestions[2].reasons == [
        "1 shared theme: Housing and homelessness",
        "1 of 1 place free",
    ]


def test_several_common_languages_are_named_together(
    innovator, organisation, topics, coordinator_de
):
    initiative = initiative_of(organisation, topics=[topics["housing"]])
    mentoring_request = ask(innovator, initiative, languages=["de", "en", "nl"])
    mentor(
        name="Polly Glot",
        topics=[topics["finance"]],
        languages=["nl", "en", "de"],
        countries=["NL"],
        approved_by=coordinator_de,
    )
    with translation.override("en"):
        (suggestion,) = matching.suggest_mentors(mentoring_request)
    assert suggestion.reasons[0] == "speaks German, English and Dutch"


def test_free_places_break_ties_and_full_mentors_are_left_out(
    mentoring_request, innovator, organisation, topics, coordinator_de
):
    roomy = mentor(
        name="Rita Roomy", topics=[topics["housing"]], capacity=5, approved_by=coordinator_de
    )
    tight = mentor(
        name="Tina Tight", topics=[topics["housing"]], capacity=2, approved_by=coordinator_de
    )
    assert [s.mentor for s in matching.suggest_mentors(mentoring_request)] == [roomy, tight]
    for _ in range(2):
        other = ask(innovator, initiative_of(organisation, topics=[topics["housing"]]))
        services.propose_mentor(mentoring_request=other, profile=tight, actor=coordinator_de)
    assert [s.mentor for s in matching.suggest_mentors(mentoring_request)] == [roomy]


def test_mentors_not_taking_mentees_are_left_out(mentoring_request, topics, coordinator_de):
    paused = mentor(name="Pia Paused", topics=[topics["housing"]], approved_by=coordinator_de)
    MentorProfile.objects.filter(pk=paused.pk).update(accepting=False)
    assert matching.suggest_mentors(mentoring_request) == []


def test_suggestions_take_the_same_queries_for_one_or_many_mentors(
    mentoring_request, topics, coordinator_de, django_assert_max_num_queries
):
    mentor(name="First", topics=[topics["housing"]], approved_by=coordinator_de)
    with django_assert_max_num_queries(3):
        assert len(matching.suggest_mentors(mentoring_request)) == 1
    for number in range(5):
        mentor(name=f"More {number}", topics=[topics["digital"]], approved_by=coordinator_de)
    with django_assert_max_num_queries(3):
        assert len(matching.suggest_mentors(mentoring_request)) == 6


def test_a_mentor_sees_the_open_requests_of_their_countries_sharing_a_theme(
    mentoring_request, innovator, organisation, topics, coordinator_de
):
    profile = mentor(name="Maja", topics=[topics["digital"]], approved_by=coordinator_de)
    dutch = ask(innovator, initiative_of(organisation, country="NL", topics=[topics["digital"]]))
    other_theme = ask(innovator, initiative_of(organisation, topics=[topics["finance"]]))
    passed = ask(innovator, initiative_of(organisation, topics=[topics["digital"]]))
    services.propose_mentor(mentoring_request=passed, profile=profile, actor=coordinator_de)
    services.decline_proposal(mentoring_request=passed, actor=innovator)
    fitting = list(matching.requests_fitting(profile))
    assert fitting == [mentoring_request]
    assert dutch not in fitting and other_theme not in fitting
    assert matching.fits(profile, mentoring_request)
    pending = mentor(name="Paul Pending", topics=[topics["digital"]])
    assert list(matching.requests_fitting(pending)) == []
