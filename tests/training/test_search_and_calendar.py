from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone, translation
from icalendar import Calendar

from ncc_portal.models import Theme
from training import calendar, services
from training.filters import TrainingFilter, search_training
from training.models import Offer


def tokens(offer):
    offer.refresh_from_db()
    return set(offer.facet_tokens)


def next_year_at(month, day, hour, minute=0):
    return datetime(timezone.now().year + 1, month, day, hour, minute, tzinfo=UTC)


# --- The index -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_index_holds_the_offers_facets(make_offer, make_session, reference_data):
    theme = Theme.objects.get(slug="digital-inclusion")
    offer = make_offer(
        kind="webinar",
        format="online",
        languages=["de", "nl"],
        audiences=["public_sector", "trainers"],
        themes=[theme],
    )
    # 22:30 UTC on 31 March is already 1 April in Berlin (summer time) but not in London.
    late_evening = next_year_at(3, 31, 22, 30)
    make_session(offer, starts_at=late_evening, region_id="DE300")
    assert tokens(offer) == {
        "kind:webinar",
        "format:online",
        "country:DE",
        "language:de",
        "language:nl",
        "audience:public_sector",
        "audience:trainers",
        f"theme:{theme.pk}",
        f"month:{late_evening.year}-04",
        "region:DE3",
        "region:DE30",
        "region:DE300",
        "when:upcoming",
        "seats:free",
    }
    assert offer.next_start == late_evening

    make_session(offer, starts_at=late_evening, time_zone="UTC")
    assert {f"month:{late_evening.year}-03", f"month:{late_evening.year}-04"} <= tokens(offer)


@pytest.mark.django_db
def test_the_index_follows_the_seats(make_session, offer, make_people, coordinator_de):
    session = make_session(capacity=1)
    assert "seats:free" in tokens(offer)
    first, second = make_people(2)
    held = services.register(session=session, user=first)
    assert "seats:free" not in tokens(offer)
    services.register(session=session, user=second)  # waiting
    services.cancel_registration(registration=held, actor=first)
    assert "seats:free" not in tokens(offer)  # the seat is offered to the person waiting
    services.update_session(session=session, actor=coordinator_de, values={"capacity": 3})
    assert "seats:free" in tokens(offer)
    services.cancel_session(session=session, actor=coordinator_de, reason="")
    assert not any(t.startswith(("when:", "seats:", "month:")) for t in tokens(offer))
    assert offer.next_start is None


@pytest.mark.django_db
def test_the_index_knows_past_sessions_and_closed_registrations(make_offer, make_session):
    now = timezone.now()
    past = make_offer()
    make_session(past, starts_at=now - timedelta(days=7))
    assert {"when:past"} <= tokens(past)
    assert not {"when:upcoming", "seats:free"} & tokens(past)
    assert past.next_start is None
    assert past.index_valid_until is None  # nothing left for the clock to change

    closed = make_offer()
    session = make_session(
        closed, starts_at=now + timedelta(days=3), registration_closes_at=now - timedelta(hours=1)
    )
    assert "when:upcoming" in tokens(closed)
    assert "seats:free" not in closed.facet_tokens
    assert closed.index_valid_until == session.ends_at

    upcoming = make_offer()
    soon = make_session(upcoming, registration_closes_at=now + timedelta(days=2))
    make_session(upcoming, starts_at=now + timedelta(days=20))
    assert "seats:free" in tokens(upcoming)
    assert upcoming.next_start == soon.starts_at
    assert upcoming.index_valid_until == soon.registration_closes_at


@pytest.mark.django_db
def test_the_clock_rebuilds_stale_entries(offer, make_session):
    make_session()
    Offer.objects.filter(pk=offer.pk).update(
        facet_tokens=[], index_valid_until=timezone.now() - timedelta(minutes=1)
    )
    services.refresh_search_index()
    assert "seats:free" in tokens(offer)
    assert offer.index_valid_until > timezone.now()


# --- The list's facets -----------------------------------------------------------------------


@pytest.fixture
def listed(make_offer, make_session, make_people, reference_data):
    """A workshop in May with free seats, a full webinar and a workshop in June, a draft."""
    may, june = next_year_at(5, 12, 8), next_year_at(6, 9, 8)
    theme = Theme.objects.get(slug="active-ageing")
    workshop = make_offer(title_en="Bookkeeping for cooperatives", themes=[theme])
    make_session(workshop, starts_at=may)
    webinar = make_offer(kind="webinar", format="online")
    full = make_session(webinar, starts_at=june, capacity=1)
    services.register(session=full, user=make_people(1)[0])
    later = make_offer()
    make_session(later, starts_at=june + timedelta(days=1))
    make_session(make_offer(publish=False), starts_at=may)
    return workshop, webinar, later


