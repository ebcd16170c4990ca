"""The national strategy tracker: the public pages, every role × action on milestones, the form's
checks, the services' history and order, and the demo data."""

from datetime import date, timedelta

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.utils import timezone

from ecosystem.models import Resource, StrategyMilestone
from ecosystem.strategy import services
from ecosystem.strategy.demo import seed_strategy

from ..factories import UserFactory

PERSONAS = [
    "anonymous",
    "innovator",
    "public_sector_user",
    "researcher",
    "coordinator_de",
    "coordinator_nl",
    "administrator",
]
EDITORS = {"coordinator_de", "administrator"}


def make_resource(title, *, status="published", year=2023):
    return Resource.objects.create(
        slug=title.lower().replace(" ", "-"),
        title_en=title,
        abstract_en=f"About {title}.",
        type="national_strategy",
        country="DE",
        year=year,
        status=status,
    )


def make_milestone(*, country="DE", title="Strategy adopted", position=0, **fields):
    fields.setdefault("status", "planned")
    return StrategyMilestone.objects.create(
        country=country, title_en=title, position=position, **fields
    )


def milestone_post(**overrides):
    """A complete, valid POST of the milestone form."""
    data = {
        "title_de": "Strategie beschlossen",
        "title_en": "Strategy adopted",
        "description_en": "The cabinet adopts the strategy.",
        "status": "done",
        "planned_for": "2023-09-30",
        "completed_on": "2023-09-13",
        "responsible_bodies": "BMBF; BMWK",
    }
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


@pytest.fixture
def researcher(db):
    return UserFactory(email="rosa@university.example", name="Rosa Researcher", role="researcher")


@pytest.fixture
def as_persona(client, request):
    def log_in(persona):
        client.logout()
        if persona != "anonymous":
            client.force_login(request.getfixturevalue(persona))
        return client

    return log_in


@pytest.fixture
def milestone(db):
    return make_milestone(
        title="Strategy adopted",
        status="done",
        planned_for=date(2023, 9, 30),
        completed_on=date(2023, 9, 13),
        responsible_bodies="BMBF; BMWK",
    )


# ---------------------------------------------------------------------------------------------
# Public pages
# ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_overview_counts_milestones_per_country_and_shows_the_next(client):
    make_milestone(title="Announced", status="done", completed_on=date(2021, 12, 7), position=0)
    make_milestone(title="Adopted", status="done", completed_on=date(2023, 9, 13), position=1)
    make_milestone(title="Funding call", status="in_progress", position=2)
    make_milestone(title="Evaluation", status="planned", position=3)
    make_milestone(country="NL", title="Law", status="planned", planned_for=date(2027, 1, 1))
    response = client.get("/en/ecosystem/strategy/")
    assert response.status_code == 200
    cards = {card["code"]: card for card in response.context["countries"]}
    assert list(cards) == ["DE", "EE", "LU", "NL"]
    assert (cards["DE"]["done"], cards["DE"]["in_progress"], cards["DE"]["planned"]) == (2, 1, 1)
    assert cards["DE"]["next"].title == "Funding call"
    assert cards["NL"]["next"].title == "Law"
    assert cards["EE"]["next"] is None and cards["EE"]["done"] == 0
    body = response.content.decode()
    assert 'href="/en/ecosystem/strategy/de/"' in body and "Funding call" in body


@pytest.mark.django_db
def test_country_page_lists_milestones_in_order_with_their_facts(client, milestone):
    make_milestone(title="Evaluation", status="planned", planned_for=date(2027, 3, 31), position=1)
    strategy = make_resource("Federal strategy document")
    withdrawn = make_resource("Withdrawn draft", status="draft")
    milestone.documents.set([strategy, withdrawn])
    response = client.get("/en/ecosystem/strategy/de/")
    assert response.status_code == 200
    assert [m.title for m in response.context["milestones"]] == ["Strategy adopted", "Evaluation"]
    body = response.content.decode()
    assert body.index("Strategy adopted") < body.index("Evaluation")
    assert 'datetime="2023-09-13"' in body and 'datetime="2027-03-31"' in body
    assert "BMBF; BMWK" in body
    assert 'class="badge badge--done"' in body and 'class="badge badge--planned"' in body
    assert "Federal strategy document" in body
    assert "Withdrawn draft" not in body
    assert "Add a milestone" not in body


