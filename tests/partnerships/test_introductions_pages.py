"""The matches page and an introduction's page: who sees and does what (every persona ×
action), contact persons before and after both accepted, forms that keep what was typed, and
the queries the matches page makes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships.introductions import services
from partnerships.models import Introduction, Stage

from ..factories import (
    CoordinatorFactory,
    InitiativeFactory,
    NationalCentreFactory,
    OrganisationFactory,
    PartnerProfileFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "owner",
    "partner",
    "other_innovator",
    "coordinator_de",
    "coordinator_nl",
    "coordinator_lu",
    "administrator",
]


@pytest.fixture
def initiative(organisation):
    return InitiativeFactory(
        organisation=organisation,
        country="DE",
        title_en="Repair café Kreuzberg",
        partner_needs=["pilot_site"],
        seeking_partners=True,
        contact_name="Ines Innovator",
        contact_email="contact@neighbourhood.example",
        regions=[],
        indexed=False,
    )


@pytest.fixture
def partner(db):
    return UserFactory(email="pieter@arnhem.example", name="Pieter", language="nl")


@pytest.fixture
def profile(partner):
    organisation = OrganisationFactory(
        name="Gemeente Arnhem", country="NL", kind="public_authority", slug="arnhem"
    )
    organisation.memberships.create(user=partner)
    return PartnerProfileFactory(
        organisation=organisation,
        slug="gemeente-arnhem",
        offers=["pilot_site"],
        contact_name="Anna de Vries",
        contact_email="anna@arnhem.example",
        indexed=False,
    )


@pytest.fixture
def coordinator_lu(db):
    return CoordinatorFactory(centre=NationalCentreFactory(country="LU"), email="lu@ncc.example")


@pytest.fixture
def proposed(innovator, initiative, profile):
    return services.express_interest(
        user=innovator, initiative=initiative, profile=profile, message="Can we pilot with you?"
    )


@pytest.fixture
def introduced(proposed, partner):
    return services.accept(user=partner, introduction=proposed)


@pytest.fixture
def as_persona(client, request, innovator, partner):
    def log_in(persona):
        client.logout()
        if persona == "owner":
            client.force_login(innovator)
        elif persona == "partner":
            client.force_login(partner)
        elif persona != "anonymous":
            client.force_login(request.getfixturevalue(persona))
        return client

    return log_in


SEES = {"owner", "partner", "coordinator_de", "coordinator_nl", "administrator"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_view_an_introduction(as_persona, proposed, persona):
    response = as_persona(persona).get(f"/en/matches/{proposed.pk}/")
    assert response.status_code == (200 if persona in SEES else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_matches_page(as_persona, persona):
    response = as_persona(persona).get("/en/matches/")
    assert response.status_code == (302 if persona == "anonymous" else 200)


def _expected_for_action(persona, allowed):
    if persona == "anonymous":
        return 302  # to the sign-in page
    if persona not in SEES:
        return 404
    return 302 if persona in allowed or persona == "administrator" else 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_accept(as_persona, proposed, persona):
    response = as_persona(persona).post(f"/en/matches/{proposed.pk}/accept/")
    assert response.status_code == _expected_for_action(persona, {"partner"})
    proposed.refresh_from_db()
    # An administrator may open the action, but answers for no side.
    assert proposed.stage == (Stage.INTRODUCED if persona == "partner" else Stage.PROPOSED)


@pytest.mark.parametrize("persona", PERSONAS)
def test_decline(as_persona, proposed, persona):
    response = as_persona(persona).post(f"/en/matches/{proposed.pk}/decline/")
    assert response.status_code == _expected_for_action(persona, {"partner"})
    proposed.refresh_from_db()
    assert proposed.stage == (Stage.DECLINED if persona == "partner" else Stage.PROPOSED)


@pytest.mark.parametrize("persona", PERSONAS)
def test_withdraw(as_persona, proposed, persona):
    allowed = {"owner", "coordinator_de", "coordinator_nl"}
    response = as_persona(persona).post(f"/en/matches/{proposed.pk}/withdraw/")
    assert response.status_code == _expected_for_action(persona, allowed)
    proposed.refresh_from_db()
    withdrawn = persona in allowed or persona == "administrator"
    assert proposed.stage == (Stage.WITHDRAWN if withdrawn else Stage.PROPOSED)


@pytest.mark.parametrize("persona", PERSONAS)
def test_move_the_stage(as_persona, introduced, persona):
    allowed = {"owner", "partner", "coordinator_de", "coordinator_nl"}
    response = as_persona(persona).post(
        f"/en/matches/{introduced.pk}/stage/", {"stage": "in_talks", "outcome": "", "note": ""}
    )
    assert response.status_code == _expected_for_action(persona, allowed)
    introduced.refresh_from_db()
    moved = persona in allowed or persona == "administrator"
    assert introduced.stage == (Stage.IN_TALKS if moved else Stage.INTRODUCED)


def test_an_unknown_action_is_not_found(as_persona, proposed):
    assert as_persona("partner").post(f"/en/matches/{proposed.pk}/explode/").status_code == 404


def test_contact_persons_appear_only_once_both_accepted(as_persona, proposed, partner):
    for persona in ["owner", "partner"]:
        page = as_persona(persona).get(f"/en/matches/{proposed.pk}/").content.decode()
        assert "Can we pilot with you?" in page
        assert "Gemeente Arnhem" in page and "Neighbourhood Works" in page
        for detail in ["anna@arnhem.example", "Anna de Vries", "contact@neighbourhood.example"]:
            assert detail not in page
        assert "ines@example.org" not in page
    services.accept(user=partner, introduction=proposed)
    for persona in ["owner", "partner"]:
        page = as_persona(persona).get(f"/en/matches/{proposed.pk}/").content.decode()
        assert "anna@arnhem.example" in page
        assert "contact@neighbourhood.example" in page


def test_the_partner_sees_the_interest_awaiting_their_answer(as_persona, proposed):
    page = as_persona("partner").get("/en/matches/").content.decode()
    assert "Awaiting your answer" in page
    assert f"/en/matches/{proposed.pk}/" in page
    detail = as_persona("partner").get(f"/en/matches/{proposed.pk}/").content.decode()
    assert "Accept the introduction" in detail and "Decline" in detail


def test_the_innovator_sees_suggestions_and_expresses_interest(
    as_persona, initiative, profile, partner
):
    page = as_persona("owner").get("/en/matches/").content.decode()
    assert "Gemeente Arnhem" in page
    assert "offers pilot site (you seek pilot site)" in page
    response = as_persona("owner").post(
        "/en/matches/interest/",
        {"initiative": initiative.pk, "profile": profile.pk, "message": "Hello Arnhem"},
    )
    introduction = Introduction.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/matches/{introduction.pk}/"
    assert introduction.initiative_message == "Hello Arnhem"


def test_an_interest_that_fails_keeps_the_message(as_persona, settings, initiative, profile):
    settings.PARTNER_INTEREST_DAILY_LIMIT = 0
    response = as_persona("owner").post(
        "/en/matches/interest/",
        {"initiative": initiative.pk, "profile": profile.pk, "message": "My long message"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "My long message" in page
    assert "the most allowed per day" in page
    assert not Introduction.objects.exists()


def test_a_stage_without_an_outcome_is_shown_again(as_persona, introduced):
    response = as_persona("owner").post(
        f"/en/matches/{introduced.pk}/stage/", {"stage": "ended", "note": "It did not work"}
    )
    assert response.status_code == 400
    assert "It did not work" in response.content.decode()
    introduced.refresh_from_db()
    assert introduced.stage == Stage.INTRODUCED


def test_coordinators_broker_from_the_matches_page(as_persona, initiative, profile):
    # A German initiative meets a Dutch partner when it is open for replication.
    initiative.open_for_replication = True
    initiative.save()
    page = as_persona("coordinator_de").get("/en/matches/").content.decode()
    assert "Pipeline" in page and "Broker this introduction" in page
    response = as_persona("coordinator_de").post(
        "/en/matches/broker/",
        {"initiative": initiative.pk, "profile": profile.pk, "message": "Please meet"},
    )
    assert response.status_code == 302
    assert Introduction.objects.get().started_by == "coordinator"
    assert as_persona("owner").post("/en/matches/broker/", {}).status_code == 403


def _add_profiles(count, initiative):
    for _number in range(count):
        PartnerProfileFactory(offers=["pilot_site"], indexed=False)
        other = PartnerProfileFactory(offers=["pilot_site"], indexed=False)
        Introduction.objects.create(
            initiative=initiative, profile=other, country="DE", started_by="initiative"
        )


def _queries(client):
    client.get("/en/matches/")  # the suggestions' profiles are read once, then kept in memory
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/en/matches/").status_code == 200
    return len(captured)


@pytest.mark.parametrize("persona", ["owner", "coordinator_de"])
def test_the_matches_page_takes_the_same_queries_for_3_and_30_profiles(
    persona, as_persona, initiative
):
    client = as_persona(persona)
    _add_profiles(3, initiative)
    client.get("/en/matches/")  # warms the session
    with_3 = _queries(client)
    _add_profiles(27, initiative)
    assert _queries(client) == with_3
