"""Themes, initiatives and mentors for the mentoring tests, made through the services."""

from ncc_portal.models import Theme
from training.mentoring import services

from ..factories import InitiativeFactory, UserFactory

MENTOR_BIO = "Ran a housing-first project in Hamburg for eight years."


def theme(slug, name):
    return Theme.objects.get_or_create(slug=slug, defaults={"name": name, "name_en": name})[0]


def themes():
    """Housing, digital inclusion and social finance, by short name."""
    return {
        "housing": theme("housing-and-homelessness", "Housing and homelessness"),
        "digital": theme("digital-inclusion", "Digital inclusion"),
        "finance": theme("social-finance", "Social finance"),
    }


def initiative_of(organisation, *, country="DE", topics=(), **values):
    """A published initiative of ``organisation`` (no regions, not indexed: not needed here)."""
    return InitiativeFactory(
        organisation=organisation,
        country=country,
        themes=list(topics),
        regions=[],
        indexed=False,
        **values,
    )


def mentor(
    *,
    name,
    topics,
    languages=("de", "en"),
    countries=("DE",),
    capacity=2,
    phone="",
    approved_by=None,
    user=None,
    **person,
):
    """A mentor profile of a new person (or ``user``), approved by ``approved_by`` if given."""
    user = user or UserFactory(name=name, **person)
    profile = services.save_mentor_profile(
        user=user,
        values={
            "languages": list(languages),
            "countries": list(countries),
            "capacity": capacity,
            "bio": MENTOR_BIO,
            "phone": phone,
            "accepting": True,
        },
        themes=list(topics),
    )
    if approved_by is not None:
        profile = services.decide_mentor(profile=profile, actor=approved_by, approve=True)
    return profile


def ask(user, initiative, *, topics=None, languages=("de",), needs="Help with funding."):
    return services.request_mentoring(
        user=user, initiative=initiative, needs=needs, themes=topics, languages=list(languages)
    )
