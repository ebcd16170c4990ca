"""Scouting for up-scaling: the services, the passport, the hand-over email and the dossier."""

import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.translation import gettext

from ncc_portal.reports import services as report_services
from ncc_portal.reports.rendering import render_html, render_pdf
from partnerships.models import Adopter, ScoutingCard, ScoutingEvent
from partnerships.scouting import passport, services
from partnerships.scouting.reports import UPSCALING_DOSSIER

from ..factories import (
    CoordinatorFactory,
    InitiativeFactory,
    MembershipFactory,
    NationalCentreFactory,
    OrganisationFactory,
    UserFactory,
)

FULL_PASSPORT = {
    "open_for_replication": True,
    "replication_conditions_en": "A village hall and five volunteers.",
    "replication_cost": "under_10k",
    "replication_materials_en": "Guide and training videos.",
    "materials_languages": ["et", "en"],
    "materials_licence": "cc_by",
    "evidence": "evaluated",
}


def gettext_in(language, text):
    with translation.override(language):
        return gettext(text)


@pytest.fixture
def coordinator_ee(db):
    return CoordinatorFactory(
        email="eva@ncc-ee.example", name="Eva", centre=NationalCentreFactory(country="EE")
    )


@pytest.fixture
def coordinator_lu(db):
    return CoordinatorFactory(
        email="luc@ncc-lu.example",
        name="Luc",
        centre=NationalCentreFactory(country="LU"),
        language="fr",
    )


@pytest.fixture
def owner(db):
    return UserFactory(email="mari@kula.example", name="Mari", language="et")


@pytest.fixture
def estonian(reference_data, owner):
    organisation = OrganisationFactory(name="Küla Hoolib", country="EE")
    MembershipFactory(organisation=organisation, user=owner)
    return InitiativeFactory(
        organisation=organisation,
        country="EE",
        regions=["EE008"],
        title_en="Village cares",
        title_nl="Het dorp zorgt",
        open_for_replication=True,
        replication_conditions_en="A village hall and five volunteers.",
        replication_cost="under_10k",
    )


@pytest.fixture
def dutch_org(db):
    return OrganisationFactory(name="Dorpskracht Drenthe", country="NL")


@pytest.fixture
def card(estonian, coordinator_ee):
    return services.scout(coordinator=coordinator_ee, initiative=estonian, note="Worth it")


# --- Passport ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_passport_lists_what_is_missing_with_translated_labels(estonian):
    assert [str(label) for label in passport.missing(estonian)] == [
        "Materials for replicators",
        "Languages of the materials",
        "Licence of the materials",
        "Evidence of impact",
    ]
    items = {item.key: item for item in passport.passport(estonian)}
    assert items["replication_cost"].value == "Under €10,000"
    assert not items["replication_cost"].missing


@pytest.mark.django_db
def test_a_full_passport_misses_nothing(reference_data):
    initiative = InitiativeFactory(**FULL_PASSPORT)
    assert passport.missing(initiative) == []
    items = {item.key: item.value for item in passport.passport(initiative)}
    assert items["materials_languages"] == "Estonian, English"


# --- Scouting ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_scouting_creates_a_card_with_both_countries_and_a_step(estonian, coordinator_nl):
    card = services.scout(coordinator=coordinator_nl, initiative=estonian, note="For Drenthe")
    assert card.stage == "scouted"
    assert card.countries == ["EE", "NL"]
    event = card.events.get()
    assert (event.action, event.stage, event.note, event.actor) == (
        "scouted",
        "scouted",
        "For Drenthe",
        coordinator_nl,
    )


@pytest.mark.django_db
def test_one_open_card_per_initiative(card, estonian, coordinator_nl):
    with pytest.raises(ValidationError, match="already on the scouting board"):
        services.scout(coordinator=coordinator_nl, initiative=estonian)
    services.move(coordinator=card.created_by, card=card, stage="dropped", reason="No adopter")
    again = services.scout(coordinator=coordinator_nl, initiative=estonian)
    assert again.pk != card.pk
    with pytest.raises(ValidationError, match="another card"):
        services.move(coordinator=card.created_by, card=card, stage="assessed")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes,message",
    [
        ({"open_for_replication": False}, "not open for replication"),
        ({"status": "draft"}, "Only published"),
    ],
)
def test_only_published_initiatives_open_for_replication_are_scouted(
    estonian, coordinator_ee, changes, message
):
    for name, value in changes.items():
        setattr(estonian, name, value)
    estonian.save()
    with pytest.raises(ValidationError, match=message):
        services.scout(coordinator=coordinator_ee, initiative=estonian)
    assert not ScoutingCard.objects.exists()