def search(data):
    with translation.override("en"):
        base = Offer.objects.published()
        matches, counts = search_training(TrainingFilter(data, queryset=base), base, 10)
        return list(matches), counts


@pytest.mark.django_db
def test_the_list_counts_every_facet(listed):
    workshop, webinar, later = listed
    year = workshop.sessions.get().starts_at.year
    ids, counts = search({})
    assert ids == [workshop.pk, webinar.pk, later.pk]  # by the next date
    assert counts["kind"] == {"workshop": 2, "webinar": 1}
    assert counts["format"] == {"hybrid": 2, "online": 1}
    assert counts["month"] == {f"{year}-05": 1, f"{year}-06": 2}
    assert counts["seats"] == {"free": 2}
    assert counts["country"] == {"DE": 3}


@pytest.mark.django_db
def test_each_facet_is_counted_with_the_others_applied(listed):
    workshop, webinar, later = listed
    year = workshop.sessions.get().starts_at.year

    ids, counts = search({"kind": "workshop"})
    assert ids == [workshop.pk, later.pk]
    assert counts["kind"] == {"workshop": 2, "webinar": 1}  # its own facet: the others' counts
    assert counts["month"] == {f"{year}-05": 1, f"{year}-06": 1}

    ids, counts = search({"month": f"{year}-06"})
    assert ids == [webinar.pk, later.pk]
    assert counts["kind"] == {"workshop": 1, "webinar": 1}
    assert counts["month"] == {f"{year}-05": 1, f"{year}-06": 2}

    ids, counts = search({"seats": "free"})
    assert ids == [workshop.pk, later.pk]
    assert counts["kind"] == {"workshop": 2}
    assert counts["seats"] == {"free": 2}

    ids, counts = search({"kind": "webinar", "seats": "free"})
    assert ids == []
    assert counts["seats"].get("free", 0) == 0
    assert counts["kind"] == {"workshop": 2}

    ids, _counts = search({"theme": "active-ageing"})
    assert ids == [workshop.pk]
    ids, _counts = search({"q": "bookkeeping"})
    assert ids == [workshop.pk]


@pytest.mark.django_db
def test_the_counts_follow_a_seat_taken(listed, make_people):
    workshop, webinar, later = listed
    assert search({})[1]["seats"] == {"free": 2}
    session = later.sessions.get()
    for person in make_people(session.capacity):
        services.register(session=session, user=person)
    ids, counts = search({"seats": "free"})  # not the cached counts
    assert ids == [workshop.pk]
    assert counts["seats"] == {"free": 1}


# --- iCalendar -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_calendar_has_one_event_per_session(offer, make_session, coordinator_de, reference_data):
    public = make_session(online_url="")
    cancelled = make_session(starts_at=timezone.now() + timedelta(days=12))
    services.cancel_session(session=cancelled, actor=coordinator_de, reason="")
    cancelled.refresh_from_db()
    closed = make_session(closed_event=True, region_id="DE300")
    sessions = [public, cancelled, closed]

    text = calendar.calendar_of(sessions, private=False, name="My training")
    parsed = Calendar.from_ical(text)
    assert str(parsed["x-wr-calname"]) == "My training"
    events = parsed.walk("VEVENT")
    assert len(events) == 3
    assert len({str(event["uid"]) for event in events}) == 3
    assert [str(event["status"]) for event in events] == ["CONFIRMED", "CANCELLED", "CONFIRMED"]
    assert [event.decoded("dtstart") for event in events] == [
        s.starts_at.replace(microsecond=0) for s in sessions
    ]
    assert all(str(event["summary"]) == offer.title for event in events)
    locations = [str(event["location"]) for event in events]
    assert locations[0] == "Impact Hub, Rollbergstraße 28A 12053 Berlin"
    # A closed event shows where only roughly; never the online link in public.
    assert locations[2] == "Impact Hub, Berlin"
    assert "meet.example" not in text.replace("\r\n ", "")

    private = Calendar.from_ical(calendar.calendar_of([closed], private=True))
    [event] = private.walk("VEVENT")
    assert str(event["location"]) == (
        "Impact Hub, Rollbergstraße 28A 12053 Berlin, https://meet.example/impact-workshop"
    )
