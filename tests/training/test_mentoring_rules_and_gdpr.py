"""Who may do what in mentoring (one case per role, action and state), and mentoring's part of
the data export and of erasing an account."""

from datetime import timedelta

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from ncc_portal import services as core
from training.mentoring import services
from training.models import (
    MentoringFeedback,
    MentoringMeeting,
    MentoringRequest,
    MentoringStatus,
    MentorProfile,
)

from .mentoring_sample import ask, initiative_of, mentor, themes

pytestmark = pytest.mark.django_db

PEOPLE = [
    "anonymous",
    "owner",
    "other innovator",
    "mentor",
    "other mentor",
    "own coordinator",
    "other coordinator",
    "administrator",
]


@pytest.fixture
def topics(db):
    return themes()


@pytest.fixture
def people(innovator, other_innovator, coordinator_de, coordinator_nl, administrator, topics):
    def approved(name):
        return mentor(name=name, topics=[topics["housing"]], approved_by=coordinator_de).user

    return {
        "anonymous": AnonymousUser(),
        "owner": innovator,
        "other innovator": other_innovator,
        "mentor": approved("Maja Mentor"),
        "other mentor": approved("Olga Other"),
        "own coordinator": coordinator_de,
        "other coordinator": coordinator_nl,
        "administrator": administrator,
    }


@pytest.fixture
def in_state(people, organisation, topics):
    """``in_state("agreed")``: a request of the owner's initiative in Germany, with the mentor
    proposed by the German coordinator, agreed or ended as asked."""

    def make(state):
        initiative = initiative_of(organisation, topics=[topics["housing"]])
        mentoring_request = ask(people["owner"], initiative)
        if state == "open":
            return mentoring_request
        services.propose_mentor(
            mentoring_request=mentoring_request,
            profile=people["mentor"].mentor_profile,
            actor=people["own coordinator"],
        )
        if state != "proposed":
            services.accept_mentor(mentoring_request=mentoring_request, user=people["owner"])
        if state == "ended":
            services.end_mentorship(mentorship=mentoring_request, actor=people["owner"])
        return MentoringRequest.objects.get(pk=mentoring_request.pk)

    return make


def allowed(people, permission, obj=None):
    # The rule set itself: Django gives superusers (the administrator) every permission, and
    # the services refuse them what is the pair's alone (see the test below).
    return sorted(name for name in PEOPLE if rules.has_perm(permission, people[name], obj))


MANAGERS = ["administrator", "own coordinator"]
PAIR = ["mentor", "owner"]
SIGNED_IN = [name for name in PEOPLE if name != "anonymous"]


def _sorted(*groups):
    return sorted(name for group in groups for name in group)


@pytest.mark.parametrize(
    "permission,state,expected",
    [
        ("view_request", "open", _sorted(PAIR, MANAGERS, ["other mentor"])),
        ("view_request", "proposed", _sorted(PAIR, MANAGERS)),
        ("view_request", "agreed", _sorted(PAIR, MANAGERS)),
        ("view_request", "ended", _sorted(PAIR, MANAGERS)),
        ("propose_mentor", "open", MANAGERS),
        ("propose_mentor", "proposed", []),
        ("offer_to_mentor", "open", ["mentor", "other mentor"]),
        ("offer_to_mentor", "proposed", []),
        ("accept_mentor", "open", []),
        ("accept_mentor", "proposed", ["owner"]),
        ("decline_proposal", "proposed", PAIR),
        ("decline_proposal", "agreed", []),
        ("withdraw_request", "open", ["owner"]),
        ("withdraw_request", "proposed", ["owner"]),
        ("withdraw_request", "agreed", []),
        ("view_contacts", "proposed", MANAGERS),
        ("view_contacts", "agreed", _sorted(PAIR, MANAGERS)),
        ("view_contacts", "ended", _sorted(PAIR, MANAGERS)),
        ("log_meeting", "proposed", []),
        ("log_meeting", "agreed", PAIR),
        ("log_meeting", "ended", []),
        ("view_meetings", "proposed", MANAGERS),
        ("view_meetings", "agreed", _sorted(PAIR, MANAGERS)),
        ("end_mentorship", "agreed", _sorted(PAIR, MANAGERS)),
        ("end_mentorship", "ended", []),
        ("give_feedback", "agreed", []),
        ("give_feedback", "ended", PAIR),
        ("view_all_feedback", "ended", MANAGERS),
    ],
)
def test_who_may_act_on_a_request(people, in_state, permission, state, expected):
    assert allowed(people, f"mentoring.{permission}", in_state(state)) == expected


