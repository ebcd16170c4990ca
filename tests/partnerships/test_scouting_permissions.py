"""Every role × page and action of the scouting board, and what the pages show.

The card is an Estonian initiative scouted by the Estonian centre and handed over to the Dutch
one; the German centre is not on it."""

import pytest

from partnerships.models import ScoutingCard
from partnerships.scouting import services

from ..factories import (
    CoordinatorFactory,
    InitiativeFactory,
    MembershipFactory,
    NationalCentreFactory,
    OrganisationFactory,
)

PERSONAS = [
    "anonymous",
    "innovator",
    "public_sector_user",
    "coordinator_ee",
    "coordinator_nl",
    "coordinator_de",
    "administrator",
]
WORKERS = {"coordinator_ee", "coordinator_nl", "administrator"}


@pytest.fixture
def coordinator_ee(db):
    return CoordinatorFactory(
        email="eva@ncc-ee.example", name="Eva", centre=NationalCentreFactory(country="EE")
    )


@pytest.fixture
def as_persona(client, request):
    def log_in(persona):
        client.logout()
        if persona != "anonymous":
            client.force_login(request.getfixturevalue(persona))
        return client

    return log_in


@pytest.fixture
def estonian(reference_data):
    organisation = OrganisationFactory(name="Küla Hoolib", country="EE")
    MembershipFactory(organisation=organisation)
    return InitiativeFactory(
        organisation=organisation,
        country="EE",
        regions=["EE008"],
        title_en="Village cares",
        open_for_replication=True,
        replication_cost="under_10k",
    )


@pytest.fixture
def card(estonian, coordinator_ee, coordinator_nl):
    card = services.scout(coordinator=coordinator_ee, initiative=estonian)
    return services.hand_over(coordinator=coordinator_ee, card=card, country="NL", note="Hi")


@pytest.fixture
def dutch_org(db):
    return OrganisationFactory(name="Dorpskracht Drenthe", country="NL")


def _expected(persona, allowed, *, hidden=404, refused=403):
    if persona == "anonymous":
        return 302
    return allowed if persona in WORKERS else hidden


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_view_the_board(as_persona, card, persona):
    status = as_persona(persona).get("/en/scouting/").status_code
    expected = {"anonymous": 302, "innovator": 403, "public_sector_user": 403}.get(persona, 200)
    assert status == expected


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_view_a_card(as_persona, card, persona):
    assert as_persona(persona).get(f"/en/scouting/{card.pk}/").status_code == _expected(
        persona, 200
    )


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_scout_an_initiative(as_persona, estonian, persona, coordinator_ee):
    response = as_persona(persona).post("/en/scouting/new/", {"initiative": estonian.pk})
    expected = {"anonymous": 302, "innovator": 403, "public_sector_user": 403}.get(persona, 302)
    assert response.status_code == expected
    assert ScoutingCard.objects.exists() == (expected == 302 and persona != "anonymous")