@pytest.mark.django_db
def test_innovators_cannot_scout(estonian, owner):
    with pytest.raises(PermissionDenied):
        services.scout(coordinator=owner, initiative=estonian)


# --- Moving --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_moving_records_the_step_and_dropping_needs_a_reason(card, coordinator_ee):
    before = card.updated_at
    card = services.move(coordinator=coordinator_ee, card=card, stage="assessed")
    assert card.stage == "assessed" and card.updated_at > before
    with pytest.raises(ValidationError, match="why"):
        services.move(coordinator=coordinator_ee, card=card, stage="dropped", reason="  ")
    card = services.move(
        coordinator=coordinator_ee, card=card, stage="dropped", reason="Too costly"
    )
    card.refresh_from_db()
    assert (card.stage, card.drop_reason) == ("dropped", "Too costly")
    assert list(card.events.values_list("action", "stage")) == [
        ("scouted", "scouted"),
        ("moved", "assessed"),
        ("moved", "dropped"),
    ]


@pytest.mark.django_db
def test_coordinators_of_a_country_not_on_the_card_cannot_move_it(card, coordinator_de):
    with pytest.raises(PermissionDenied):
        services.move(coordinator=coordinator_de, card=card, stage="assessed")


# --- Hand-over -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_hand_over_adds_the_country_and_emails_its_centre(
    card,
    coordinator_ee,
    coordinator_lu,
    coordinator_nl,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.hand_over(
            coordinator=coordinator_ee, card=card, country="LU", note="Please find an adopter."
        )
    card.refresh_from_db()
    assert card.countries == ["EE", "LU"]
    event = card.events.last()
    assert (event.action, event.country, event.note) == (
        "handed_over",
        "LU",
        "Please find an adopter.",
    )
    assert [m.to for m in mailoutbox] == [["luc@ncc-lu.example"]]
    body = mailoutbox[0].body
    assert "Please find an adopter." in body
    assert "Village cares" in body
    assert f"/fr/scouting/{card.pk}/" in body
    # The receiving centre now works the card.
    services.add_note(coordinator=coordinator_lu, card=card, note="On it")
    with pytest.raises(PermissionDenied):
        services.add_note(coordinator=coordinator_nl, card=card, note="Me too")


@pytest.mark.django_db
def test_hand_over_twice_or_without_a_note_is_refused(card, coordinator_ee):
    with pytest.raises(ValidationError, match="note"):
        services.hand_over(coordinator=coordinator_ee, card=card, country="LU", note="")
    with pytest.raises(ValidationError, match="already"):
        services.hand_over(coordinator=coordinator_ee, card=card, country="EE", note="Hi")


# --- Adopters ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_adopter_brings_its_country_onto_the_card(card, coordinator_ee, dutch_org):
    adopter = services.add_adopter(
        coordinator=coordinator_ee, card=card, organisation=dutch_org, note="Two villages"
    )
    card.refresh_from_db()
    assert (adopter.country, adopter.note) == ("NL", "Two villages")
    assert card.countries == ["EE", "NL"]
    with pytest.raises(ValidationError, match="already an adopter"):
        services.add_adopter(coordinator=coordinator_ee, card=card, organisation=dutch_org)
    services.remove_adopter(coordinator=coordinator_ee, adopter=adopter)
    assert not Adopter.objects.exists()
    card.refresh_from_db()
    assert card.countries == ["EE", "NL"]
    assert list(card.events.values_list("action", flat=True)) == [
        "scouted",
        "adopter_added",
        "adopter_removed",
    ]


@pytest.mark.django_db
def test_an_adopter_is_from_another_country(card, coordinator_ee):
    with pytest.raises(ValidationError, match="another country"):
        services.add_adopter(
            coordinator=coordinator_ee, card=card, organisation=OrganisationFactory(country="EE")
        )


# --- Passport request ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_passport_request_emails_the_owners_what_is_missing_in_their_language(
    card, coordinator_ee, owner, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_passport(coordinator=coordinator_ee, card=card, note="Please add a guide")
    card.refresh_from_db()
    assert card.passport_requested_at is not None
    assert card.events.last().action == "passport_requested"
    assert [m.to for m in mailoutbox] == [["mari@kula.example"]]
    body = mailoutbox[0].body
    for label in passport.missing(card.initiative):
        assert f"- {gettext_in('et', str(label))}" in body
    assert "Please add a guide" in body
    assert "/et/initiatives/" in body


