from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from ncc_portal import services as core
from ncc_portal.models import User
from training import services
from training.models import CalendarFeed, OfferStatus, Registration, RegistrationStatus

from ..factories import UserFactory

# --- Who may do what ---------------------------------------------------------------------------

PEOPLE = [
    "own coordinator",
    "other coordinator",
    "administrator",
    "trainer",
    "innovator",
    "anonymous",
]


@pytest.fixture
def people(coordinator_de, coordinator_nl, administrator, innovator):
    return {
        "own coordinator": coordinator_de,
        "other coordinator": coordinator_nl,
        "administrator": administrator,
        "trainer": UserFactory(name="Tom Trainer"),
        "innovator": innovator,
        "anonymous": AnonymousUser(),
    }


@pytest.fixture
def trained(people, make_offer):
    """A published offer with a session, and a draft, both given by the trainer."""
    offer = make_offer(trainer=people["trainer"])
    draft = make_offer(trainer=people["trainer"], publish=False)
    return offer, draft


def allowed(people, permission, obj):
    return sorted(name for name in PEOPLE if people[name].has_perm(permission, obj))


MANAGERS = sorted(["own coordinator", "administrator"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "permission,expected",
    [
        ("training.manage_sessions", MANAGERS),
        ("training.view_participants", sorted([*MANAGERS, "trainer"])),
        ("training.view_private_answers", MANAGERS),
        ("training.mark_attendance", sorted([*MANAGERS, "trainer"])),
        ("training.manage_registrations", MANAGERS),
    ],
)
def test_who_manages_a_session(people, trained, make_session, permission, expected):
    offer, _draft = trained
    session = make_session(offer)
    assert allowed(people, permission, session) == expected
    assert allowed(people, permission, offer) == expected


@pytest.mark.django_db
def test_who_sees_and_changes_an_offer(people, trained):
    offer, draft = trained
    assert allowed(people, "training.view_offer", offer) == sorted(PEOPLE)
    assert allowed(people, "training.view_offer", draft) == sorted([*MANAGERS, "trainer"])
    assert allowed(people, "training.change_offer", offer) == MANAGERS
    assert allowed(people, "training.change_offer", draft) == MANAGERS
    assert allowed(people, "training.publish_offer", draft) == MANAGERS


@pytest.mark.django_db
def test_a_partner_sees_and_changes_its_proposal_until_it_is_published(
    people, organisation, make_offer, other_innovator, coordinator_de
):
    innovator = people["innovator"]
    assert innovator.has_perm("training.add_offer")
    assert not other_innovator.has_perm("training.add_offer")  # no organisation
    assert not people["anonymous"].has_perm("training.add_offer")
    proposal = make_offer(author=innovator, provider=organisation, publish=False)
    assert proposal.status == OfferStatus.PROPOSED
    assert innovator.has_perm("training.view_offer", proposal)
    assert innovator.has_perm("training.change_offer", proposal)
    assert not innovator.has_perm("training.publish_offer", proposal)
    assert not other_innovator.has_perm("training.view_offer", proposal)
    assert not other_innovator.has_perm("training.change_offer", proposal)

    services.publish_offer(offer=proposal, actor=coordinator_de)
    proposal.refresh_from_db()
    assert not innovator.has_perm("training.change_offer", proposal)
    assert other_innovator.has_perm("training.view_offer", proposal)


@pytest.mark.django_db
def test_who_cancels_a_registration(people, offer, make_session, other_innovator):
    registration = services.register(session=make_session(), user=people["innovator"])
    assert allowed(people, "training.cancel_registration", registration) == sorted(
        [*MANAGERS, "innovator"]
    )
    assert not other_innovator.has_perm("training.cancel_registration", registration)


# --- The person's data --------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_data_export_holds_the_registrations_with_their_answers(
    innovator, organisation, make_offer, make_session
):
    offer = make_offer()
    session = make_session(offer, questions=["dietary", "accessibility"])
    services.register(session=session, user=innovator, answers={"dietary": "no nuts"})
    proposal = make_offer(author=innovator, provider=organisation, publish=False)
    services.renew_calendar_feed(user=innovator)

    data = core.export_personal_data(innovator)
    [entry] = data["training_registrations"]
    assert entry["offer"] == offer.slug
    assert entry["status"] == RegistrationStatus.CONFIRMED
    assert entry["answers"] == {"dietary": "no nuts"}
    assert entry["session_starts_at"].startswith(session.starts_at.date().isoformat())
    assert data["training_offers_proposed"] == [proposal.slug]
    assert data["training_calendar_feed"] is True


@pytest.mark.django_db
def test_erasing_an_account_frees_its_seat_for_the_next_person(
    make_session, make_people, mailoutbox, on_commit
):
    session = make_session(capacity=1, questions=["dietary"])
    leaving, waiting = make_people(2)
    held = services.register(session=session, user=leaving, answers={"dietary": "vegan"})
    queued = services.register(session=session, user=waiting, answers={"dietary": "halal"})
    services.renew_calendar_feed(user=leaving)

    with on_commit():
        core.delete_account(user=leaving)
    assert not User.objects.filter(pk=leaving.pk).exists()
    assert not CalendarFeed.objects.exists()
    held.refresh_from_db()
    assert (held.status, held.user, held.answers) == (RegistrationStatus.CANCELLED, None, {})
    assert held.cancelled_at is not None
    queued.refresh_from_db()
    assert queued.status == RegistrationStatus.OFFERED
    assert queued.offer_token
    assert queued.answers == {"dietary": "halal"}  # the others' answers stay
    assert [m.to for m in mailoutbox] == [[waiting.email]]  # nothing to the erased address
    assert queued.offer_token in mailoutbox[0].body


@pytest.mark.django_db
def test_erasing_an_account_keeps_past_participation_as_a_count(
    make_session, innovator, coordinator_de
):
    past = make_session(questions=["dietary"], starts_at=timezone.now() - timedelta(days=400))
    attended = services.register(
        session=past,
        user=innovator,
        answers={"dietary": "vegan"},
        now=past.starts_at - timedelta(days=1),
    )
    services.mark_attendance(registration=attended, actor=coordinator_de, attended=True)

    core.delete_account(user=innovator)
    attended.refresh_from_db()
    assert (attended.user, attended.answers, attended.attended) == (None, {}, True)
    assert Registration.objects.filter(session=past).count() == 1


@pytest.mark.django_db
def test_erasing_an_account_leaves_past_registrations_confirmed(
    make_session, innovator, coordinator_de
):
    past = make_session(starts_at=timezone.now() - timedelta(days=400))
    attended = services.register(
        session=past, user=innovator, now=past.starts_at - timedelta(days=1)
    )
    services.mark_attendance(registration=attended, actor=coordinator_de, attended=True)

    core.delete_account(user=innovator)
    attended.refresh_from_db()
    assert (attended.status, attended.cancelled_at) == (RegistrationStatus.CONFIRMED, None)
