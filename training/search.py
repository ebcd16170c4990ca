"""The training list's index: full-text vectors and facet tokens of each offer.

Rebuilt by ``update_search_index`` whenever what the list shows of an offer changes: its text,
its sessions, a seat taken or freed. The clock changes it too (a session ends, a registration
closes): ``index_valid_until`` says when, and ``training.refresh_search_index`` (Celery beat)
rebuilds the offers past that moment. The facet engine is the registry's (``ncc_portal.facets``).
"""

from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.utils import timezone

from ncc_portal import fulltext

from .models import SEAT_STATUSES, Offer, RegistrationStatus, Session, SessionStatus

# (field, weight): the title matters most.
WEIGHTED_FIELDS = [("title", "A"), ("summary", "B"), ("description", "C"), ("prerequisites", "D")]

index = fulltext.SearchIndex(
    "training", "training.Offer", WEIGHTED_FIELDS, original_field="original_language"
)


def facet_tokens(offer, sessions, now):
    """The facet values of ``offer`` as ``"<facet>:<value>"`` strings. ``sessions``: its
    scheduled sessions, each annotated with ``seats_taken``. Month, region and free seats come
    from the sessions; ``when:upcoming`` and ``when:past`` say whether it has sessions to come
    and sessions that took place (the list and the archive)."""
    tokens = {
        f"kind:{offer.kind}",
        f"format:{offer.format}",
        f"country:{offer.centre.country}",
    }
    tokens.update(f"language:{code}" for code in offer.languages)
    tokens.update(f"audience:{code}" for code in offer.audiences)
    tokens.update(f"theme:{theme.pk}" for theme in offer.themes.all())
    for session in sessions:
        local_start = session.starts_at.astimezone(ZoneInfo(session.time_zone))
        tokens.add(f"month:{local_start:%Y-%m}")
        if session.region_id:
            code = session.region_id
            tokens.update(f"region:{code[:length]}" for length in range(3, len(code) + 1))
        if session.ends_at >= now:
            tokens.add("when:upcoming")
            if session.seats_taken < session.capacity and now < session.registration_closes():
                tokens.add("seats:free")
        else:
            tokens.add("when:past")
    return sorted(tokens)


def _clock_changes(sessions, now):
    """The next moment at which the clock alone changes the tokens of these sessions."""
    moments = []
    for session in sessions:
        moments += [m for m in (session.ends_at, session.registration_closes()) if m > now]
    return min(moments, default=None)


def update_search_index(queryset, batch_size=200, *, text=True):
    """Rebuild the facet tokens, next start and full-text index of ``queryset``'s offers;
    ``text=False`` leaves the full-text index (for changes of sessions and seats, which happen
    under a session's lock and must be quick). Returns how many offers were indexed."""
    now = timezone.now()
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        batch = Offer.objects.filter(pk__in=ids[start : start + batch_size])
        offers = list(
            batch.only("pk", "kind", "format", "languages", "audiences", "centre__country")
            .select_related("centre")
            .prefetch_related("themes")
        )
        sessions = {}
        scheduled = (
            Session.objects.filter(offer__in=batch, status=SessionStatus.SCHEDULED)
            .annotate(
                seats_taken=Count(
                    "registrations",
                    filter=Q(
                        registrations__status__in=[
                            RegistrationStatus.CONFIRMED,
                            RegistrationStatus.OFFERED,
                        ]
                    ),
                )
            )
            .order_by("starts_at")
        )
        for session in scheduled:
            sessions.setdefault(session.offer_id, []).append(session)
        for offer in offers:
            own = sessions.get(offer.pk, [])
            offer.facet_tokens = facet_tokens(offer, own, now)
            upcoming = [s for s in own if s.ends_at >= now]
            offer.next_start = upcoming[0].starts_at if upcoming else None
            offer.index_valid_until = _clock_changes(own, now)
        Offer.objects.bulk_update(offers, ["facet_tokens", "next_start", "index_valid_until"])
    if text:
        index.update(ids=ids)
    return len(ids)


def update_seat_token(offer_id):
    """After a seat is taken or freed only ``seats:free`` can change: a quick update of that
    token alone (three queries), for the services that run under a session's lock."""
    now = timezone.now()
    # The offer's row is locked first: changes of two sessions of one offer at the same time
    # take turns here, and the later one counts the seats the earlier one committed.
    offer = Offer.objects.select_for_update().only("facet_tokens").get(pk=offer_id)
    sessions = (
        Session.objects.filter(offer_id=offer_id, status=SessionStatus.SCHEDULED, ends_at__gte=now)
        .annotate(
            seats_taken=Count(
                "registrations",
                filter=Q(registrations__status__in=SEAT_STATUSES),
            )
        )
        .only("capacity", "starts_at", "registration_closes_at")
    )
    free = any(s.seats_taken < s.capacity and now < s.registration_closes() for s in sessions)
    tokens = set(offer.facet_tokens)
    if ("seats:free" in tokens) != free:
        tokens.symmetric_difference_update({"seats:free"})
        Offer.objects.filter(pk=offer_id).update(facet_tokens=sorted(tokens))


def search(queryset, text, language):
    return fulltext.search(queryset, text, language, index)