@pytest.mark.django_db
def test_country_page_shows_the_titles_in_the_readers_language(client, milestone):
    milestone.title_de = "Strategie beschlossen"
    milestone.save()
    assert "Strategie beschlossen" in client.get("/de/ecosystem/strategy/de/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "status"), [("de", 200), ("DE", 200), ("Nl", 200), ("fr", 404)])
def test_country_code_is_case_insensitive_and_checked(client, code, status):
    assert client.get(f"/en/ecosystem/strategy/{code}/").status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 3])
def test_overview_query_count_does_not_depend_on_rows(client, rows, django_assert_num_queries):
    for n in range(rows):
        make_milestone(title=f"Milestone {n}", position=n)
        make_milestone(country="NL", title=f"Mijlpaal {n}", position=n)
    # the counts per country and status, the milestones not done yet
    with django_assert_num_queries(2):
        client.get("/en/ecosystem/strategy/")


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 3])
def test_country_page_query_count_does_not_depend_on_rows(client, rows, django_assert_num_queries):
    for n in range(rows):
        milestone = make_milestone(title=f"Milestone {n}", position=n)
        milestone.documents.set([make_resource(f"Document {n}"), make_resource(f"Annex {n}")])
    # the milestones, their documents
    with django_assert_num_queries(2):
        client.get("/en/ecosystem/strategy/de/")


# ---------------------------------------------------------------------------------------------
# Permissions: every role × action
# ---------------------------------------------------------------------------------------------


