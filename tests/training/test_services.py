import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from icalendar import Calendar

from training import calendar, services
from training.models import (
    Offer,
    OfferStatus,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
    seat_offer_lifetime,
)

from ..factories import CoordinatorFactory, UserFactory
from .conftest import mail_to, offer_values, session_values

Status = RegistrationStatus


def statuses(*registrations):
    for registration in registrations:
        registration.refresh_from_db()
    return [registration.status for registration in registrations]


def only_event(ics):
    events = Calendar.from_ical(ics).walk("VEVENT")
    assert len(events) == 1
    return events[0]


# --- Offers --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_coordinators_offer_is_a_draft_until_published(
    centre_de, coordinator_de, mailoutbox, on_commit
):
    with on_commit():
        offer = services.create_offer(author=coordinator_de, values=offer_values(centre_de))
    assert offer.status == OfferStatus.DRAFT
    assert offer.published_at is None
    assert offer.slug.startswith("impact-measurement-workshop")
    assert not Offer.objects.published().exists()

    with on_commit():
        services.publish_offer(offer=offer, actor=coordinator_de)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED
    assert offer.published_at is not None
    assert list(Offer.objects.published()) == [offer]
    assert "kind:workshop" in offer.facet_tokens  # indexed for the list
    assert mailoutbox == []  # nobody to tell: the coordinator did both


@pytest.mark.django_db
def test_a_partners_proposal_goes_to_the_coordinators_of_its_country(
    centre_de, coordinator_de, coordinator_nl, innovator, organisation, mailoutbox, on_commit
):
    colleague = CoordinatorFactory(centre=centre_de, language="en")
    CoordinatorFactory(centre=centre_de, is_active=False)  # left the centre
    with on_commit():
        offer = services.create_offer(
            author=innovator, values=offer_values(centre_de, provider=organisation)
        )
    assert offer.status == OfferStatus.PROPOSED
    assert offer.created_by == innovator
    assert sorted(m.to[0] for m in mailoutbox) == sorted([coordinator_de.email, colleague.email])
    assert all(offer.slug in m.body for m in mailoutbox)

    mailoutbox.clear()
    with on_commit():
        services.publish_offer(offer=offer, actor=coordinator_de)
        services.publish_offer(offer=offer, actor=coordinator_de)  # twice: nothing more
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED
    assert [m.to for m in mailoutbox] == [[innovator.email]]


@pytest.mark.django_db
def test_withdrawing_an_offer_cancels_its_sessions_to_come(
    offer, make_session, coordinator_de, innovator, mailoutbox, on_commit
):
    session = make_session()
    past = make_session(starts_at=timezone.now() - timedelta(days=3))
    services.register(session=session, user=innovator)
    with on_commit():
        services.withdraw_offer(offer=offer, actor=coordinator_de)
    offer.refresh_from_db()
    session.refresh_from_db()
    past.refresh_from_db()
    assert offer.status == OfferStatus.WITHDRAWN
    assert (session.status, past.status) == (SessionStatus.CANCELLED, SessionStatus.SCHEDULED)
    assert session.registrations.get().status == Status.CANCELLED
    assert [m.to for m in mailoutbox] == [[innovator.email]]


# --- Registering -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_free_seat_confirms_with_a_calendar_invitation_in_the_persons_language(
    offer, make_session, mailoutbox, on_commit
):
    session = make_session(capacity=3)
    reader = UserFactory(language="de")
    with on_commit():
        registration = services.register(session=session, user=reader)
    assert registration.status == Status.CONFIRMED
    assert registration.confirmed_at is not None
    assert registration.check_in_code

    [message] = mailoutbox
    assert message.to == [reader.email]
    assert offer.title_de in message.subject + message.body
    assert offer.title_en not in message.subject + message.body
    assert f"/de/training/sessions/{session.pk}/" in message.body
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == (f"session-{session.pk}.ics", "text/calendar")
    event = only_event(content)
    assert str(event["summary"]) == offer.title_de
    assert event.decoded("dtstart") == session.starts_at.replace(microsecond=0)
    assert event.decoded("dtend") == session.ends_at.replace(microsecond=0)
    unfolded = content.replace("\r\n ", "")
    assert re.search(r"^DTSTART(;TZID=[^:]+:\d{8}T\d{6}|:\d{8}T\d{6}Z)\r?$", unfolded, re.M)
    assert f"/de/training/sessions/{session.pk}/" in str(event["url"])
    # The participant's own copy has the online link; the public one does not.
    assert session.online_url in str(event["location"])
    public = only_event(calendar.calendar_of([session], private=False))
    assert session.online_url not in public.to_ical().decode().replace("\r\n ", "")


