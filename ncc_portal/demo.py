"""Demo data: the four national centres, the alliance partners and one user per role, read
from ``ncc_portal/data/demo/*.yaml``.

Everything here is idempotent (looked up by a natural key) so ``seed_demo`` can run on every start.
"""

from pathlib import Path

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction

from . import parts
from .datafiles import load_yaml
from .models import Membership, NationalCentre, Organisation, PublicSectorRequest, User
from .services import assign_role

DATA = Path(__file__).resolve().parent / "data" / "demo"


def _users_file():
    return load_yaml(DATA / "users.yaml")


def demo_users():
    """The demo accounts (``data/demo/users.yaml``): email, name, role, country, language and
    organisation of each."""
    return _users_file()["users"]


DEMO_PASSWORD = _users_file()["password"]
# Base32 secret of the demo coordinators' and administrator's authenticator app. Add it to any
# TOTP app, or run `python manage.py demo_totp` to print the current code.
DEMO_TOTP_SECRET = _users_file()["totp_secret"]


def _translated(field, values):
    return {f"{field}_{code}": text for code, text in values.items()}


def seed_centres():
    for data in load_yaml(DATA / "centres.yaml")["centres"]:
        NationalCentre.objects.update_or_create(
            country=data["country"],
            defaults={
                "languages": data["languages"],
                "address": data["address"],
                "email": data["email"],
                "phone": data["phone"],
                "website": data["website"],
                "responsible_person": data["responsible_person"],
                **_translated("name", data["name"]),
                **_translated("description", data["description"]),
            },
        )


def seed_organisations():
    from django.utils.text import slugify

    for data in load_yaml(DATA / "organisations.yaml")["organisations"]:
        Organisation.objects.update_or_create(
            slug=slugify(data["name"])[:200],
            defaults={
                "name": data["name"],
                "kind": data["kind"],
                "country": data["country"],
                "region_id": data["region"],
                "website": data["website"],
                **_translated("description", data["description"]),
            },
        )


def seed_users():
    users = {}
    for data in demo_users():
        email, role, country = data["email"], data["role"], data["country"]
        user, created = User.objects.get_or_create(
            email=email, defaults={"name": data["name"], "language": data["language"]}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        centre = NationalCentre.objects.get(country=country) if country else None
        if user.role != role or user.centre != centre:
            assign_role(user=user, role=role, centre=centre)
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if (
            user.must_use_mfa
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            TOTP.activate(user, DEMO_TOTP_SECRET)
        if data["organisation"]:
            Membership.objects.get_or_create(
                user=user, organisation=Organisation.objects.get(name=data["organisation"])
            )
        users[email] = user
    return users


def seed_role_requests():
    for data in _users_file()["role_requests"]:
        requester, created = User.objects.get_or_create(
            email=data["email"], defaults={"name": data["name"], "language": data["language"]}
        )
        if created:
            requester.set_password(DEMO_PASSWORD)
            requester.save()
        EmailAddress.objects.update_or_create(
            user=requester, email=requester.email, defaults={"verified": True, "primary": True}
        )
        if not requester.public_sector_requests.exists():
            PublicSectorRequest.objects.create(
                user=requester,
                organisation=Organisation.objects.get(name=data["organisation"]),
                position=data["position"],
                statement=data["statement"],
            )


@transaction.atomic
def seed_demo():
    """Run every demo step (``parts.demo_steps``) in order: the core's reference data, centres,
    organisations and users, then the apps' content."""
    for step in parts.demo_steps:
        step.seed()