def expected_status(persona, success):
    if persona in EDITORS:
        return success
    return 302 if persona == "anonymous" else 403


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_view_pages(as_persona, milestone, persona):
    client = as_persona(persona)
    assert client.get("/en/ecosystem/strategy/").status_code == 200
    response = client.get("/en/ecosystem/strategy/de/")
    assert response.status_code == 200
    assert response.context["can_edit"] is (persona in EDITORS)
    shows_buttons = f"/en/ecosystem/strategy/de/{milestone.pk}/edit/" in response.content.decode()
    assert shows_buttons is (persona in EDITORS)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_create_form(as_persona, persona):
    response = as_persona(persona).get("/en/ecosystem/strategy/de/new/")
    assert response.status_code == expected_status(persona, 200)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_create(as_persona, persona):
    response = as_persona(persona).post("/en/ecosystem/strategy/de/new/", milestone_post())
    assert response.status_code == expected_status(persona, 302)
    created = StrategyMilestone.objects.filter(country="DE", title_en="Strategy adopted")
    assert created.exists() is (persona in EDITORS)
    if persona in EDITORS:
        assert response["Location"] == "/en/ecosystem/strategy/de/"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_edit_form(as_persona, milestone, persona):
    response = as_persona(persona).get(f"/en/ecosystem/strategy/de/{milestone.pk}/edit/")
    assert response.status_code == expected_status(persona, 200)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_edit(as_persona, milestone, persona):
    response = as_persona(persona).post(
        f"/en/ecosystem/strategy/de/{milestone.pk}/edit/",
        milestone_post(title_en="Strategy adopted by the cabinet"),
    )
    assert response.status_code == expected_status(persona, 302)
    milestone.refresh_from_db()
    expected = "Strategy adopted by the cabinet" if persona in EDITORS else "Strategy adopted"
    assert milestone.title_en == expected


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_delete_confirmation(as_persona, milestone, persona):
    response = as_persona(persona).get(f"/en/ecosystem/strategy/de/{milestone.pk}/delete/")
    assert response.status_code == expected_status(persona, 200)
    if persona in EDITORS:
        assert "Delete the milestone" in response.content.decode()
    assert StrategyMilestone.objects.filter(pk=milestone.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_delete(as_persona, milestone, persona):
    response = as_persona(persona).post(f"/en/ecosystem/strategy/de/{milestone.pk}/delete/")
    assert response.status_code == expected_status(persona, 302)
    assert StrategyMilestone.objects.filter(pk=milestone.pk).exists() is (persona not in EDITORS)


@pytest.mark.django_db
def test_coordinator_keeps_only_the_own_countrys_tracker(client, coordinator_nl, milestone):
    client.force_login(coordinator_nl)
    assert client.get("/en/ecosystem/strategy/nl/new/").status_code == 200
    # A German milestone cannot be reached through the Dutch tracker either.
    assert client.get(f"/en/ecosystem/strategy/nl/{milestone.pk}/edit/").status_code == 404
    assert client.post(f"/en/ecosystem/strategy/nl/{milestone.pk}/delete/").status_code == 404
    assert StrategyMilestone.objects.filter(pk=milestone.pk).exists()


@pytest.mark.django_db
def test_editing_an_unknown_country_is_not_found(client, administrator):
    client.force_login(administrator)
    assert client.get("/en/ecosystem/strategy/xx/new/").status_code == 404


# ---------------------------------------------------------------------------------------------
# The form
# ---------------------------------------------------------------------------------------------


def post_as(client, user, url, data):
    client.force_login(user)
    return client.post(url, data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"completed_on": ""},
            "completed_on",
            "A milestone that is done needs its completion date.",
        ),
        (
            {"completed_on": (timezone.localdate() + timedelta(days=1)).isoformat()},
            "completed_on",
            "The completion date cannot be in the future.",
        ),
        (
            {"status": "planned"},
            "completed_on",
            "Only a milestone that is done has a completion date. Set its status to done.",
        ),
        (
            {"title_de": "", "title_en": "", "title_nl": ""},
            "title_en",
            "Give the milestone a title in one language.",
        ),
        ({"status": "finished"}, "status", "Select a valid choice."),
    ],
)
def test_form_errors_keep_everything_entered(client, coordinator_de, overrides, field, message):
    document = make_resource("Federal strategy document")
    data = milestone_post(
        **{
            "title_nl": "Strategie aangenomen",
            "description_de": "Das Kabinett beschließt.",
            "documents": [str(document.pk)],
            **overrides,
        }
    )
    response = post_as(client, coordinator_de, "/en/ecosystem/strategy/de/new/", data)
    assert response.status_code == 200
    form = response.context["form"]
    assert any(error.startswith(message) for error in form.errors[field])
    body = response.content.decode()
    assert "Please correct the marked fields" in body
    if data["title_nl"]:
        assert 'value="Strategie aangenomen"' in body
    assert "Das Kabinett beschließt." in body
    assert 'value="BMBF; BMWK"' in body
    assert f'<option value="{document.pk}" selected>' in body
    assert not StrategyMilestone.objects.exists()


@pytest.mark.django_db
def test_form_errors_are_in_the_users_language(client, coordinator_de):
    data = milestone_post(planned_for="not a date")
    response = post_as(client, coordinator_de, "/de/ecosystem/strategy/de/new/", data)
    assert response.status_code == 200
    error = response.context["form"].errors["planned_for"][0]
    assert error != "Enter a valid date." and "Datum" in error


@pytest.mark.django_db
def test_edit_form_starts_from_the_milestone(client, coordinator_de, milestone):
    document = make_resource("Federal strategy document")
    milestone.documents.set([document])
    client.force_login(coordinator_de)
    body = client.get(f"/en/ecosystem/strategy/de/{milestone.pk}/edit/").content.decode()
    assert 'value="Strategy adopted"' in body
    assert 'value="2023-09-13"' in body
    assert f'<option value="{document.pk}" selected>' in body


@pytest.mark.django_db
def test_a_withdrawn_document_stays_linked_when_the_milestone_is_saved(
    client, coordinator_de, milestone
):
    withdrawn = make_resource("Withdrawn document", status="archived")
    draft = make_resource("Draft document", status="draft")
    milestone.documents.set([withdrawn])
    client.force_login(coordinator_de)
    body = client.get(f"/en/ecosystem/strategy/de/{milestone.pk}/edit/").content.decode()
    assert "Draft document" not in body
    client.post(
        f"/en/ecosystem/strategy/de/{milestone.pk}/edit/",
        milestone_post(documents=[str(withdrawn.pk)]),
    )
    assert list(milestone.documents.all()) == [withdrawn]
    response = client.post(
        f"/en/ecosystem/strategy/de/{milestone.pk}/edit/",
        milestone_post(documents=[str(draft.pk)]),
    )
    assert "documents" in response.context["form"].errors