@pytest.mark.django_db
def test_a_full_session_puts_people_on_the_waiting_list_in_order(
    make_session, make_people, mailoutbox, on_commit
):
    session = make_session(capacity=1)
    first, *others = make_people(4)
    with on_commit():
        services.register(session=session, user=first)
        waiting = [services.register(session=session, user=person) for person in others]
    assert [r.status for r in waiting] == [Status.WAITING] * 3
    assert [services.waiting_position(r) for r in waiting] == [1, 2, 3]
    assert len({r.queue_position for r in waiting}) == 3
    assert services.free_seats(session) == 0
    for person in others:
        [message] = mail_to(mailoutbox, person)
        assert message.attachments == []  # no invitation without a seat


@pytest.mark.django_db
def test_registering_twice_is_refused_but_again_after_cancelling(
    make_session, innovator, other_innovator
):
    session = make_session()
    registration = services.register(session=session, user=innovator)
    with pytest.raises(ValidationError):
        services.register(session=session, user=innovator)
    assert session.registrations.count() == 1

    services.cancel_registration(registration=registration, actor=innovator)
    again = services.register(session=session, user=innovator)
    assert again.status == Status.CONFIRMED
    assert session.registrations.active().count() == 1


@pytest.mark.django_db
def test_registration_is_refused_outside_its_window(make_session, make_offer, innovator):
    now = timezone.now()
    session = make_session(
        registration_opens_at=now + timedelta(days=2),
        registration_closes_at=now + timedelta(days=5),
    )
    for moment in [now, now + timedelta(days=5), now + timedelta(days=6)]:
        with pytest.raises(ValidationError):
            services.register(session=session, user=innovator, now=moment)
    registration = services.register(session=session, user=innovator, now=now + timedelta(days=3))
    assert registration.status == Status.CONFIRMED

    draft = make_offer(publish=False)
    with pytest.raises(ValidationError):
        services.register(session=make_session(of=draft), user=innovator)
    assert not Registration.objects.filter(session__offer=draft).exists()


@pytest.mark.django_db
def test_answers_to_questions_the_session_does_not_ask_are_dropped(make_session, make_people):
    session = make_session(questions=["dietary"])
    asked, empty = make_people(2)
    answers = {"dietary": "vegan", "accessibility": "wheelchair", "shoe_size": "44"}
    registration = services.register(session=session, user=asked, answers=answers)
    registration.refresh_from_db()
    assert registration.answers == {"dietary": "vegan"}
    blank = services.register(session=session, user=empty, answers={"dietary": ""})
    blank.refresh_from_db()
    assert blank.answers == {}


# --- Cancelling and the waiting list ---------------------------------------------------------


@pytest.fixture
def full_session(make_session, make_people):
    """A session with one seat: the first person holds it, two more wait."""
    session = make_session(capacity=1)
    people = make_people(3)
    registrations = [services.register(session=session, user=person) for person in people]
    return session, people, registrations