@pytest.mark.django_db
def test_a_complete_passport_is_not_asked_for(reference_data, coordinator_de):
    initiative = InitiativeFactory(**FULL_PASSPORT)
    card = services.scout(coordinator=coordinator_de, initiative=initiative)
    with pytest.raises(ValidationError, match="complete"):
        services.request_passport(coordinator=coordinator_de, card=card)
    assert not ScoutingEvent.objects.filter(action="passport_requested").exists()


# --- Dossier -------------------------------------------------------------------------------------


def _dossier_html(card, language):
    with translation.override(language):
        params = UPSCALING_DOSSIER.clean_params({"card": card.pk})
        context = UPSCALING_DOSSIER.build_context(params, lambda percent: None)
        context["title"] = UPSCALING_DOSSIER.title(params)
        context["kind_label"] = str(UPSCALING_DOSSIER.label)
    return render_html(UPSCALING_DOSSIER.template, context, language=language)


@pytest.fixture
def worked_card(card, coordinator_ee, coordinator_nl, dutch_org):
    services.move(coordinator=coordinator_ee, card=card, stage="assessed")
    services.hand_over(coordinator=coordinator_ee, card=card, country="NL", note="For Drenthe")
    services.add_adopter(
        coordinator=coordinator_nl, card=card, organisation=dutch_org, note="Two villages"
    )
    return card


@pytest.mark.django_db
def test_dossier_in_dutch_holds_initiative_passport_adopters_and_steps(worked_card):
    html = _dossier_html(worked_card, "nl")
    assert '<html lang="nl">' in html
    assert "Het dorp zorgt" in html
    assert "Dorpskracht Drenthe" in html
    assert "Two villages" in html
    for text in [
        "Transferability passport",
        "Still missing",
        "Evidence of impact",
        "Adopters",
        "Steps taken",
        "Adopter added",
        "Assessed",
    ]:
        assert gettext_in("nl", text) in html, text
    assert gettext_in("nl", "Estonia") in html


@pytest.mark.django_db
def test_dossier_builds_as_a_pdf(worked_card, coordinator_nl, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.request_dossier(
            coordinator=coordinator_nl, card=worked_card, language="nl"
        )
    report = report_services.build_report(report.pk)
    assert report.status == "done", report.error
    text = subprocess.run(
        ["pdftotext", report.file.path, "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Het dorp zorgt" in text
    assert "Dorpskracht Drenthe" in text


@pytest.mark.django_db
def test_dossier_renders_in_every_language(worked_card):
    for language in ["de", "en", "et", "nl", "fr"]:
        pdf, pages = render_pdf(_dossier_html(worked_card, language))
        assert pages >= 2


@pytest.mark.django_db
def test_dossier_only_for_those_who_see_the_card(worked_card, coordinator_de, owner):
    for user in [coordinator_de, owner]:
        with pytest.raises(PermissionDenied):
            services.request_dossier(coordinator=user, card=worked_card, language="nl")
    with pytest.raises(ValidationError):
        UPSCALING_DOSSIER.clean_params({"card": 999999})


# --- Demo ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_cards_cross_borders_and_seeding_twice_adds_nothing(
    django_capture_on_commit_callbacks,
):
    from ncc_portal import parts
    from partnerships.scouting.demo import seed_scouting

    seed_scouting()  # without the demo initiatives: nothing, and no error
    assert not ScoutingCard.objects.exists()
    for step in parts.demo_steps:
        if step.order <= 60:
            step.seed()
    seed_scouting()
    seed_scouting()
    cards = {card.initiative.country: card for card in ScoutingCard.objects.all()}
    assert sorted(cards) == ["DE", "EE"]
    assert cards["EE"].countries == ["EE", "NL"]
    assert cards["EE"].stage == "adopter_found"
    assert cards["EE"].adopters.get().country == "NL"
    assert cards["DE"].countries == ["DE", "LU"]
    assert cards["DE"].adopters.get().organisation.name == "Repair Café Lëtzebuerg asbl (Demo)"
    assert ScoutingEvent.objects.filter(action="handed_over").count() == 2