# ---------------------------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------------------------


def cleaned(**overrides):
    data = {
        "title_en": "Funding call",
        "description_en": "",
        "status": "planned",
        "planned_for": date(2026, 12, 31),
        "completed_on": None,
        "responsible_bodies": "BMAS",
        "documents": [],
    }
    return {**data, **overrides}


@pytest.mark.django_db
def test_create_logs_the_addition_and_keeps_the_timeline_in_date_order(coordinator_de, milestone):
    later = services.create_milestone(
        country="DE", actor=coordinator_de, data=cleaned(planned_for=date(2027, 6, 30))
    )
    earlier = services.create_milestone(
        country="DE",
        actor=coordinator_de,
        data=cleaned(
            title_en="Announced", planned_for=None, status="done", completed_on=date(2021, 12, 7)
        ),
    )
    undated = services.create_milestone(
        country="DE", actor=coordinator_de, data=cleaned(title_en="Someday", planned_for=None)
    )
    titles = list(StrategyMilestone.objects.filter(country="DE").values_list("title_en", flat=True))
    assert titles == ["Announced", "Strategy adopted", "Funding call", "Someday"]
    entry = LogEntry.objects.get(object_id=str(later.pk))
    assert (entry.user, entry.action_flag) == (coordinator_de, ADDITION)
    assert {earlier.pk, undated.pk} <= {int(e.object_id) for e in LogEntry.objects.all()}


@pytest.mark.django_db
def test_update_logs_the_changed_fields_only_when_something_changed(administrator, milestone):
    document = make_resource("Federal strategy document")
    data = cleaned(
        title_en="Strategy adopted",
        status="done",
        planned_for=date(2023, 9, 30),
        completed_on=date(2023, 9, 13),
        responsible_bodies="BMBF; BMWK",
    )
    services.update_milestone(milestone=milestone, actor=administrator, data=data)
    assert not LogEntry.objects.exists()
    services.update_milestone(
        milestone=milestone,
        actor=administrator,
        data={**data, "responsible_bodies": "BMBF", "documents": [document]},
    )
    entry = LogEntry.objects.get()
    assert entry.action_flag == CHANGE
    assert entry.get_change_message() == "Changed responsible_bodies and documents."
    milestone.refresh_from_db()
    assert milestone.responsible_bodies == "BMBF"
    assert list(milestone.documents.all()) == [document]


@pytest.mark.django_db
def test_delete_logs_and_keeps_the_documents(administrator, milestone):
    document = make_resource("Federal strategy document")
    milestone.documents.set([document])
    services.delete_milestone(milestone=milestone, actor=administrator)
    assert not StrategyMilestone.objects.exists()
    assert Resource.objects.filter(pk=document.pk).exists()
    assert LogEntry.objects.get().action_flag == DELETION


# ---------------------------------------------------------------------------------------------
# Demo data
# ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_seed_strategy_is_idempotent_and_plausible():
    assert seed_strategy() == seed_strategy()
    today = timezone.localdate()
    for country, language in [("DE", "de"), ("EE", "et"), ("LU", "fr"), ("NL", "nl")]:
        milestones = StrategyMilestone.objects.filter(country=country)
        assert 4 <= milestones.count() <= 6
        for milestone in milestones:
            assert milestone.title_en and getattr(milestone, f"title_{language}")
            if milestone.status == "done":
                assert milestone.completed_on and milestone.completed_on <= today
            else:
                assert milestone.completed_on is None and milestone.planned_for
    assert StrategyMilestone.objects.filter(
        title_de="Nationale Strategie für Soziale Innovationen und Gemeinwohlorientierte "
        "Unternehmen beschlossen",
        completed_on__year=2023,
    ).exists()