@pytest.mark.django_db
def test_a_seat_freed_by_its_holder_is_offered_to_the_first_person_waiting(
    full_session, mailoutbox, on_commit
):
    session, (holder, second, third), (held, waiting, last) = full_session
    before = timezone.now()
    with on_commit():
        services.cancel_registration(registration=held, actor=holder)
    assert statuses(held, waiting, last) == [Status.CANCELLED, Status.OFFERED, Status.WAITING]
    assert held.cancelled_at is not None
    assert waiting.offer_token
    lifetime = timedelta(hours=24)
    assert before + lifetime <= waiting.offer_expires_at <= timezone.now() + lifetime
    assert services.waiting_position(last) == 1
    assert services.free_seats(session) == 0  # the offered seat is held
    assert mail_to(mailoutbox, holder) == []  # they cancelled it themselves
    [offered] = mail_to(mailoutbox, second)
    assert waiting.offer_token in offered.body
    assert mail_to(mailoutbox, third) == []

    with pytest.raises(PermissionDenied):
        services.accept_seat_offer(token=waiting.offer_token, user=third)
    token = waiting.offer_token
    mailoutbox.clear()
    with on_commit():
        services.accept_seat_offer(token=token, user=second)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.offer_token) == (Status.CONFIRMED, "")
    assert waiting.confirmed_at is not None
    [confirmed] = mail_to(mailoutbox, second)
    assert confirmed.attachments[0].filename == f"session-{session.pk}.ics"
    with pytest.raises(ValidationError):  # the link works once
        services.accept_seat_offer(token=token, user=second)


@pytest.mark.django_db
def test_a_seat_offer_not_taken_in_time_goes_to_the_next_person(
    full_session, coordinator_de, mailoutbox, on_commit
):
    session, (holder, second, third), (held, waiting, last) = full_session
    services.cancel_registration(registration=held, actor=coordinator_de)
    waiting.refresh_from_db()
    token, expires_at = waiting.offer_token, waiting.offer_expires_at

    assert services.expire_seat_offers(now=expires_at - timedelta(minutes=1)) == 0
    assert statuses(waiting) == [Status.OFFERED]
    # Too late: the link no longer works even before the job took the seat back.
    with pytest.raises(ValidationError):
        services.accept_seat_offer(token=token, user=second, now=expires_at + timedelta(seconds=1))

    later = expires_at + timedelta(minutes=5)
    mailoutbox.clear()
    with on_commit():
        assert services.expire_seat_offers(now=later) == 1
    assert statuses(waiting, last) == [Status.EXPIRED, Status.OFFERED]
    assert waiting.offer_token == ""
    assert last.offer_expires_at > later
    assert len(mail_to(mailoutbox, second)) == 1  # told the offer expired
    assert len(mail_to(mailoutbox, third)) == 1  # offered the seat
    with pytest.raises(ValidationError):
        services.accept_seat_offer(token=token, user=second, now=later)
    assert services.expire_seat_offers(now=later) == 0


@pytest.mark.django_db
def test_declining_a_seat_offer_passes_it_on(full_session, coordinator_de):
    session, (holder, second, third), (held, waiting, last) = full_session
    services.cancel_registration(registration=held, actor=coordinator_de)
    waiting.refresh_from_db()
    token = waiting.offer_token
    with pytest.raises(PermissionDenied):
        services.decline_seat_offer(token=token, user=third)
    services.decline_seat_offer(token=token, user=second)
    assert statuses(waiting, last) == [Status.CANCELLED, Status.OFFERED]
    with pytest.raises(ValidationError):
        services.decline_seat_offer(token=token, user=second)


@pytest.mark.django_db
def test_a_seat_offer_can_be_declined_after_the_cancellation_deadline(
    make_session, make_people, coordinator_de
):
    now = timezone.now()
    session = make_session(
        capacity=1,
        starts_at=now + timedelta(days=3),
        cancellation_deadline=now + timedelta(days=2),
    )
    holder, waiting = make_people(2)
    held = services.register(session=session, user=holder, now=now)
    offered = services.register(session=session, user=waiting, now=now)
    later = now + timedelta(days=2, hours=12)  # past the deadline, before the start
    services.cancel_registration(registration=held, actor=coordinator_de, now=later)
    offered.refresh_from_db()
    assert offered.status == Status.OFFERED
    services.decline_seat_offer(token=offered.offer_token, user=waiting, now=later)
    assert statuses(offered) == [Status.CANCELLED]


