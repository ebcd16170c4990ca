"""Introductions through their services: interest from either side, double opt-in, contact
persons before and after, the quiet decline, brokering, the pipeline, the daily limit, and
the emails in each recipient's language."""

from functools import partial

import pytest
from django.core.exceptions import ValidationError

from partnerships.introductions import services
from partnerships.models import Introduction, IntroductionEvent, Side, Stage

from ..factories import InitiativeFactory, OrganisationFactory, PartnerProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return partial(django_capture_on_commit_callbacks, execute=True)


def mail_to(outbox, user):
    return [message for message in outbox if message.to == [user.email]]


@pytest.fixture
def initiative(organisation):
    return InitiativeFactory(
        organisation=organisation,
        country="DE",
        title_en="Repair café Kreuzberg",
        title_nl="Repaircafé Kreuzberg",
        partner_needs=["pilot_site"],
        partner_offers=["data"],
        seeking_partners=True,
        contact_name="Ines Innovator",
        contact_email="contact@neighbourhood.example",
        contact_phone="+49 30 123",
        regions=[],
        indexed=False,
    )


@pytest.fixture
def pieter(db):
    return UserFactory(email="pieter@arnhem.example", name="Pieter", language="nl")


@pytest.fixture
def profile(pieter):
    organisation = OrganisationFactory(
        name="Gemeente Arnhem", country="NL", kind="public_authority"
    )
    organisation.memberships.create(user=pieter)
    return PartnerProfileFactory(
        organisation=organisation,
        offers=["pilot_site"],
        contact_name="Anna de Vries",
        contact_email="anna@arnhem.example",
        contact_phone="+31 26 000",
        indexed=False,
    )


@pytest.fixture
def interest(innovator, initiative, profile):
    return partial(
        services.express_interest,
        user=innovator,
        initiative=initiative,
        profile=profile,
        message="We would like to pilot in Arnhem.",
    )


def test_interest_from_the_initiative_is_accepted_for_its_side_and_tells_the_other(
    interest, innovator, pieter, mailoutbox, on_commit
):
    with on_commit():
        introduction = interest()
    assert introduction.stage == Stage.PROPOSED
    assert introduction.started_by == Side.INITIATIVE
    assert introduction.initiative_accepted_by == innovator
    assert introduction.partner_accepted_at is None
    assert introduction.initiative_message == "We would like to pilot in Arnhem."
    assert list(introduction.events.values_list("action", "side")) == [("interest", "initiative")]
    (email,) = mail_to(mailoutbox, pieter)
    # In Pieter's language: the initiative's Dutch title.
    assert "Repaircafé Kreuzberg" in email.body
    assert "We would like to pilot in Arnhem." in email.body
    assert "Neighbourhood Works" in email.subject
    # No person's contact detail before both accepted.
    assert "contact@neighbourhood.example" not in email.body
    assert "ines@example.org" not in email.body
    assert not mail_to(mailoutbox, innovator)


def test_interest_from_the_partner_side_is_inferred(initiative, profile, pieter):
    introduction = services.express_interest(
        user=pieter, initiative=initiative, profile=profile, message="We offer a site."
    )
    assert introduction.started_by == Side.PARTNER
    assert introduction.partner_message == "We offer a site."
    assert introduction.partner_accepted_by == pieter


def test_only_members_of_a_side_express_interest(initiative, profile, other_innovator):
    with pytest.raises(ValidationError, match="of your own"):
        services.express_interest(
            user=other_innovator, initiative=initiative, profile=profile, message="Hello"
        )
    assert not Introduction.objects.exists()


def test_one_open_introduction_per_pair(interest, initiative, profile, pieter):
    interest()
    with pytest.raises(ValidationError, match="already under way"):
        services.express_interest(
            user=pieter, initiative=initiative, profile=profile, message="Us too"
        )
    assert Introduction.objects.count() == 1


def test_contacts_show_only_once_both_accepted(interest, pieter, innovator, mailoutbox, on_commit):
    introduction = interest()
    assert not services.contacts_visible(introduction)
    assert services.contact_of(introduction, Side.PARTNER) is None
    assert services.contact_of(introduction, Side.INITIATIVE) is None
    with on_commit():
        introduction = services.accept(user=pieter, introduction=introduction)
    assert introduction.stage == Stage.INTRODUCED
    assert introduction.introduced_at is not None
    assert services.contacts_visible(introduction)
    assert services.contact_of(introduction, Side.PARTNER) == {
        "name": "Anna de Vries",
        "email": "anna@arnhem.example",
        "phone": "+31 26 000",
    }
    assert services.contact_of(introduction, Side.INITIATIVE)["email"] == (
        "contact@neighbourhood.example"
    )
    assert len(mail_to(mailoutbox, innovator)) == 1
    assert len(mail_to(mailoutbox, pieter)) == 1


def test_without_contact_fields_the_member_who_accepted_is_the_contact(
    interest, initiative, pieter, innovator
):
    initiative.contact_name = initiative.contact_email = initiative.contact_phone = ""
    initiative.save()
    introduction = services.accept(user=pieter, introduction=interest())
    assert services.contact_of(introduction, Side.INITIATIVE) == {
        "name": "Ines Innovator",
        "email": "ines@example.org",
        "phone": "",
    }


