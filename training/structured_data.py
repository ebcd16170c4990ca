"""The schema.org description of a session's page (``ncc_portal.structured_data``)."""

from zoneinfo import ZoneInfo

from ncc_portal.structured_data import (
    CONTEXT,
    absolute,
    organisation_reference,
    plain,
    postal_address,
    without_empty,
)

from .models import OfferFormat, OfferKind

SCHEMA = "https://schema.org/"
ATTENDANCE = {
    OfferFormat.ON_SITE: SCHEMA + "OfflineEventAttendanceMode",
    OfferFormat.ONLINE: SCHEMA + "OnlineEventAttendanceMode",
    OfferFormat.HYBRID: SCHEMA + "MixedEventAttendanceMode",
}
# Offers that are not teaching: plain events.
NOT_TEACHING = {OfferKind.AWARENESS_EVENT, OfferKind.CONFERENCE}


def session_page(session, *, private):
    """An ``EducationEvent`` (or an ``Event``) with its times in the session's zone, its place
    as the page shows it — the exact address of a closed event only when ``private`` (a
    confirmed participant or a coordinator), the online link never (a ``VirtualLocation``
    without address) — its organiser and its fee. Reads only what the page has loaded."""
    offer = session.offer
    zone = ZoneInfo(session.time_zone)
    url = absolute(session.get_absolute_url())
    return without_empty(
        {
            "@context": CONTEXT,
            "@type": "Event" if offer.kind in NOT_TEACHING else "EducationEvent",
            "name": offer.title,
            "description": plain(offer.summary),
            "url": url,
            "startDate": session.starts_at.astimezone(zone).isoformat(),
            "endDate": session.ends_at.astimezone(zone).isoformat(),
            "eventStatus": SCHEMA
            + ("EventCancelled" if session.is_cancelled else "EventScheduled"),
            "eventAttendanceMode": ATTENDANCE.get(offer.format),
            "location": _locations(session, private=private),
            "organizer": _organiser(offer),
            "offers": {
                "@type": "Offer",
                "price": offer.fee or "0",
                "priceCurrency": "EUR",
                "url": url,
            },
            "isAccessibleForFree": offer.is_free,
            "inLanguage": offer.languages,
            "maximumAttendeeCapacity": session.capacity,
        }
    )


def _locations(session, *, private):
    offer = session.offer
    locations = []
    if session.venue or session.address or session.region:
        shows_address = private or not session.closed_event
        locations.append(
            without_empty(
                {
                    "@type": "Place",
                    "name": session.venue,
                    "address": postal_address(
                        country_code=session.region.country if session.region else offer.country,
                        region=session.region,
                        street=session.address if shows_address else "",
                    ),
                }
            )
        )
    if session.online_url or offer.format != OfferFormat.ON_SITE:
        locations.append({"@type": "VirtualLocation", "name": str(OfferFormat.ONLINE.label)})
    return locations


def _organiser(offer):
    if offer.provider is not None:
        return organisation_reference(offer.provider)
    return without_empty(
        {"@type": "Organization", "name": offer.centre.name, "url": offer.centre.website}
    )