def test_who_may_decide_on_a_mentor(people, topics):
    pending = mentor(name="Paul Pending", topics=[topics["housing"]], countries=["DE"])
    assert allowed(people, "mentoring.decide_mentor", pending) == MANAGERS
    both = mentor(name="Bo Both", topics=[topics["housing"]], countries=["NL", "DE"])
    assert allowed(people, "mentoring.decide_mentor", both) == _sorted(
        MANAGERS, ["other coordinator"]
    )


def test_who_may_coordinate_request_and_mentor(people, organisation, topics):
    initiative_of(organisation, topics=[topics["housing"]])
    assert allowed(people, "mentoring.coordinate") == sorted(
        ["administrator", "other coordinator", "own coordinator"]
    )
    assert allowed(people, "mentoring.request_mentoring") == ["owner"]
    assert allowed(people, "mentoring.become_mentor") == sorted(SIGNED_IN)


def test_the_services_refuse_the_administrator_what_is_the_pairs(people, in_state):
    proposed = in_state("proposed")
    assert people["administrator"].has_perm("mentoring.accept_mentor", proposed)
    with pytest.raises(ValidationError, match="Only the person who asked"):
        services.accept_mentor(mentoring_request=proposed, user=people["administrator"])
    with pytest.raises(ValidationError, match="Only the mentee or the proposed mentor"):
        services.decline_proposal(mentoring_request=proposed, actor=people["administrator"])


# --- GDPR ----------------------------------------------------------------------------------


@pytest.fixture
def history(people, in_state):
    """An ended mentorship with a meeting and both sides' feedback."""
    ended = in_state("agreed")
    services.log_meeting(
        mentorship=ended,
        actor=people["mentor"],
        date=timezone.localdate(),
        duration_minutes=50,
        topic="Budget",
        notes="Maja's notes on the budget.",
    )
    ended = services.end_mentorship(mentorship=ended, actor=people["owner"])
    services.give_feedback(mentorship=ended, user=people["owner"], rating=5, comment="Helpful.")
    services.give_feedback(mentorship=ended, user=people["mentor"], rating=3, comment="Slow.")
    return ended


def test_the_export_holds_profile_requests_mentorships_and_only_own_feedback(people, history):
    mentee = core.export_personal_data(people["owner"])
    (asked,) = mentee["mentoring_requests"]
    assert asked["needs"] == "Help with funding."
    assert asked["meetings"][0]["notes"] == "Maja's notes on the budget."
    assert asked["your_feedback"] == [
        {"rating": 5, "comment": "Helpful.", "given_at": asked["your_feedback"][0]["given_at"]}
    ]
    assert mentee["mentor_profile"] is None
    assert mentee["mentorships_as_mentor"] == []

    mentor_data = core.export_personal_data(people["mentor"])
    assert mentor_data["mentor_profile"]["themes"] == ["housing-and-homelessness"]
    assert mentor_data["mentor_profile"]["status"] == "approved"
    (mentored,) = mentor_data["mentorships_as_mentor"]
    assert [f["comment"] for f in mentored["your_feedback"]] == ["Slow."]
    assert "needs" not in mentored  # the mentee's own words are theirs


def test_erasing_a_mentee_withdraws_open_requests_and_ends_running_ones_quietly(
    people, in_state, history
):
    open_request = in_state("open")
    running = in_state("agreed")
    mail.outbox.clear()
    core.delete_account(user=people["owner"])
    open_request.refresh_from_db()
    running.refresh_from_db()
    history.refresh_from_db()
    assert open_request.status == MentoringStatus.WITHDRAWN
    assert running.status == MentoringStatus.ENDED
    assert mail.outbox == []
    # The mentorships stay as counts, without the person or what they wrote.
    assert MentoringRequest.objects.count() == 3
    assert set(MentoringRequest.objects.values_list("requested_by", flat=True)) == {None}
    assert set(MentoringRequest.objects.values_list("needs", flat=True)) == {""}
    assert dict(MentoringFeedback.objects.values_list("side", "comment")) == {
        "mentee": "",
        "mentor": "Slow.",
    }


def test_erasing_a_mentor_deletes_the_profile_and_blanks_their_notes(people, in_state, history):
    proposed = in_state("proposed")
    running = in_state("agreed")
    MentoringRequest.objects.filter(pk=running.pk).update(
        agreed_at=timezone.now() - timedelta(days=3)
    )
    core.delete_account(user=people["mentor"])
    proposed.refresh_from_db()
    running.refresh_from_db()
    assert proposed.status == MentoringStatus.OPEN and proposed.mentor is None
    assert running.status == MentoringStatus.ENDED and running.mentor is None
    assert not MentorProfile.objects.filter(user__name="Maja Mentor").exists()
    assert list(MentoringMeeting.objects.values_list("notes", flat=True)) == [""]
    assert dict(MentoringFeedback.objects.values_list("side", "comment")) == {
        "mentee": "Helpful.",
        "mentor": "",
    }
    assert MentoringRequest.objects.count() == 3
