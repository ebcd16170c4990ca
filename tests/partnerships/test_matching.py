"""Suggested partners and initiatives: a labelled set of needs and profiles, who ranks first
with which reasons, who is never suggested, and how many queries it takes."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from ncc_portal.choices import Contribution
from ncc_portal.models import Region, Theme
from partnerships import matching
from partnerships.models import Introduction, Stage

from ..factories import InitiativeFactory, MembershipFactory, OrganisationFactory
from ..factories import PartnerProfileFactory as _PartnerProfileFactory

pytestmark = pytest.mark.django_db


def region(code, name, country="NL"):
    parent = Region.objects.filter(code=code[:-1]).first() if len(code) > 3 else None
    return Region.objects.get_or_create(
        code=code,
        defaults={"name": name, "level": len(code) - 2, "country": country, "parent": parent},
    )[0]


def theme(slug, name):
    return Theme.objects.get_or_create(slug=slug, defaults={"name": name, "name_en": name})[0]


def profile_of(name, *, country="NL", **values):
    organisation = OrganisationFactory(name=name, country=country, kind="public_authority")
    values.setdefault("countries", [country])
    return _PartnerProfileFactory(organisation=organisation, indexed=False, **values)


def seeking_initiative(organisation=None, **values):
    """A Dutch initiative in Gelderland seeking a pilot site, on housing and ageing."""
    values.setdefault("country", "NL")
    values.setdefault("partner_needs", ["pilot_site"])
    values.setdefault("seeking_partners", True)
    values.setdefault("regions", [region("NL2", "Oost-Nederland"), region("NL22", "Gelderland")])
    return InitiativeFactory(
        organisation=organisation or OrganisationFactory(country=values["country"]),
        indexed=False,
        **values,
    )


@pytest.fixture
def topics(db):
    return {
        "housing": theme("housing", "housing"),
        "ageing": theme("ageing", "ageing"),
        "finance": theme("social-finance", "social finance"),
    }


@pytest.fixture
def gelderland(db):
    region("NL2", "Oost-Nederland")
    return region("NL22", "Gelderland")


@pytest.fixture
def initiative(topics, gelderland):
    return seeking_initiative(themes=[topics["housing"], topics["ageing"]], partner_offers=["data"])


def test_the_right_municipality_ranks_first_with_its_reasons(initiative, topics, gelderland):
    arnhem = profile_of(
        "Gemeente Arnhem",
        offers=["pilot_site", "expertise"],
        regions=[gelderland],
        themes=[topics["housing"], topics["ageing"]],
        languages=["nl", "en"],
    )
    elsewhere = profile_of(
        "Gemeente Groningen", offers=["pilot_site"], themes=[topics["housing"]], languages=["nl"]
    )
    data_seeker = profile_of("University", seeks=["data"], country="DE", languages=["de"])
    unrelated = profile_of(
        "Funder", offers=["funding"], themes=[topics["housing"], topics["ageing"]]
    )

    with translation.override("en"):
        suggestions = matching.suggest_partners(initiative)

    assert [s.profile for s in suggestions] == [arnhem, elsewhere, data_seeker]
    assert unrelated not in [s.profile for s in suggestions]
    assert suggestions[0].explanation == (
        "offers pilot site (you seek pilot site) · 2 shared themes: ageing, housing · works in "
        "Gelderland · speaks English · recently updated"
    )
    assert suggestions[1].reasons[:3] == [
        "offers pilot site (you seek pilot site)",
        "1 shared theme: housing",
        "works in Netherlands",
    ]
    assert suggestions[2].reasons[0] == "seeks data (you offer data)"


def test_reasons_are_translated(initiative, topics, gelderland):
    profile_of("Gemeente Arnhem", offers=["pilot_site"], regions=[gelderland], languages=["en"])
    with translation.override("de"):
        (suggestion,) = matching.suggest_partners(initiative)
        # German nouns keep their capital inside the sentence.
        label = str(Contribution.PILOT_SITE.label)
    assert label in suggestion.reasons[0]
    assert "Gelderland" in suggestion.explanation


def test_expired_draft_and_own_profiles_are_not_suggested(initiative):
    profile_of(
        "Expired", offers=["pilot_site"], valid_until=timezone.localdate() - timedelta(days=1)
    )
    profile_of("Draft", offers=["pilot_site"], status="draft")
    _PartnerProfileFactory(
        organisation=initiative.organisation, offers=["pilot_site"], indexed=False
    )
    assert matching.suggest_partners(initiative) == []


def test_pairs_with_an_open_or_declined_introduction_are_not_suggested(initiative):
    declined = profile_of("Declined", offers=["pilot_site"])
    open_ = profile_of("Open", offers=["pilot_site"])
    ended = profile_of("Ended", offers=["pilot_site"])
    for profile, stage in [(declined, Stage.DECLINED), (open_, Stage.IN_TALKS), (ended, "ended")]:
        Introduction.objects.create(
            initiative=initiative,
            profile=profile,
            country="NL",
            started_by="initiative",
            stage=stage,
        )
    assert [s.profile for s in matching.suggest_partners(initiative)] == [ended]


def test_an_initiative_open_for_replication_meets_partners_abroad(topics):
    estonian = seeking_initiative(
        country="EE",
        regions=[region("EE0", "Eesti", "EE")],
        open_for_replication=True,
        original_language="et",
        materials_languages=["en", "nl"],
        themes=[topics["ageing"]],
    )
    closed = seeking_initiative(country="EE", regions=[], open_for_replication=False)
    dutch = profile_of("Gemeente Zwolle", offers=["pilot_site"], languages=["nl"])

    (suggestion,) = matching.suggest_partners(estonian)
    assert suggestion.profile == dutch
    assert "works in Netherlands, where the initiative could be replicated" in suggestion.reasons
    assert "speaks Dutch" in suggestion.reasons
    closed_suggestions = matching.suggest_partners(closed)
    assert [s.profile for s in closed_suggestions] == [dutch]
    assert not any("replicated" in reason for reason in closed_suggestions[0].reasons)
    assert closed_suggestions[0].score < suggestion.score


def test_initiatives_are_suggested_for_a_profile(initiative, topics, gelderland):
    profile = profile_of(
        "Gemeente Arnhem", offers=["pilot_site"], regions=[gelderland], themes=[topics["housing"]]
    )
    unrelated = seeking_initiative(partner_needs=["funding"])
    other = seeking_initiative(partner_needs=["pilot_site"], regions=[], country="DE")

    with translation.override("en"):
        suggestions = matching.suggest_initiatives(profile)

    assert [s.initiative for s in suggestions] == [initiative, other]
    assert unrelated not in [s.initiative for s in suggestions]
    assert suggestions[0].reasons[:3] == [
        "seeks pilot site (you offer pilot site)",
        "1 shared theme: housing",
        "works in Gelderland",
    ]


def test_an_expired_profile_gets_no_suggestions(initiative):
    profile = profile_of(
        "Expired", offers=["pilot_site"], valid_until=timezone.localdate() - timedelta(days=1)
    )
    assert matching.suggest_initiatives(profile) == []


def test_coordinators_see_pairs_of_their_country_both_ways(initiative):
    dutch = profile_of("Gemeente Arnhem", offers=["pilot_site"])
    german_initiative = seeking_initiative(country="DE", regions=[], open_for_replication=True)
    german_closed = seeking_initiative(country="DE", regions=[])
    german_profile = profile_of("Stadt Köln", country="DE", offers=["funding"])

    pairs = {(s.initiative, s.profile) for s in matching.suggestions_for_country("NL")}
    assert (initiative, dutch) in pairs
    assert (german_initiative, dutch) in pairs
    # Not open for replication, and the profile does not serve its country.
    assert (german_closed, dutch) not in pairs
    assert all(german_profile != profile for _initiative, profile in pairs)


def _profiles(count, topics, gelderland):
    for number in range(count):
        profile_of(
            f"Gemeente {number}",
            offers=["pilot_site", "funding"],
            seeks=["data"],
            regions=[gelderland],
            themes=[topics["housing"]],
        )


@pytest.mark.parametrize("count", [3, 30])
def test_suggestions_take_the_same_queries_for_3_and_30_profiles(
    count, initiative, topics, gelderland, django_assert_num_queries
):
    _profiles(count, topics, gelderland)
    initiative = type(initiative).objects.get(pk=initiative.pk)
    # Whether the valid profiles changed; their rows, items, themes and regions (read once,
    # then kept in memory); the initiative's themes and regions, the introductions not to
    # repeat, the theme names, the best profiles.
    with django_assert_num_queries(11):
        suggestions = matching.suggest_partners(initiative)
    initiative = type(initiative).objects.get(pk=initiative.pk)
    with django_assert_num_queries(7):
        suggestions = matching.suggest_partners(initiative)
    assert len(suggestions) == min(count, 10)


@pytest.mark.parametrize("count", [3, 30])
def test_country_suggestions_take_the_same_queries_for_3_and_30_profiles(
    count, initiative, topics, gelderland, django_assert_max_num_queries
):
    _profiles(count, topics, gelderland)
    with django_assert_max_num_queries(16):
        suggestions = matching.suggestions_for_country("NL")
    assert suggestions


def test_members_matter_not_for_matching(initiative, topics):
    # A member of the profile's organisation does not change anything.
    profile = profile_of("Gemeente Ede", offers=["pilot_site"])
    MembershipFactory(organisation=profile.organisation)
    assert [s.profile for s in matching.suggest_partners(initiative)] == [profile]