@pytest.mark.django_db
def test_after_the_cancellation_deadline_only_a_coordinator_can_cancel(
    make_session, innovator, coordinator_de, mailoutbox, on_commit
):
    now = timezone.now()
    session = make_session(
        starts_at=now + timedelta(days=5), cancellation_deadline=now + timedelta(days=3)
    )
    registration = services.register(session=session, user=innovator)
    late = now + timedelta(days=3, minutes=1)
    assert services.can_cancel(registration, now)
    assert not services.can_cancel(registration, late)
    with pytest.raises(ValidationError):
        services.cancel_registration(registration=registration, actor=innovator, now=late)
    assert statuses(registration) == [Status.CONFIRMED]

    with on_commit():
        services.cancel_registration(registration=registration, actor=coordinator_de, now=late)
    assert statuses(registration) == [Status.CANCELLED]
    assert [m.to for m in mailoutbox] == [[innovator.email]]  # told by the coordinator's cancel
    with pytest.raises(ValidationError):  # nothing left to cancel
        services.cancel_registration(registration=registration, actor=coordinator_de, now=late)


@pytest.mark.django_db
def test_registrations_needing_approval_wait_for_a_coordinator(
    make_session, make_people, coordinator_de, coordinator_nl, mailoutbox, on_commit
):
    session = make_session(capacity=1, needs_approval=True)
    first, second, third = make_people(3)
    with on_commit():
        pending = [services.register(session=session, user=p) for p in (first, second, third)]
    assert [r.status for r in pending] == [Status.PENDING] * 3
    assert services.free_seats(session) == 1  # awaiting approval holds no seat
    assert len(mail_to(mailoutbox, coordinator_de)) == 3
    assert mail_to(mailoutbox, coordinator_nl) == []
    assert len(mail_to(mailoutbox, first)) == 1  # "received"

    mailoutbox.clear()
    with on_commit():
        services.decide_registration(registration=pending[0], actor=coordinator_de, approve=True)
        services.decide_registration(registration=pending[1], actor=coordinator_de, approve=True)
        services.decide_registration(registration=pending[2], actor=coordinator_de, approve=False)
    assert statuses(*pending) == [Status.CONFIRMED, Status.WAITING, Status.DECLINED]
    assert services.waiting_position(pending[1]) == 1
    [confirmed] = mail_to(mailoutbox, first)
    assert len(confirmed.attachments) == 1
    assert len(mail_to(mailoutbox, second)) == len(mail_to(mailoutbox, third)) == 1
    with pytest.raises(ValidationError):
        services.decide_registration(registration=pending[2], actor=coordinator_de, approve=True)

    # The seat freed goes to the approved person waiting, not to a new registration.
    services.cancel_registration(registration=pending[0], actor=first)
    assert statuses(pending[1]) == [Status.OFFERED]


@pytest.mark.django_db
def test_cancelling_a_session_tells_everyone_still_registered(
    full_session, make_people, coordinator_de, mailoutbox, on_commit
):
    session, (holder, second, third), (held, waiting, last) = full_session
    services.cancel_registration(registration=last, actor=third)
    with on_commit():
        services.cancel_session(session=session, actor=coordinator_de, reason="The trainer is ill.")
    session.refresh_from_db()
    assert (session.status, session.cancellation_reason) == (
        SessionStatus.CANCELLED,
        "The trainer is ill.",
    )
    assert statuses(held, waiting) == [Status.CANCELLED, Status.CANCELLED]
    assert sorted(m.to[0] for m in mailoutbox) == sorted([holder.email, second.email])
    assert all("The trainer is ill." in m.body for m in mailoutbox)

    mailoutbox.clear()
    with on_commit():
        services.cancel_session(session=session, actor=coordinator_de, reason="Again")
    assert mailoutbox == []
    with pytest.raises(ValidationError):
        services.register(session=session, user=make_people(1)[0])


