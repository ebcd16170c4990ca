"""Mentoring through its services: profiles and approval, the request, a proposal or a mentor's
offer, the mentee's answer, capacity, meetings, the end and the feedback, withdrawing."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from training.mentoring import matching, services
from training.models import MentoringFeedback, MentoringStatus, MentorProfile, MentorStatus

from .conftest import mail_to
from .mentoring_sample import ask, initiative_of, mentor, themes

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics(db):
    return themes()


@pytest.fixture
def initiative(organisation, topics):
    return initiative_of(organisation, topics=[topics["housing"], topics["digital"]])


@pytest.fixture
def maja(coordinator_de, topics):
    return mentor(
        name="Maja Mentor",
        email="maja@example.org",
        topics=[topics["housing"]],
        phone="+49 30 555 01",
        approved_by=coordinator_de,
        language="de",
    )


@pytest.fixture
def proposed(innovator, initiative, maja, coordinator_de):
    mentoring_request = ask(innovator, initiative)
    return services.propose_mentor(
        mentoring_request=mentoring_request, profile=maja, actor=coordinator_de
    )


def test_a_new_profile_waits_for_approval_and_the_person_is_told(coordinator_de, topics, on_commit):
    profile = mentor(name="Nina New", topics=[topics["finance"]])
    assert profile.status == MentorStatus.PENDING
    with on_commit():
        services.decide_mentor(profile=profile, actor=coordinator_de, approve=True)
    profile.refresh_from_db()
    assert profile.status == MentorStatus.APPROVED
    assert profile.decided_by == coordinator_de
    assert "approved as a mentor" in mail_to(mail.outbox, profile.user)[0].subject
    with pytest.raises(ValidationError, match="not waiting for a decision"):
        services.decide_mentor(profile=profile, actor=coordinator_de, approve=False)


def test_a_declined_mentor_is_told_and_asks_again_by_saving(coordinator_de, topics, on_commit):
    profile = mentor(name="Nina New", topics=[topics["finance"]])
    with on_commit():
        services.decide_mentor(profile=profile, actor=coordinator_de, approve=False)
    assert "has not approved" in mail_to(mail.outbox, profile.user)[0].body
    again = mentor(name="", user=profile.user, topics=[topics["finance"], topics["housing"]])
    assert again.status == MentorStatus.PENDING
    assert again.decided_by is None


def test_editing_an_approved_profile_keeps_it_approved(maja, topics):
    profile = mentor(
        name="", user=maja.user, topics=[topics["finance"]], countries=["DE", "NL"], capacity=5
    )
    assert profile.pk == maja.pk
    assert profile.status == MentorStatus.APPROVED
    assert profile.countries == ["DE", "NL"]
    assert list(profile.themes.all()) == [topics["finance"]]


def test_a_profile_needs_a_theme_and_a_capacity_from_1_to_20(innovator, topics):
    values = {"languages": ["de"], "countries": ["DE"], "capacity": 2, "bio": "Me."}
    with pytest.raises(ValidationError) as error:
        services.save_mentor_profile(user=innovator, values=values, themes=[])
    assert "themes" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.save_mentor_profile(
            user=innovator, values={**values, "capacity": 21}, themes=[topics["housing"]]
        )
    assert not MentorProfile.objects.exists()


def test_a_request_takes_the_initiatives_country_and_themes_and_tells_its_coordinators(
    innovator, initiative, coordinator_de, coordinator_nl, on_commit
):
    with on_commit():
        mentoring_request = ask(innovator, initiative, languages=["de", "en"])
    assert mentoring_request.country == "DE"
    assert mentoring_request.status == MentoringStatus.OPEN
    assert set(mentoring_request.themes.all()) == set(initiative.themes.all())
    assert mentoring_request.languages == ["de", "en"]
    sent = mail_to(mail.outbox, coordinator_de)
    assert len(sent) == 1 and initiative.title_en in sent[0].subject
    assert f"/de/mentoring/requests/{mentoring_request.pk}/" in sent[0].body  # her language
    assert mail_to(mail.outbox, coordinator_nl) == []


def test_only_own_initiatives_and_one_request_at_a_time(
    innovator, other_innovator, initiative, topics
):
    with pytest.raises(ValidationError, match="only for your own initiatives"):
        ask(other_innovator, initiative)
    ask(innovator, initiative, topics=[topics["finance"]])
    with pytest.raises(ValidationError, match="already has a mentoring request"):
        ask(innovator, initiative)


def test_the_whole_flow_and_the_contact_exchange(
    innovator, maja, proposed, coordinator_de, on_commit
):
    assert proposed.status == MentoringStatus.PROPOSED
    assert proposed.mentor == maja and proposed.proposed_by == coordinator_de
    with on_commit():
        agreed = services.accept_mentor(mentoring_request=proposed, user=innovator)
    assert agreed.status == MentoringStatus.AGREED and agreed.agreed_at is not None
    to_mentee = mail_to(mail.outbox, innovator)[-1]
    to_mentor = mail_to(mail.outbox, maja.user)[-1]
    assert "maja@example.org" in to_mentee.body and "+49 30 555 01" in to_mentee.body
    assert innovator.email in to_mentor.body
    assert "+49" not in to_mentor.body

    meeting = services.log_meeting(
        mentorship=agreed,
        actor=maja.user,
        date=timezone.localdate(),
        duration_minutes=60,
        topic="Funding plan",
        notes="Next: the city's programme.",
    )
    assert meeting.logged_by == maja.user
    mail.outbox.clear()
    with on_commit():
        ended = services.end_mentorship(mentorship=agreed, actor=coordinator_de)
    assert ended.status == MentoringStatus.ENDED and ended.ended_at is not None
    assert {m.to[0] for m in mail.outbox} == {innovator.email, maja.user.email}
    assert all(f"/mentoring/requests/{ended.pk}/" in m.body for m in mail.outbox)
    assert services.places_taken(maja) == 0


def test_the_mentee_declines_and_the_mentor_is_not_suggested_again(
    innovator, maja, proposed, coordinator_de, topics, on_commit
):
    with on_commit():
        reopened = services.decline_proposal(mentoring_request=proposed, actor=innovator)
    assert reopened.status == MentoringStatus.OPEN and reopened.mentor is None
    assert list(reopened.passed_over.all()) == [maja]
    assert "durch Maja Mentor abgelehnt" in mail_to(mail.outbox, maja.user)[-1].body
    assert mail_to(mail.outbox, coordinator_de)  # who proposed is told
    other = mentor(name="Olga Other", topics=[topics["housing"]], approved_by=coordinator_de)
    assert [s.mentor for s in matching.suggest_mentors(reopened)] == [other]
    with pytest.raises(ValidationError, match="already been declined"):
        services.propose_mentor(mentoring_request=reopened, profile=maja, actor=coordinator_de)


def test_the_proposed_mentor_declines(innovator, maja, proposed, on_commit):
    with on_commit():
        reopened = services.decline_proposal(mentoring_request=proposed, actor=maja.user)
    assert reopened.status == MentoringStatus.OPEN
    assert list(reopened.passed_over.all()) == [maja]
    assert "cannot mentor" in mail_to(mail.outbox, innovator)[-1].body


def test_a_stranger_cannot_decline_or_accept(other_innovator, maja, proposed):
    with pytest.raises(ValidationError):
        services.decline_proposal(mentoring_request=proposed, actor=other_innovator)
    with pytest.raises(ValidationError):
        services.accept_mentor(mentoring_request=proposed, user=maja.user)


def test_a_mentor_offers_directly_for_a_request_in_their_country(
    innovator, initiative, maja, organisation, topics, on_commit
):
    mentoring_request = ask(innovator, initiative)
    with on_commit():
        offered = services.offer_to_mentor(mentoring_request=mentoring_request, user=maja.user)
    assert offered.status == MentoringStatus.PROPOSED and offered.proposed_by == maja.user
    assert "Maja Mentor offers to mentor" in mail_to(mail.outbox, innovator)[-1].body
    assert mail_to(mail.outbox, maja.user) == []  # she knows: she offered
    dutch = ask(innovator, initiative_of(organisation, country="NL", topics=[topics["housing"]]))
    with pytest.raises(ValidationError, match="countries you mentor in"):
        services.offer_to_mentor(mentoring_request=dutch, user=maja.user)


def test_capacity_is_refused_with_a_clear_message(innovator, organisation, coordinator_de, topics):
    busy = mentor(
        name="Bea Busy", topics=[topics["housing"]], capacity=1, approved_by=coordinator_de
    )
    first = ask(innovator, initiative_of(organisation, topics=[topics["housing"]]))
    second = ask(innovator, initiative_of(organisation, topics=[topics["housing"]]))
    services.propose_mentor(mentoring_request=first, profile=busy, actor=coordinator_de)
    # A proposal holds the place: the mentor is neither suggested nor proposed again.
    assert busy not in [s.mentor for s in matching.suggest_mentors(second)]
    with pytest.raises(ValidationError, match="Bea Busy has no free place"):
        services.propose_mentor(mentoring_request=second, profile=busy, actor=coordinator_de)
    second.refresh_from_db()
    assert second.status == MentoringStatus.OPEN and second.mentor is None


def test_accepting_is_refused_when_the_capacity_was_lowered_meanwhile(
    innovator, organisation, coordinator_de, topics
):
    busy = mentor(
        name="Bea Busy", topics=[topics["housing"]], capacity=2, approved_by=coordinator_de
    )
    first = ask(innovator, initiative_of(organisation, topics=[topics["housing"]]))
    second = ask(innovator, initiative_of(organisation, topics=[topics["housing"]]))
    for mentoring_request in (first, second):
        services.propose_mentor(
            mentoring_request=mentoring_request, profile=busy, actor=coordinator_de
        )
    services.accept_mentor(mentoring_request=first, user=innovator)
    MentorProfile.objects.filter(pk=busy.pk).update(capacity=1)
    with pytest.raises(ValidationError, match="no free place"):
        services.accept_mentor(mentoring_request=second, user=innovator)


def test_a_mentor_not_taking_mentees_or_not_approved_cannot_be_proposed(
    innovator, initiative, coordinator_de, topics, maja
):
    mentoring_request = ask(innovator, initiative)
    pending = mentor(name="Paul Pending", topics=[topics["housing"]])
    with pytest.raises(ValidationError, match="not approved"):
        services.propose_mentor(
            mentoring_request=mentoring_request, profile=pending, actor=coordinator_de
        )
    MentorProfile.objects.filter(pk=maja.pk).update(accepting=False)
    with pytest.raises(ValidationError, match="not taking new mentees"):
        services.propose_mentor(
            mentoring_request=mentoring_request, profile=maja, actor=coordinator_de
        )


def test_nobody_mentors_their_own_request(innovator, initiative, coordinator_de, topics):
    own = mentor(name="", user=innovator, topics=[topics["housing"]], approved_by=coordinator_de)
    mentoring_request = ask(innovator, initiative)
    assert matching.suggest_mentors(mentoring_request) == []
    with pytest.raises(ValidationError, match="their own request"):
        services.propose_mentor(
            mentoring_request=mentoring_request, profile=own, actor=coordinator_de
        )


def test_meetings_in_the_future_or_before_the_agreement_are_refused(innovator, proposed):
    agreed_at = timezone.now() - timedelta(days=10)
    agreed = services.accept_mentor(mentoring_request=proposed, user=innovator, now=agreed_at)
    today = timezone.localdate()
    meeting = {"duration_minutes": 45, "topic": "Plan", "actor": innovator}
    with pytest.raises(ValidationError) as future:
        services.log_meeting(mentorship=agreed, date=today + timedelta(days=1), **meeting)
    assert "once it has taken place" in future.value.message_dict["date"][0]
    with pytest.raises(ValidationError) as early:
        services.log_meeting(
            mentorship=agreed, date=timezone.localdate(agreed_at) - timedelta(days=1), **meeting
        )
    assert "cannot be earlier" in early.value.message_dict["date"][0]
    with pytest.raises(ValidationError):
        services.log_meeting(mentorship=agreed, date=today, **{**meeting, "duration_minutes": 0})
    services.log_meeting(mentorship=agreed, date=timezone.localdate(agreed_at), **meeting)
    assert agreed.meetings.count() == 1


def test_meetings_need_a_running_mentorship(innovator, proposed):
    with pytest.raises(ValidationError, match="only while the mentorship runs"):
        services.log_meeting(
            mentorship=proposed,
            actor=innovator,
            date=timezone.localdate(),
            duration_minutes=30,
            topic="Too early",
        )


def test_feedback_once_per_side_after_the_end(innovator, maja, proposed, coordinator_de):
    agreed = services.accept_mentor(mentoring_request=proposed, user=innovator)
    with pytest.raises(ValidationError, match="once the mentorship has ended"):
        services.give_feedback(mentorship=agreed, user=innovator, rating=5)
    ended = services.end_mentorship(mentorship=agreed, actor=maja.user)
    services.give_feedback(mentorship=ended, user=innovator, rating=5, comment="Great.")
    services.give_feedback(mentorship=ended, user=maja.user, rating=4)
    with pytest.raises(ValidationError, match="already given your feedback"):
        services.give_feedback(mentorship=ended, user=innovator, rating=1)
    with pytest.raises(ValidationError, match="Only the mentee and the mentor"):
        services.give_feedback(mentorship=ended, user=coordinator_de, rating=3)
    assert dict(MentoringFeedback.objects.values_list("side", "rating")) == {
        "mentee": 5,
        "mentor": 4,
    }
    with pytest.raises(ValidationError, match="Only a running mentorship"):
        services.end_mentorship(mentorship=ended, actor=innovator)


def test_the_mentee_withdraws_a_request_not_yet_agreed(innovator, maja, proposed, on_commit):
    with on_commit():
        withdrawn = services.withdraw_request(mentoring_request=proposed, actor=innovator)
    assert withdrawn.status == MentoringStatus.WITHDRAWN
    assert "zurückgezogen" in mail_to(mail.outbox, maja.user)[-1].subject
    assert services.places_taken(maja) == 0
    with pytest.raises(ValidationError, match="not yet agreed"):
        services.withdraw_request(mentoring_request=withdrawn, actor=innovator)


def test_an_agreed_mentorship_cannot_be_withdrawn(innovator, proposed):
    agreed = services.accept_mentor(mentoring_request=proposed, user=innovator)
    with pytest.raises(ValidationError, match="not yet agreed"):
        services.withdraw_request(mentoring_request=agreed, actor=innovator)


def test_withdrawing_a_profile_returns_waiting_proposals(innovator, maja, proposed, on_commit):
    with on_commit():
        services.withdraw_mentor_profile(profile=maja)
    maja.refresh_from_db()
    proposed.refresh_from_db()
    assert maja.status == MentorStatus.WITHDRAWN and not maja.accepting
    assert proposed.status == MentoringStatus.OPEN and proposed.mentor is None
    assert "cannot mentor" in mail_to(mail.outbox, innovator)[-1].body


def test_a_coordinators_proposal_is_sent_to_the_mentee_and_the_mentor(
    innovator, initiative, maja, coordinator_de, on_commit
):
    mentoring_request = ask(innovator, initiative)
    with on_commit():
        services.propose_mentor(
            mentoring_request=mentoring_request, profile=maja, actor=coordinator_de
        )
    (to_mentee,) = mail_to(mail.outbox, innovator)
    assert "proposes Maja Mentor as the mentor" in to_mentee.body
    assert "maja@example.org" not in to_mentee.body  # not before the mentee accepts
    (to_mentor,) = mail_to(mail.outbox, maja.user)
    assert "Katrin vom nationalen Kompetenzzentrum schlägt Sie" in to_mentor.body
    assert innovator.email not in to_mentor.body
    assert f"/de/mentoring/requests/{mentoring_request.pk}/" in to_mentor.body
