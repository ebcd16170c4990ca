"""Demo partner profiles (``partnerships/data/demo/profiles.json``), made through the services:
alliance partners in the four countries, each with one demo member (who can sign in with the
demo password), their texts in their own language with an English translation. One profile is
close to expiry (its members see the renewal reminder), one waits for the Estonian
coordinator's review.

Safe to run again: an organisation that already has a profile is left as it is.
"""

import json
from datetime import timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from django.utils import timezone
from django.utils.text import slugify

from ncc_portal.demo import DEMO_PASSWORD, demo_users
from ncc_portal.models import Membership, Organisation, Region, Role, Theme, User

from ..models import PartnerProfile
from . import services

DATA = Path(__file__).resolve().parent.parent / "data" / "demo" / "profiles.json"
EXPIRING_IN_DAYS = 20


def demo_profiles():
    return json.loads(DATA.read_text(encoding="utf-8"))["profiles"]


def _organisation(data):
    organisation = Organisation.objects.filter(name=data["name"]).first()
    if organisation is None:
        region = Region.objects.filter(pk=data.get("region")).first()
        organisation, _created = Organisation.objects.get_or_create(
            slug=slugify(data["name"])[:200],
            defaults={
                "name": data["name"],
                "kind": data["kind"],
                "country": data["country"],
                "region": region,
                "website": data.get("website", ""),
            },
        )
    return organisation


def _member(data, organisation):
    user, created = User.objects.get_or_create(
        email=data["email"], defaults={"name": data["name"], "language": data["language"]}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    Membership.objects.get_or_create(user=user, organisation=organisation)
    return user


def _coordinator(country):
    emails = [
        u["email"]
        for u in demo_users()
        if u["role"] == Role.COORDINATOR and u["country"] == country
    ]
    return (
        User.objects.filter(email__in=emails).first()
        or User.objects.filter(role=Role.COORDINATOR, centre__country=country).first()
        or User.objects.filter(role=Role.ADMINISTRATOR).first()
    )


def _data(entry):
    values = {
        "original_language": entry["original_language"],
        "countries": entry["countries"],
        "languages": entry["languages"],
        "contact_name": entry["contact"]["name"],
        "contact_email": entry["contact"]["email"],
        "contact_phone": entry["contact"].get("phone", ""),
    }
    for field in ("summary", "description"):
        for code, text in entry[field].items():
            values[f"{field}_{code}"] = text
    return values


def _items(entry):
    return [
        (direction, item["kind"], item["text"])
        for direction, key in (("offers", "offers"), ("seeks", "seeks"))
        for item in entry[key]
    ]


def seed_profiles():
    """Create the demo profiles that are missing; returns how many were created."""
    created = 0
    today = timezone.localdate()
    for entry in demo_profiles():
        organisation = _organisation(entry["organisation"])
        member = _member(entry["member"], organisation)
        if PartnerProfile.objects.filter(organisation=organisation).exists():
            continue
        profile = services.create_profile(
            user=member,
            organisation=organisation,
            data=_data(entry),
            items=_items(entry),
            themes=list(Theme.objects.filter(slug__in=entry["themes"])),
            regions=list(Region.objects.filter(pk__in=entry["regions"])),
        )
        profile = services.submit(profile=profile, actor=member)
        if entry["state"] in ("published", "expiring"):
            coordinator = _coordinator(organisation.country)
            if coordinator is not None:
                profile = services.publish(profile=profile, actor=coordinator)
        if entry["state"] == "expiring" and profile.is_published:
            PartnerProfile.objects.filter(pk=profile.pk).update(
                valid_until=today + timedelta(days=EXPIRING_IN_DAYS)
            )
        created += 1
    return created
