"""Demo questions to the national centres ("Ask the NCC"), read from
``training/data/demo/advice.yaml``: one waiting and overdue, one waiting within the target, one
answered and one closed and published as an FAQ entry, with times relative to now. The people
asking get the public-sector role and the demo password; everything else goes through
``training.advice.services`` with the demo coordinators as the centre's side. Idempotent: a
question already asked by the same person with the same subject is skipped.
"""

from datetime import timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from ncc_portal.datafiles import load_yaml
from ncc_portal.demo import DEMO_PASSWORD, demo_users
from ncc_portal.models import Membership, NationalCentre, Organisation, Role, User
from ncc_portal.services import assign_role

from ..models import AdviceQuestion
from . import services

DATA = Path(__file__).resolve().parents[1] / "data" / "demo" / "advice.yaml"


def _person(entry):
    user, created = User.objects.get_or_create(
        email=entry["email"], defaults={"name": entry["name"], "language": entry["language"]}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    if user.role != Role.PUBLIC_SECTOR:
        assign_role(user=user, role=Role.PUBLIC_SECTOR)
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    Membership.objects.get_or_create(
        user=user, organisation=Organisation.objects.get(name=entry["organisation"])
    )
    return user


def _coordinator(country):
    email = next(
        u["email"] for u in demo_users() if u["role"] == "coordinator" and u["country"] == country
    )
    return User.objects.get(email=email)


def _play(question, step, requester, coordinator, now):
    at = now - timedelta(days=step["days_ago"])
    if "answer" in step:
        return services.answer_question(
            question=question, author=coordinator, body=step["answer"], now=at
        )
    if "reply" in step:
        return services.reply_to_question(
            question=question, author=requester, body=step["reply"], now=at
        )
    if "note" in step:
        services.add_internal_note(question=question, author=coordinator, body=step["note"], now=at)
        return question
    if step.get("mark_answered"):
        return services.mark_answered(question=question, user=requester, now=at)
    if step.get("close"):
        return services.close_question(question=question, actor=coordinator, now=at)
    if "faq" in step:
        services.convert_to_faq(
            question=question,
            actor=coordinator,
            title=step["faq"]["title"],
            text=step["faq"]["text"],
            now=at,
        )
        return question
    raise ValueError(f"unknown step in advice.yaml: {step}")


@transaction.atomic
def seed_advice():
    data = load_yaml(DATA)
    for entry in data["people"]:
        _person(entry)
    now = timezone.now()
    for entry in data["questions"]:
        requester = User.objects.get(email=entry["asked_by"])
        if AdviceQuestion.objects.filter(asked_by=requester, subject=entry["subject"]).exists():
            continue
        centre = NationalCentre.objects.get(country=entry["country"])
        coordinator = _coordinator(entry["country"])
        question = services.ask_question(
            user=requester,
            centre=centre,
            topic=entry["topic"],
            urgency=entry["urgency"],
            subject=entry["subject"],
            body=entry["body"],
            language=entry["language"],
            now=now - timedelta(days=entry["days_ago"]),
        )
        if entry["assigned"]:
            question = services.assign_question(
                question=question, actor=coordinator, assignee=coordinator
            )
        for step in entry["steps"]:
            question = _play(question, step, requester, coordinator, now)
