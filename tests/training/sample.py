"""A published offer with a session, made through the services, for page and browser tests."""

from datetime import timedelta

from django.utils import timezone

from training import services


def offer_values(centre, **overrides):
    values = {
        "centre": centre,
        "kind": "workshop",
        "format": "hybrid",
        "audiences": ["innovators"],
        "languages": ["de", "en"],
        "original_language": "en",
        "title_en": "Impact measurement workshop",
        "summary_en": "Measure what matters, in one afternoon.",
        "description_en": "We work on your own indicators.",
    }
    values.update(overrides)
    return values


def session_values(**overrides):
    starts = timezone.now().replace(microsecond=0) + timedelta(days=14)
    values = {
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=3),
        "time_zone": "Europe/Berlin",
        "venue": "Werkhaus",
        "address": "Musterstraße 5\n10115 Berlin",
        "region_id": "DE300",
        "online_url": "https://meet.example.org/impact",
        "capacity": 2,
        "questions": ["dietary", "accessibility"],
    }
    values.update(overrides)
    return values


def training_world(coordinator, participant=None, **session_overrides):
    """A published offer of the coordinator's centre and a session of it; ``participant``
    registered for it (with an answer)."""
    offer = services.create_offer(author=coordinator, values=offer_values(coordinator.centre))
    offer = services.publish_offer(offer=offer, actor=coordinator)
    session = services.create_session(
        offer=offer, actor=coordinator, values=session_values(**session_overrides)
    )
    if participant is not None:
        services.register(session=session, user=participant, answers={"dietary": "vegan"})
    return offer, session


def past_attendance(offer, coordinator, participant):
    """A session of ``offer`` a week ago that ``participant`` attended: their registration."""
    starts = timezone.now().replace(microsecond=0) - timedelta(days=7)
    session = services.create_session(
        offer=offer,
        actor=coordinator,
        values=session_values(starts_at=starts, ends_at=starts + timedelta(hours=2)),
    )
    registration = services.register(
        session=session, user=participant, now=starts - timedelta(days=1)
    )
    return services.mark_attendance(registration=registration, actor=coordinator, attended=True)
