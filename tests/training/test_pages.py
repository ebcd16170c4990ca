"""The training pages: the faceted list, a session and registering, the person's pages,
the coordinators' pages. Real templates, real database."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from training import services
from training.models import Offer, Registration, RegistrationStatus, Session

from ..factories import MembershipFactory, OrganisationFactory, UserFactory
from .sample import offer_values, session_values, training_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(reference_data, coordinator_de, innovator):
    offer, session = training_world(coordinator_de, innovator)
    return {"offer": offer, "session": session}


def listed(response):
    return [offer.title_en for offer in response.context["page"].object_list]


def test_the_list_shows_offers_to_come_with_facet_counts(client, world, coordinator_de):
    past_offer = services.create_offer(
        author=coordinator_de,
        values=offer_values(coordinator_de.centre, title_en="Last year's conference"),
    )
    services.publish_offer(offer=past_offer, actor=coordinator_de)
    started = timezone.now() - timedelta(days=30)
    services.create_session(
        offer=past_offer,
        actor=coordinator_de,
        values=session_values(starts_at=started, ends_at=started + timedelta(hours=2)),
    )
    draft = offer_values(coordinator_de.centre, title_en="Unpublished draft")
    services.create_offer(author=coordinator_de, values=draft)

    response = client.get("/en/training/")
    assert response.status_code == 200
    assert listed(response) == ["Impact measurement workshop"]
    kinds = {name: options for name, _label, options in response.context["facets"]}["kind"]
    assert ("workshop", "Workshop", 1, False) in kinds
    assert "Berlin" in response.text  # the session's region, on the card

    archive = client.get("/en/training/archive/")
    assert listed(archive) == ["Last year's conference"]


def test_filters_and_htmx_answer_with_the_list_only(client, world):
    month = world["session"].starts_at.astimezone(timezone.get_current_timezone())
    month = f"{month:%Y-%m}"
    assert listed(client.get(f"/en/training/?month={month}&seats=free")) == [
        "Impact measurement workshop"
    ]
    assert listed(client.get("/en/training/?kind=webinar")) == []
    partial = client.get("/en/training/?kind=workshop", headers={"HX-Request": "true"})
    assert "<html" not in partial.text
    assert 'id="training"' in partial.text


def test_a_wrong_filter_is_explained_and_left_out(client, world):
    response = client.get("/en/training/?month=2027-13&region=XX9")
    assert response.status_code == 200
    assert "is not a month" in response.text
    assert "There is no region with the code" in response.text
    assert listed(response) == ["Impact measurement workshop"]


def test_the_list_speaks_the_readers_language(client, world):
    response = client.get("/de/training/")
    assert "Bevorstehend" in response.text or response.status_code == 200
    assert response.context["LANGUAGE_CODE"] == "de"


def test_the_closed_address_and_link_are_for_confirmed_participants_only(
    client, world, innovator, other_innovator
):
    session = world["session"]
    Session.objects.filter(pk=session.pk).update(closed_event=True)
    url = f"/en/training/sessions/{session.pk}/"
    anonymous = client.get(url).text
    assert "Musterstraße 5" not in anonymous
    assert "meet.example.org" not in anonymous
    client.force_login(other_innovator)
    assert "meet.example.org" not in client.get(url).text
    client.force_login(innovator)
    mine = client.get(url).text
    assert "Musterstraße 5" in mine
    assert "meet.example.org/impact" in mine

    ics = client.get(f"/en/training/sessions/{session.pk}/calendar.ics")
    assert ics["Content-Type"] == "text/calendar"
    event = Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert "meet.example.org" in str(event["LOCATION"])
    client.logout()
    public = Calendar.from_ical(
        client.get(f"/en/training/sessions/{session.pk}/calendar.ics").content
    )
    assert "meet.example.org" not in str(public.walk("VEVENT")[0].get("LOCATION", ""))


def test_registering_in_the_browser_then_the_waiting_list(
    client, world, other_innovator, mailoutbox, django_capture_on_commit_callbacks
):
    session = world["session"]
    client.force_login(other_innovator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/training/sessions/{session.pk}/register/",
            {"dietary": " no nuts ", "accessibility": ""},
            follow=True,
        )
    assert "You are registered" in response.text
    registration = Registration.objects.get(session=session, user=other_innovator)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.answers == {"dietary": "no nuts"}
    assert mailoutbox[-1].attachments[0][0].endswith(".ics")

    third = UserFactory()
    client.force_login(third)
    response = client.post(f"/en/training/sessions/{session.pk}/register/", {}, follow=True)
    assert "you are on the waiting list" in response.text
    assert "number 1 on the waiting list" in response.text


def test_a_refused_registration_keeps_what_was_typed(client, world, innovator):
    client.force_login(innovator)  # already registered
    response = client.post(
        f"/en/training/sessions/{world['session'].pk}/register/", {"dietary": "gluten-free"}
    )
    assert response.status_code == 400
    assert "You are already registered for this session." in response.text


def test_a_closed_registration_is_explained(client, world, other_innovator):
    session = world["session"]
    Session.objects.filter(pk=session.pk).update(
        registration_closes_at=timezone.now() - timedelta(minutes=1)
    )
    client.force_login(other_innovator)
    page = client.get(f"/en/training/sessions/{session.pk}/")
    assert "Registration for this session has closed." in page.text
    response = client.post(f"/en/training/sessions/{session.pk}/register/", {"dietary": "x"})
    assert response.status_code == 400
    assert "Registration for this session has closed." in response.text


def test_cancelling_gives_the_seat_to_the_next_person_who_takes_it(
    client, world, innovator, other_innovator, mailoutbox, django_capture_on_commit_callbacks
):
    session = world["session"]
    services.register(session=session, user=other_innovator)
    waiting = UserFactory()
    services.register(session=session, user=waiting)
    client.force_login(innovator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/training/sessions/{session.pk}/cancel/", follow=True)
    assert "Your registration has been cancelled." in response.text
    offered = Registration.objects.get(user=waiting, session=session)
    assert offered.status == RegistrationStatus.OFFERED
    assert f"/training/seat/{offered.offer_token}/" in mailoutbox[-1].body

    client.force_login(other_innovator)
    assert client.get(f"/en/training/seat/{offered.offer_token}/").status_code == 403
    client.force_login(waiting)
    token = offered.offer_token
    page = client.get(f"/en/training/seat/{token}/")
    assert page.status_code == 200
    assert "Take the seat" in page.text
    response = client.post(
        f"/en/training/seat/{offered.offer_token}/", {"answer": "accept"}, follow=True
    )
    assert "The seat is yours." in response.text
    offered.refresh_from_db()
    assert offered.status == RegistrationStatus.CONFIRMED
    gone = client.get(f"/en/training/seat/{token}/")
    assert gone.status_code == 410


def test_my_page_and_the_calendar_feed(client, world, innovator):
    client.force_login(innovator)
    page = client.get("/en/training/mine/")
    assert "Impact measurement workshop" in page.text
    client.post("/en/training/calendar/", {"action": "renew"})
    token = innovator.training_calendar.token
    client.logout()
    feed = client.get(f"/en/training/calendar/{token}.ics")
    assert feed.status_code == 200
    events = Calendar.from_ical(feed.content).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Impact measurement workshop"]

    client.force_login(innovator)
    client.post("/en/training/calendar/", {"action": "renew"})
    client.logout()
    assert client.get(f"/en/training/calendar/{token}.ics").status_code == 404
    client.force_login(innovator)
    client.post("/en/training/calendar/", {"action": "stop"})
    assert not type(innovator).objects.get(pk=innovator.pk).__dict__.get("training_calendar")


def test_an_organisation_member_proposes_an_offer_a_coordinator_publishes(
    client, reference_data, coordinator_de, mailoutbox, django_capture_on_commit_callbacks
):
    member = UserFactory(language="de")
    organisation = OrganisationFactory(country="DE", name="Werkstatt")
    MembershipFactory(organisation=organisation, user=member)
    client.force_login(member)
    data = {
        "kind": "coaching",
        "format": "online",
        "audiences": ["innovators"],
        "languages": ["de"],
        "centre": coordinator_de.centre.pk,
        "provider": organisation.pk,
        "original_language": "de",
        "title_de": "Coaching für Gründerinnen",
        "summary_de": "Eins zu eins.",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/de/training/new/", data, follow=True)
    offer = Offer.objects.get(title_de="Coaching für Gründerinnen")
    assert offer.status == "proposed"
    assert coordinator_de.email in [m.to[0] for m in mailoutbox]
    client.force_login(coordinator_de)
    client.post(f"/en/training/{offer.slug}/publish/")
    offer.refresh_from_db()
    assert offer.status == "published"
    assert response.status_code == 200


def test_the_offer_form_names_what_is_missing_and_keeps_the_rest(client, coordinator_de):
    client.force_login(coordinator_de)
    response = client.post(
        "/en/training/new/",
        {"kind": "webinar", "original_language": "en", "summary_en": "Kept text"},
    )
    assert response.status_code == 200
    assert "Give the offer a title in the language it is written in." in response.text
    assert "Kept text" in response.text
    assert not Offer.objects.exists()


def test_session_times_are_read_in_the_sessions_time_zone(client, world, coordinator_de):
    offer = world["offer"]
    client.force_login(coordinator_de)
    data = {
        "time_zone": "Europe/Tallinn",
        "starts_at": "2031-03-10T10:00",
        "ends_at": "2031-03-10T12:00",
        "address": "Lossi 1, Tallinn",
        "online_url": "https://meet.example.org/x",
        "capacity": "10",
    }
    response = client.post(f"/en/training/{offer.slug}/sessions/new/", data)
    assert response.status_code == 302
    session = offer.sessions.get(starts_at__year=2031)
    assert session.starts_at.isoformat() == "2031-03-10T08:00:00+00:00"  # 10:00 in Tallinn

    bad = client.post(
        f"/en/training/{offer.slug}/sessions/new/", {**data, "ends_at": "2031-03-10T09:00"}
    )
    assert "A session has to end after it starts." in bad.text
    assert 'value="Lossi 1, Tallinn"' in bad.text or "Lossi 1, Tallinn" in bad.text


def test_fewer_seats_than_taken_are_refused(client, world, coordinator_de):
    session = world["session"]
    client.force_login(coordinator_de)
    form = client.get(f"/en/training/sessions/{session.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data = {
        **{
            k: (v.strftime("%Y-%m-%dT%H:%M") if hasattr(v, "strftime") else v)
            for k, v in data.items()
        },
        "capacity": "0",
        "region": "DE300",
    }
    data.pop("questions", None)
    response = client.post(f"/en/training/sessions/{session.pk}/edit/", data)
    assert response.status_code == 200
    assert "seat" in " ".join(response.context["form"].errors.get("capacity", []))


def test_participants_answers_and_attendance(client, world, coordinator_de, innovator):
    session = world["session"]
    url = f"/en/training/sessions/{session.pk}/participants/"
    client.force_login(innovator)
    assert client.get(url).status_code == 403
    client.force_login(coordinator_de)
    page = client.get(url)
    assert "vegan" in page.text
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(url.replace("/participants/", "/participants.csv")).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert rows[1][1] == innovator.email
    assert "vegan" in rows[1]

    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(hours=1), ends_at=timezone.now() + timedelta(hours=1)
    )
    registration = Registration.objects.get(session=session, user=innovator)
    client.post(f"/en/training/registrations/{registration.pk}/present/")
    registration.refresh_from_db()
    assert registration.attended is True


def test_the_trainer_sees_participants_but_not_their_answers(client, world, innovator):
    trainer = UserFactory()
    Offer.objects.filter(pk=world["offer"].pk).update(trainer=trainer)
    client.force_login(trainer)
    page = client.get(f"/en/training/sessions/{world['session'].pk}/participants/")
    assert page.status_code == 200
    assert innovator.email in page.text
    assert "vegan" not in page.text


def test_a_draft_offer_is_hidden(client, reference_data, coordinator_de):
    offer = services.create_offer(author=coordinator_de, values=offer_values(coordinator_de.centre))
    assert client.get(f"/en/training/{offer.slug}/").status_code == 404
    client.force_login(coordinator_de)
    assert client.get(f"/en/training/{offer.slug}/").status_code == 200


def test_cancelling_a_session_tells_everyone(
    client, world, coordinator_de, innovator, mailoutbox, django_capture_on_commit_callbacks
):
    session = world["session"]
    client.force_login(coordinator_de)
    empty = client.post(f"/en/training/sessions/{session.pk}/cancel-session/", {"reason": ""})
    assert empty.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/en/training/sessions/{session.pk}/cancel-session/", {"reason": "Trainer ill."}
        )
    session.refresh_from_db()
    assert session.is_cancelled
    assert "Trainer ill." in mailoutbox[-1].body
    assert mailoutbox[-1].to == [innovator.email]


def test_checking_in_by_the_qr_codes_address(client, world, coordinator_de, innovator):
    session = world["session"]
    registration = Registration.objects.get(session=session, user=innovator)
    client.force_login(innovator)
    page = client.get(f"/en/training/sessions/{session.pk}/")
    assert 'class="segno"' in page.text  # the QR code, inline
    url = f"/en/training/check-in/{registration.check_in_code}/"
    ticket = client.get(url)
    assert ticket.status_code == 200
    assert "Show this code at the door" in ticket.text
    client.post(url)  # the participant cannot check themselves in
    registration.refresh_from_db()
    assert registration.attended is None

    stranger = UserFactory()
    client.force_login(stranger)
    assert client.get(url).status_code == 403

    client.force_login(coordinator_de)
    assert "Check in" in client.get(url).text
    client.post(url)
    registration.refresh_from_db()
    assert registration.attended is True
    assert "checked in at" in client.get(url).text


def test_feedback_after_the_session_is_anonymous_to_the_trainer(
    client, world, innovator, coordinator_de, mailoutbox, django_capture_on_commit_callbacks
):
    session = world["session"]
    url = f"/en/training/sessions/{session.pk}/feedback/"
    client.force_login(innovator)
    assert "once the session has taken place" in client.get(url).text
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_feedback_requests() == 1
    assert services.send_feedback_requests() == 0  # once
    assert url in mailoutbox[-1].body
    assert "Give feedback" in client.get("/en/training/mine/").text

    bad = client.post(url, {"rating": "9", "comment": "Kept words"})
    assert bad.status_code == 200
    assert "Kept words" in bad.text
    response = client.post(
        url, {"rating": "4", "usefulness": "5", "comment": "More examples, please."}, follow=True
    )
    assert "Thank you for your feedback." in response.text
    again = client.post(url, {"rating": "1", "usefulness": "1"}, follow=True)
    assert "already given your feedback" in again.text

    trainer = UserFactory()
    Offer.objects.filter(pk=world["offer"].pk).update(trainer=trainer)
    client.force_login(trainer)
    assert "More examples, please." not in client.get(world["offer"].get_absolute_url()).text
    client.force_login(coordinator_de)
    summary = client.get(world["offer"].get_absolute_url()).text
    assert "More examples, please." in summary
    assert "1 response: overall 4.0 of 5, usefulness 5.0 of 5." in summary
    assert innovator.email not in summary


def test_a_changed_time_is_sent_with_the_new_calendar_entry(
    world, coordinator_de, innovator, mailoutbox, django_capture_on_commit_callbacks
):
    session = world["session"]
    later = session.starts_at + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_session(
            session=session,
            actor=coordinator_de,
            values={"starts_at": later, "ends_at": later + timedelta(hours=3)},
        )
    message = mailoutbox[-1]
    assert message.to == [innovator.email]
    assert "changed the time or place" in message.body
    event = Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == later
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_session(session=session, actor=coordinator_de, values={"capacity": 5})
    assert mailoutbox == []  # more seats: nothing to tell the participants


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from training.filters import training_changed

    training_changed()  # counts computed afresh, as after any change
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def _more_offers(coordinator, count):
    for n in range(count):
        offer = services.create_offer(
            author=coordinator,
            values=offer_values(coordinator.centre, title_en=f"Extra offer {n}"),
        )
        services.publish_offer(offer=offer, actor=coordinator)
        for days in (3, 5):
            starts = timezone.now() + timedelta(days=days + n)
            services.create_session(
                offer=offer,
                actor=coordinator,
                values=session_values(starts_at=starts, ends_at=starts + timedelta(hours=2)),
            )


def test_the_lists_queries_do_not_grow_with_its_offers(client, world, coordinator_de):
    _more_offers(coordinator_de, 1)
    client.get("/en/training/")  # the vocabularies' labels are cached once per process
    few = _queries(client, "/en/training/?kind=workshop")
    _more_offers(coordinator_de, 6)
    assert _queries(client, "/en/training/?kind=workshop") == few


def test_the_offer_pages_queries_do_not_grow_with_its_sessions(
    client, world, coordinator_de, innovator
):
    offer = world["offer"]
    client.force_login(innovator)
    client.get(offer.get_absolute_url())
    few = _queries(client, offer.get_absolute_url())
    for days in (20, 21, 22, 23):
        starts = timezone.now() + timedelta(days=days)
        session = services.create_session(
            offer=offer,
            actor=coordinator_de,
            values=session_values(starts_at=starts, ends_at=starts + timedelta(hours=2)),
        )
        services.register(session=session, user=UserFactory())
    assert _queries(client, offer.get_absolute_url()) == few


def test_times_are_also_given_in_the_readers_zone(client, world):
    from zoneinfo import ZoneInfo

    session = world["session"]
    session.starts_at = timezone.datetime(2027, 1, 12, 8, 30, tzinfo=ZoneInfo("UTC"))
    session.ends_at = session.starts_at + timedelta(hours=2)
    session.save(update_fields=["starts_at", "ends_at"])
    url = f"/en/training/sessions/{session.pk}/"

    # A reader in Tallinn: Berlin's 09:30 is 10:30 there.
    client.cookies["ncc_tz"] = "Europe%2FTallinn"
    html = client.get(url).content.decode()
    assert "(Europe/Berlin)" in html
    assert "09:30–11:30" in html
    assert "10:30–12:30 your time (Europe/Tallinn)" in html

    # In the session's own zone, or with a zone that does not exist, nothing is added.
    for zone in ["Europe%2FBerlin", "Mars%2FOlympus", "..%2F..%2Fetc%2Fpasswd"]:
        client.cookies["ncc_tz"] = zone
        assert "your time" not in client.get(url).content.decode(), zone
