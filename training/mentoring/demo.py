"""Demo mentoring: approved mentors in the four countries and one waiting for approval, and the
demo innovator's requests in every state (open, a mentor proposed, a running mentorship with
meetings, an ended one with both sides' feedback), dated relative to now. Everything goes
through ``training.mentoring.services`` with the demo people as actors, read from
``training/data/demo/mentoring.yaml``. ``seed_mentoring`` is idempotent: a person who has a
mentor profile, and an initiative that has a mentoring request, are skipped.
"""

from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from initiatives.models import Initiative
from ncc_portal.datafiles import load_yaml
from ncc_portal.demo import demo_users
from ncc_portal.models import Theme, User

from ..models import MentoringRequest, MentorProfile, MentorStatus
from . import services

DATA = Path(__file__).resolve().parents[1] / "data" / "demo"


def _demo():
    return load_yaml(DATA / "mentoring.yaml")


def _person(entry):
    user, created = User.objects.get_or_create(
        email=entry["email"], defaults={"name": entry["name"], "language": entry["language"]}
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


def _coordinator(country):
    email = next(
        u["email"] for u in demo_users() if u["role"] == "coordinator" and u["country"] == country
    )
    return User.objects.get(email=email)


def _seed_mentors(entries, now):
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    for entry in entries:
        user = _person(entry)
        if MentorProfile.objects.filter(user=user).exists():
            continue
        offered = now - timedelta(days=entry["days_ago"])
        profile = services.save_mentor_profile(
            user=user,
            values={
                "languages": entry["languages"],
                "countries": entry["countries"],
                "capacity": entry["capacity"],
                "bio": entry["bio"],
                "phone": entry["phone"],
                "accepting": True,
            },
            themes=[themes[slug] for slug in entry["themes"]],
        )
        MentorProfile.objects.filter(pk=profile.pk).update(created_at=offered)
        if entry["status"] == MentorStatus.APPROVED:
            services.decide_mentor(
                profile=profile,
                actor=_coordinator(entry["countries"][0]),
                approve=True,
                now=offered + timedelta(days=2),
            )


def _seed_request(entry, mentee, now):
    def ago(key):
        return now - timedelta(days=entry[key])

    initiative = Initiative.objects.get(slug=entry["initiative"])
    if MentoringRequest.objects.filter(initiative=initiative).exists():
        return
    mentoring_request = services.request_mentoring(
        user=mentee,
        initiative=initiative,
        needs=entry["needs"],
        languages=entry["languages"],
        now=ago("days_ago"),
    )
    if entry["state"] == "open":
        return
    profile = MentorProfile.objects.get(user__email=entry["mentor"])
    if entry["proposed_by"] == "mentor":
        services.offer_to_mentor(
            mentoring_request=mentoring_request, user=profile.user, now=ago("proposed_days_ago")
        )
    else:
        services.propose_mentor(
            mentoring_request=mentoring_request,
            profile=profile,
            actor=_coordinator(initiative.country),
            now=ago("proposed_days_ago"),
        )
    if entry["state"] == "proposed":
        return
    services.accept_mentor(
        mentoring_request=mentoring_request, user=mentee, now=ago("agreed_days_ago")
    )
    for meeting in entry.get("meetings", []):
        services.log_meeting(
            mentorship=mentoring_request,
            actor=profile.user if meeting["by"] == "mentor" else mentee,
            date=timezone.localdate(now - timedelta(days=meeting["days_ago"])),
            duration_minutes=meeting["minutes"],
            topic=meeting["topic"],
            notes=meeting["notes"],
        )
    if entry["state"] == "agreed":
        return
    ended = ago("ended_days_ago")
    services.end_mentorship(mentorship=mentoring_request, actor=mentee, now=ended)
    mentoring_request.refresh_from_db()
    for opinion in entry.get("feedback", []):
        services.give_feedback(
            mentorship=mentoring_request,
            user=mentee if opinion["side"] == "mentee" else profile.user,
            rating=opinion["rating"],
            comment=opinion["comment"],
            now=ended + timedelta(days=2),
        )


def seed_mentoring():
    demo = _demo()
    now = timezone.now()
    _seed_mentors(demo["mentors"], now)
    mentee = User.objects.get(email=demo["mentee"])
    for entry in demo["requests"]:
        _seed_request(entry, mentee, now)