# --- Changing a session ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_session_cannot_get_fewer_seats_than_are_taken(make_session, make_people, coordinator_de):
    session = make_session(capacity=2)
    for person in make_people(3):
        services.register(session=session, user=person)
    with pytest.raises(ValidationError) as raised:
        services.update_session(session=session, actor=coordinator_de, values={"capacity": 1})
    assert "capacity" in raised.value.message_dict
    session.refresh_from_db()
    assert session.capacity == 2
    # As many seats as are taken is fine: the person waiting keeps waiting.
    services.update_session(session=session, actor=coordinator_de, values={"capacity": 2})
    assert session.registrations.filter(status=Status.WAITING).count() == 1


@pytest.mark.django_db
def test_more_seats_are_offered_to_the_people_waiting(
    make_session, make_people, coordinator_de, mailoutbox, on_commit
):
    session = make_session(capacity=1)
    people = make_people(4)
    registrations = [services.register(session=session, user=person) for person in people]
    with on_commit():
        services.update_session(session=session, actor=coordinator_de, values={"capacity": 3})
    assert statuses(*registrations) == [
        Status.CONFIRMED,
        Status.OFFERED,
        Status.OFFERED,
        Status.WAITING,
    ]
    assert [len(mail_to(mailoutbox, person)) for person in people] == [0, 1, 1, 0]


@pytest.mark.django_db
def test_a_coordinator_moves_people_in_the_waiting_list(make_session, make_people, coordinator_de):
    session = make_session(capacity=1)
    held, first, second, third = (
        services.register(session=session, user=person) for person in make_people(4)
    )

    def order():
        return list(session.registrations.waiting())

    services.move_in_waiting_list(registration=third, actor=coordinator_de, up=True)
    assert order() == [first, third, second]
    services.move_in_waiting_list(registration=third, actor=coordinator_de, up=True)
    assert order() == [third, first, second]
    services.move_in_waiting_list(registration=third, actor=coordinator_de, up=True)  # first
    services.move_in_waiting_list(registration=second, actor=coordinator_de, up=False)  # last
    assert order() == [third, first, second]
    assert [services.waiting_position(r) for r in order()] == [1, 2, 3]
    with pytest.raises(ValidationError):
        services.move_in_waiting_list(registration=held, actor=coordinator_de, up=True)

    # The order decides who is offered the next seat.
    services.cancel_registration(registration=held, actor=coordinator_de)
    assert statuses(third, first) == [Status.OFFERED, Status.WAITING]
    # A newcomer still queues behind everyone.
    newcomer = services.register(session=session, user=UserFactory())
    assert services.waiting_position(newcomer) == 3


# --- During and after ------------------------------------------------------------------------


@pytest.mark.django_db
def test_attendance_is_marked_for_confirmed_participants_only(full_session, coordinator_de):
    session, people, (held, waiting, last) = full_session
    services.mark_attendance(registration=held, actor=coordinator_de, attended=True)
    held.refresh_from_db()
    assert held.attended is True and held.checked_in_at is not None
    services.mark_attendance(registration=held, actor=coordinator_de, attended=False)
    held.refresh_from_db()
    assert held.attended is False and held.checked_in_at is None
    with pytest.raises(ValidationError):
        services.mark_attendance(registration=waiting, actor=coordinator_de, attended=True)
    waiting.refresh_from_db()
    assert waiting.attended is None


