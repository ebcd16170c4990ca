"""Demo training offers: each centre's courses, webinars, advice and events, with sessions to come
(one of them full, with a waiting list), a session that needs approval and one in the past with
attendance marked. Everything goes through ``training.services`` with the demo coordinators as
actors, read from ``data/demo/offers.yaml``. ``seed_training`` is idempotent: an offer whose slug
exists is skipped.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.utils import timezone

from ncc_portal.datafiles import load_yaml
from ncc_portal.demo import demo_users
from ncc_portal.models import NationalCentre, Organisation, Theme, User

from . import services
from .models import TRANSLATED_FIELDS, Offer, RegistrationStatus, Session

DATA = Path(__file__).resolve().parent / "data" / "demo"
INNOVATOR_EMAIL = "innovator@ncc-demo.example"


def _demo():
    return load_yaml(DATA / "offers.yaml")


def _participants(entries):
    people = [User.objects.get(email=INNOVATOR_EMAIL)]
    for entry in entries:
        user, created = User.objects.get_or_create(
            email=entry["email"], defaults={"name": entry["name"], "language": entry["language"]}
        )
        if created:
            user.set_unusable_password()
            user.save()
        people.append(user)
    return people


def _coordinator(country):
    email = next(
        u["email"] for u in demo_users() if u["role"] == "coordinator" and u["country"] == country
    )
    return User.objects.get(email=email)


def _starts_at(entry, today):
    zone = ZoneInfo(entry["time_zone"])
    hour, minute = (int(part) for part in entry["start"].split(":"))
    day = today + timedelta(days=entry["days_from_now"])
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


def _offer_values(entry):
    values = {
        "centre": NationalCentre.objects.get(country=entry["country"]),
        "provider": (
            Organisation.objects.get(name=entry["provider"]) if entry["provider"] else None
        ),
        "kind": entry["kind"],
        "format": entry["format"],
        "audiences": entry["audiences"],
        "languages": entry["languages"],
        "fee": Decimal(str(entry["fee"])) if entry["fee"] is not None else None,
        "original_language": entry["language"],
    }
    for code, texts in entry["texts"].items():
        for field in TRANSLATED_FIELDS:
            values[f"{field}_{code}"] = texts.get(field, "")
    return values


def _seed_sessions(offer, entry, coordinator, people, now):
    for data in entry["sessions"]:
        starts_at = _starts_at(data, timezone.localdate())
        past = starts_at < now
        session = services.create_session(
            offer=offer,
            actor=coordinator,
            values={
                "starts_at": starts_at,
                "ends_at": starts_at + timedelta(hours=data["hours"]),
                "time_zone": data["time_zone"],
                "venue": data.get("venue", ""),
                "address": data.get("address", ""),
                "region_id": data.get("region"),
                "online_url": data.get("online_url", ""),
                "closed_event": data.get("closed_event", False),
                "capacity": data["capacity"],
                "needs_approval": data.get("needs_approval", False),
                "questions": data.get("questions", []),
            },
        )
        # People registered over the weeks before; those of a past session, before it took place.
        registered_at = min(now, starts_at) - timedelta(days=10)
        for person in people[: data.get("registered", 0)]:
            answers = {"dietary": "vegetarian"} if "dietary" in session.questions else {}
            services.register(session=session, user=person, answers=answers, now=registered_at)
        if past:
            confirmed = session.registrations.filter(status=RegistrationStatus.CONFIRMED)
            for index, registration in enumerate(confirmed):
                services.mark_attendance(
                    registration=registration,
                    actor=coordinator,
                    attended=index < data.get("attended", 0),
                    now=starts_at,
                )
            Session.objects.filter(pk=session.pk).update(feedback_requested_at=session.ends_at)
            attended = session.registrations.filter(attended=True).select_related("user")
            for registration, opinion in zip(attended, data.get("feedback", []), strict=False):
                services.give_feedback(
                    registration=registration,
                    user=registration.user,
                    now=session.ends_at + timedelta(hours=2),
                    **opinion,
                )


def seed_training():
    demo = _demo()
    people = _participants(demo["participants"])
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    now = timezone.now()
    for entry in demo["offers"]:
        if Offer.objects.filter(slug=entry["slug"]).exists():
            continue
        coordinator = _coordinator(entry["country"])
        offer = services.create_offer(
            author=coordinator,
            values={"slug": entry["slug"], **_offer_values(entry)},
            themes=[themes[slug] for slug in entry["themes"]],
        )
        offer = services.publish_offer(offer=offer, actor=coordinator)
        _seed_sessions(offer, entry, coordinator, people, now)