ACTIONS = {
    "move": lambda card, org: {"move-stage": "assessed"},
    "hand-over": lambda card, org: {"handover-country": "LU", "handover-note": "Over to you"},
    "adopters": lambda card, org: {"adopter-organisation": org.pk},
    "passport-request": lambda card, org: {"passport-note": ""},
    "notes": lambda card, org: {"note-note": "Called them"},
    "dossier": lambda card, org: {"dossier-language": "nl"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("persona", PERSONAS)
def test_act_on_a_card(
    as_persona, card, dutch_org, persona, action, django_capture_on_commit_callbacks
):
    before = card.events.count()
    data = ACTIONS[action](card, dutch_org)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_persona(persona).post(f"/en/scouting/{card.pk}/{action}/", data)
    assert response.status_code == _expected(persona, 302)
    acted = action != "dossier" and response.status_code == 302 and persona != "anonymous"
    assert card.events.count() == before + (1 if acted else 0)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_remove_an_adopter(as_persona, card, dutch_org, coordinator_nl, persona):
    adopter = services.add_adopter(coordinator=coordinator_nl, card=card, organisation=dutch_org)
    response = as_persona(persona).post(f"/en/scouting/{card.pk}/adopters/{adopter.pk}/remove/")
    assert response.status_code == _expected(persona, 302)


# --- What the pages show -----------------------------------------------------------------------


@pytest.mark.django_db
def test_board_shows_cards_in_their_column_and_the_candidates(
    client, card, coordinator_nl, reference_data
):
    waiting = InitiativeFactory(title_en="Housing first", open_for_replication=True)
    closed = InitiativeFactory(title_en="Closed shop", open_for_replication=False)
    client.force_login(coordinator_nl)
    html = client.get("/en/scouting/").content.decode()
    scouted = html.split('id="stage-scouted-heading"')[1].split("</section>")[0]
    assert "Village cares" in scouted
    assert "Estonia → Netherlands" in scouted
    assert "0 adopters" in scouted
    assert "5 passport items missing" in scouted
    candidates = html.split('id="candidates-heading"')[1]
    assert waiting.title in candidates
    assert closed.title not in candidates
    assert "Village cares" not in candidates
    html = client.get("/en/scouting/?country=EE").content.decode()
    assert waiting.title not in html.split('id="candidates-heading"')[1]


@pytest.mark.django_db
def test_board_shows_uninvolved_coordinators_no_card(client, card, coordinator_de):
    client.force_login(coordinator_de)
    html = client.get("/en/scouting/").content.decode()
    assert "Village cares" not in html.split('id="candidates-heading"')[0]


@pytest.mark.django_db
def test_ended_cards_show_with_their_reason(client, card, coordinator_nl):
    services.move(coordinator=coordinator_nl, card=card, stage="dropped", reason="No budget")
    client.force_login(coordinator_nl)
    ended = client.get("/en/scouting/").content.decode().split('id="ended-heading"')[1]
    assert "Village cares" in ended and "No budget" in ended


@pytest.mark.django_db
def test_card_page_highlights_missing_items_and_offers_other_countries_only(
    client, card, coordinator_nl, dutch_org
):
    german = OrganisationFactory(name="Ruhr Verein", country="DE")
    estonian_org = OrganisationFactory(name="Tartu Selts", country="EE")
    client.force_login(coordinator_nl)
    html = client.get(f"/en/scouting/{card.pk}/").content.decode()
    assert html.count("badge--missing") == 5
    adopter_select = html.split('name="adopter-organisation"')[1].split("</select>")[0]
    assert "Dorpskracht Drenthe" in adopter_select and german.name in adopter_select
    assert estonian_org.name not in adopter_select
    country_select = html.split('name="handover-country"')[1].split("</select>")[0]
    assert "Netherlands" not in country_select and "Luxembourg" in country_select


@pytest.mark.django_db
def test_dropping_without_a_reason_keeps_the_page_and_says_why(client, card, coordinator_nl):
    client.force_login(coordinator_nl)
    response = client.post(f"/en/scouting/{card.pk}/move/", {"move-stage": "dropped"})
    assert response.status_code == 400
    assert "Please say why the initiative is dropped." in response.content.decode()
    card.refresh_from_db()
    assert card.stage == "scouted"


@pytest.mark.django_db
def test_board_query_count_does_not_depend_on_cards(
    client, coordinator_ee, reference_data, django_assert_max_num_queries
):
    def add_cards(n):
        for _ in range(n):
            initiative = InitiativeFactory(
                country="EE", regions=["EE008"], open_for_replication=True
            )
            services.scout(coordinator=coordinator_ee, initiative=initiative)

    client.force_login(coordinator_ee)
    add_cards(1)
    client.get("/en/scouting/")  # warm the session and the caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get("/en/scouting/")
    add_cards(2)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get("/en/scouting/")