def test_the_side_that_expressed_interest_cannot_accept_again(interest, innovator):
    introduction = interest()
    with pytest.raises(ValidationError, match="not waiting for your answer"):
        services.accept(user=innovator, introduction=introduction)


def test_declining_is_quiet(interest, pieter, innovator, mailoutbox, on_commit):
    introduction = interest()
    with on_commit():
        introduction = services.decline(user=pieter, introduction=introduction)
    assert introduction.stage == Stage.DECLINED
    assert introduction.events.last().action == "declined"
    assert mailoutbox == []
    # The pair is not proposed again.
    with pytest.raises(ValidationError, match="cannot be proposed again"):
        interest()


def test_withdrawal_tells_the_other_side(interest, innovator, pieter, mailoutbox, on_commit):
    introduction = interest()
    with on_commit():
        introduction = services.withdraw(user=innovator, introduction=introduction)
    assert introduction.stage == Stage.WITHDRAWN
    assert len(mail_to(mailoutbox, pieter)) == 1
    # A withdrawn introduction does not block a new one.
    assert interest().stage == Stage.PROPOSED


def test_a_coordinator_brokers_and_both_must_accept(
    initiative, profile, coordinator_nl, innovator, pieter, mailoutbox, on_commit
):
    with on_commit():
        introduction = services.broker(
            coordinator=coordinator_nl,
            initiative=initiative,
            profile=profile,
            message="You should meet.",
        )
    assert introduction.started_by == Side.COORDINATOR
    assert introduction.coordinator_message == "You should meet."
    assert len(mail_to(mailoutbox, innovator)) == 1
    assert len(mail_to(mailoutbox, pieter)) == 1
    introduction = services.accept(user=innovator, introduction=introduction)
    assert introduction.stage == Stage.PROPOSED
    assert not services.contacts_visible(introduction)
    with on_commit():
        introduction = services.accept(user=pieter, introduction=introduction)
    assert introduction.stage == Stage.INTRODUCED
    assert len(mail_to(mailoutbox, coordinator_nl)) == 1


def test_coordinators_of_other_countries_cannot_broker(
    initiative, profile, coordinator_de, centre_nl
):
    from ..factories import CoordinatorFactory, NationalCentreFactory

    luxembourg = CoordinatorFactory(centre=NationalCentreFactory(country="LU"))
    with pytest.raises(ValidationError, match="of your country"):
        services.broker(coordinator=luxembourg, initiative=initiative, profile=profile, message="x")
    # The initiative's country is enough.
    assert services.broker(
        coordinator=coordinator_de, initiative=initiative, profile=profile, message="Meet"
    )


def test_the_pipeline_to_its_end_needs_an_outcome(
    interest, pieter, innovator, coordinator_de, mailoutbox, on_commit
):
    introduction = services.accept(user=pieter, introduction=interest())
    introduction = services.move_stage(
        user=innovator, introduction=introduction, stage=Stage.IN_TALKS, note="First call"
    )
    with on_commit():
        introduction = services.move_stage(
            user=coordinator_de, introduction=introduction, stage=Stage.AGREED
        )
    assert {m.to[0] for m in mailoutbox} == {innovator.email, pieter.email}
    with pytest.raises(ValidationError) as raised:
        services.move_stage(user=pieter, introduction=introduction, stage=Stage.ENDED)
    assert "outcome" in raised.value.message_dict
    introduction = services.move_stage(
        user=pieter, introduction=introduction, stage=Stage.ENDED, outcome="pilot"
    )
    assert (introduction.stage, introduction.outcome) == ("ended", "pilot")
    with pytest.raises(ValidationError, match="not in the pipeline"):
        services.move_stage(user=pieter, introduction=introduction, stage=Stage.ACTIVE)
    stages = list(
        IntroductionEvent.objects.filter(introduction=introduction, action="stage").values_list(
            "stage", flat=True
        )
    )
    assert stages == ["introduced", "in_talks", "agreed", "ended"]


def test_outsiders_cannot_move_the_stage(interest, pieter, other_innovator, coordinator_nl):
    introduction = services.accept(user=pieter, introduction=interest())
    with pytest.raises(ValidationError):
        services.move_stage(user=other_innovator, introduction=introduction, stage="in_talks")
    # The profile's country's coordinator may.
    services.move_stage(user=coordinator_nl, introduction=introduction, stage="in_talks")


def test_a_proposed_introduction_is_not_in_the_pipeline(interest, innovator):
    with pytest.raises(ValidationError, match="not in the pipeline"):
        services.move_stage(user=innovator, introduction=interest(), stage=Stage.IN_TALKS)


def test_the_daily_limit_of_interest(settings, innovator, organisation, interest):
    settings.PARTNER_INTEREST_DAILY_LIMIT = 2
    profiles = [PartnerProfileFactory(offers=["pilot_site"], indexed=False) for _number in range(3)]
    initiative = interest.keywords["initiative"]
    for profile in profiles[:2]:
        services.express_interest(
            user=innovator, initiative=initiative, profile=profile, message="Hello"
        )
    with pytest.raises(ValidationError, match="2 times today"):
        services.express_interest(
            user=innovator, initiative=initiative, profile=profiles[2], message="Hello"
        )
    assert Introduction.objects.count() == 2


def test_an_expired_profile_cannot_be_approached(interest, profile):
    profile.status = "withdrawn"
    profile.save()
    with pytest.raises(ValidationError, match="expired"):
        interest()
