"""Introductions in a person's data export and erasure; the dashboard's pipeline panel; the
demo introductions."""

import pytest

from ncc_portal import services as core
from partnerships.introductions import demo, services
from partnerships.models import Introduction, IntroductionEvent, PartnerProfile, Side, Stage

from ..factories import InitiativeFactory, OrganisationFactory, PartnerProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(db):
    return UserFactory(email="pieter@arnhem.example", name="Pieter", language="nl")


@pytest.fixture
def initiative(organisation):
    return InitiativeFactory(
        organisation=organisation,
        country="DE",
        partner_needs=["pilot_site"],
        seeking_partners=True,
        regions=[],
        indexed=False,
    )


@pytest.fixture
def profile(partner):
    organisation = OrganisationFactory(name="Gemeente Arnhem", country="NL")
    organisation.memberships.create(user=partner)
    return PartnerProfileFactory(organisation=organisation, offers=["pilot_site"], indexed=False)


@pytest.fixture
def introduced(innovator, partner, initiative, profile):
    introduction = services.express_interest(
        user=innovator, initiative=initiative, profile=profile, message="Ines writes this."
    )
    introduction = services.accept(user=partner, introduction=introduction)
    return services.move_stage(
        user=partner, introduction=introduction, stage=Stage.IN_TALKS, note="Pieter's note."
    )


def test_the_export_holds_the_persons_messages_and_steps(introduced, innovator, partner):
    data = core.export_personal_data(innovator)
    (started,) = data["partner_introductions_started"]
    assert started["your_message"] == "Ines writes this."
    assert started["as"] == "initiative"
    assert [step["action"] for step in data["partner_introduction_steps"]] == ["interest"]
    theirs = core.export_personal_data(partner)
    assert theirs["partner_introductions_started"] == []
    assert [(s["action"], s["message"]) for s in theirs["partner_introduction_steps"]] == [
        ("accepted", ""),
        ("stage", ""),
        ("stage", "Pieter's note."),
    ]


def test_erasure_blanks_the_messages_and_leaves_no_contact_behind(
    introduced, innovator, initiative, profile
):
    initiative.contact_name = initiative.contact_email = ""
    initiative.save()
    assert services.contact_of(introduced, Side.INITIATIVE)["email"] == "ines@example.org"
    core.delete_account(user=innovator)
    introduction = Introduction.objects.get()
    assert introduction.initiative_message == ""
    assert introduction.started_by_user is None
    assert introduction.initiative_accepted_by is None
    assert services.contact_of(introduction, Side.INITIATIVE) is None
    assert "Ines writes this." not in IntroductionEvent.objects.values_list("message", flat=True)
    assert IntroductionEvent.objects.filter(action="interest").get().actor is None
    # The organisation's profile and the introduction stay.
    assert PartnerProfile.objects.filter(pk=profile.pk).exists()
    assert IntroductionEvent.objects.filter(message="Pieter's note.").exists()


def test_erasure_takes_the_persons_contact_details_off_the_profiles(introduced, partner, profile):
    profile.contact_name, profile.contact_email = "Pieter", partner.email.upper()
    profile.save()
    assert core.export_personal_data(partner)["partner_profile_contacts"] == [
        {
            "partner_profile": profile.slug,
            "contact_name": "Pieter",
            "contact_email": partner.email.upper(),
            "contact_phone": profile.contact_phone,
        }
    ]
    core.delete_account(user=partner)
    profile.refresh_from_db()
    assert (profile.contact_name, profile.contact_email, profile.contact_phone) == ("", "", "")
    # Nobody of the partner's side is left to contact.
    assert services.contact_of(Introduction.objects.get(), Side.PARTNER) is None


def test_without_a_contact_person_the_member_who_accepted_is_the_contact(
    introduced, partner, profile
):
    PartnerProfile.objects.filter(pk=profile.pk).update(contact_name="", contact_email="")
    introduction = Introduction.objects.get()
    assert services.contact_of(introduction, Side.PARTNER) == {
        "name": "Pieter",
        "email": partner.email,
        "phone": "",
    }


def test_the_dashboard_shows_the_pipeline_by_country_and_month(client, introduced, coordinator_de):
    client.force_login(coordinator_de)
    text = client.get("/en/dashboard/").text
    assert "Partnership pipeline" in text
    assert "Introductions by month" in text
    body = client.get("/en/dashboard/?download=partnerships-pipeline").content.decode("utf-8-sig")
    header, *rows = body.strip().splitlines()
    assert header.startswith("Country,Awaiting acceptance,Introduced,In talks")
    (germany,) = [row for row in rows if row.startswith("DE,")]
    assert germany == "DE,0,0,1,0,0,0,0,0,1"
    monthly = client.get("/en/dashboard/?download=partnerships-monthly").content.decode("utf-8-sig")
    assert f"{introduced.created_at:%Y-%m},1,1" in monthly


def test_the_demo_does_nothing_without_profiles(initiative):
    demo.seed_introductions()
    assert not Introduction.objects.exists()


def test_the_demo_makes_introductions_in_every_stage_once(organisation, innovator):
    from ..factories import CoordinatorFactory, NationalCentreFactory

    CoordinatorFactory(centre=NationalCentreFactory(country="NL"))
    for _number in range(8):
        organisation = OrganisationFactory(country="DE")
        organisation.memberships.create(user=UserFactory())
        InitiativeFactory(
            organisation=organisation,
            country="NL",
            partner_needs=["pilot_site"],
            regions=[],
            indexed=False,
        )
        partner_organisation = OrganisationFactory(country="NL")
        partner_organisation.memberships.create(user=UserFactory())
        PartnerProfileFactory(
            organisation=partner_organisation, offers=["pilot_site"], indexed=False
        )
    demo.seed_introductions()
    stages = set(Introduction.objects.values_list("stage", flat=True))
    assert stages == {"proposed", "introduced", "in_talks", "agreed", "active", "ended", "declined"}
    assert Introduction.objects.filter(started_by="coordinator").exists()
    assert Introduction.objects.get(stage="ended").outcome == "pilot"
    count = Introduction.objects.count()
    demo.seed_introductions()
    assert Introduction.objects.count() == count