@pytest.mark.django_db
def test_reminders_go_once_to_confirmed_participants(
    make_session, make_people, coordinator_de, mailoutbox, on_commit
):
    now = timezone.now()
    tomorrow = make_session(capacity=1, starts_at=now + timedelta(hours=12))
    later = make_session(starts_at=now + timedelta(days=3))
    cancelled = make_session(starts_at=now + timedelta(hours=6))
    confirmed, waiting, other, uninvited = make_people(4)
    services.register(session=tomorrow, user=confirmed)
    services.register(session=tomorrow, user=waiting)
    services.register(session=later, user=other)
    services.register(session=cancelled, user=uninvited)
    services.cancel_session(session=cancelled, actor=coordinator_de, reason="")

    mailoutbox.clear()
    with on_commit():
        assert services.send_reminders(now=now) == 1
    assert [m.to for m in mailoutbox] == [[confirmed.email]]
    tomorrow.refresh_from_db()
    assert tomorrow.reminders_sent_at == now
    with on_commit():
        assert services.send_reminders(now=now + timedelta(hours=1)) == 0
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_answers_are_purged_once_the_keeping_time_is_over(make_session, make_people, settings):
    now = timezone.now()
    kept_days = settings.TRAINING_ANSWERS_KEPT_DAYS
    old = make_session(starts_at=now - timedelta(days=kept_days + 1), questions=["dietary"])
    recent = make_session(starts_at=now - timedelta(days=kept_days - 1), questions=["dietary"])
    early, late = make_people(2)
    for session in (old, recent):
        for person in (early, late):
            services.register(
                session=session,
                user=person,
                answers={"dietary": "vegan"},
                now=session.starts_at - timedelta(days=1),
            )

    assert services.purge_answers(now=now) == 1
    assert list(old.registrations.values_list("answers", flat=True)) == [{}, {}]
    assert (
        list(recent.registrations.values_list("answers", flat=True)) == [{"dietary": "vegan"}] * 2
    )
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.answers_purged_at == now and recent.answers_purged_at is None
    assert services.purge_answers(now=now) == 0


# --- The rules of a session --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change,field",
    [
        ({"ends_at": -1}, "ends_at"),
        ({"ends_at": 0}, "ends_at"),
        ({"registration_opens_at": 1, "registration_closes_at": -24}, "registration_opens_at"),
        ({"registration_opens_at": 2}, "registration_opens_at"),
        ({"registration_closes_at": 1}, "registration_closes_at"),
        ({"cancellation_deadline": 1}, "cancellation_deadline"),
        ({"questions": ["shoe_size"]}, "questions"),
    ],
)
def test_an_inconsistent_session_is_refused(offer, change, field):
    """``change``: hours after the start (or the questions)."""
    starts_at = timezone.now() + timedelta(days=10)
    values = session_values(starts_at=starts_at)
    for name, hours in change.items():
        values[name] = hours if name == "questions" else starts_at + timedelta(hours=hours)
    with pytest.raises(ValidationError) as raised:
        Session(offer=offer, **values).full_clean()
    assert field in raised.value.message_dict


@pytest.mark.django_db
def test_a_consistent_session_is_accepted(offer):
    starts_at = timezone.now() + timedelta(days=10)
    values = session_values(
        starts_at=starts_at,
        registration_opens_at=starts_at - timedelta(days=5),
        registration_closes_at=starts_at - timedelta(days=1),
        cancellation_deadline=starts_at - timedelta(days=2),
        questions=["dietary", "accessibility"],
    )
    Session(offer=offer, **values).full_clean()  # no error


def test_seat_offers_are_shorter_close_to_the_start(settings):
    now = timezone.now()

    def lifetime(hours_left):
        return seat_offer_lifetime(Session(starts_at=now + timedelta(hours=hours_left)), now)

    assert lifetime(24 * 10) == timedelta(hours=24)
    assert lifetime(48) == timedelta(hours=24)
    assert lifetime(10) == timedelta(hours=5)
    assert lifetime(1) == timedelta(hours=1)  # half would be 30 minutes
    settings.TRAINING_SEAT_OFFER_HOURS = 6
    assert lifetime(24 * 10) == timedelta(hours=6)


@pytest.mark.django_db
def test_a_seat_freed_close_to_the_start_is_held_for_half_the_time_left(
    make_session, make_people, coordinator_de
):
    now = timezone.now()
    session = make_session(capacity=1, starts_at=now + timedelta(hours=6))
    held, waiting = (services.register(session=session, user=p) for p in make_people(2))
    services.cancel_registration(registration=held, actor=coordinator_de, now=now)
    waiting.refresh_from_db()
    assert waiting.offer_expires_at == now + timedelta(hours=3)
