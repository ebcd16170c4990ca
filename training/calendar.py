"""Sessions as iCalendar (RFC 5545): one event per session, for downloads, the confirmation
email and a person's calendar feed."""

from urllib.parse import urlsplit

from django.utils import timezone
from icalendar import Calendar, Event

from ncc_portal.siteaddress import site_url

from .models import SessionStatus


def _location(session, private):
    """Where it takes place. The exact address and the online link only for ``private`` (a
    confirmed participant) when the session is a closed event, or the link is at stake."""
    parts = [session.venue] if session.venue else []
    if session.address and (private or not session.closed_event):
        parts.append(" ".join(session.address.split()))
    elif session.region_id:
        parts.append(session.region.name)
    if session.online_url and private:
        parts.append(session.online_url)
    return ", ".join(parts)


def _event(session, private):
    event = Event()
    host = urlsplit(site_url()).hostname or "ncc-portal"
    event.add("uid", f"training-session-{session.pk}@{host}")
    now = timezone.now()
    event.add("dtstamp", now)
    # Calendars replace an event of the same UID by one of a higher SEQUENCE: minutes since the
    # session was created grow with every later copy (a changed time, a cancellation).
    event.add("sequence", max(int((now - session.created_at).total_seconds() // 60), 0))
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("summary", session.offer.title)
    url = site_url() + session.get_absolute_url()
    event.add("description", f"{session.offer.summary}\n\n{url}")
    event.add("url", url)
    location = _location(session, private)
    if location:
        event.add("location", location)
    if session.status == SessionStatus.CANCELLED:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    return event


def calendar_of(sessions, *, private, name=None):
    """The iCalendar text of ``sessions``; ``private`` includes closed addresses and online
    links (for confirmed participants only)."""
    calendar = Calendar()
    calendar.add("prodid", "-//NCC Portal//Training//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    for session in sessions:
        calendar.add_component(_event(session, private))
    return calendar.to_ical().decode()


def attachment(session):
    """The session as an email attachment for a confirmed participant."""
    return (f"session-{session.pk}.ics", calendar_of([session], private=True), "text/calendar")
