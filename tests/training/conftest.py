"""Offers, sessions and people for the training tests, all made through ``training.services``."""

from datetime import timedelta
from functools import partial
from itertools import count

import pytest
from django.utils import timezone

from training import services

from ..factories import UserFactory

_numbers = count(1)


def offer_values(centre, **overrides):
    """The values of a valid offer of ``centre``, written in English with a German title."""
    number = next(_numbers)
    values = {
        "centre": centre,
        "kind": "workshop",
        "format": "hybrid",
        "audiences": ["innovators"],
        "languages": ["de", "en"],
        "original_language": "en",
        "title_en": f"Impact measurement workshop {number}",
        "title_de": f"Workshop Wirkungsmessung {number}",
        "summary_en": "How to show what a social enterprise changes.",
        "summary_de": "Wie ein Sozialunternehmen zeigt, was es verändert.",
    }
    values.update(overrides)
    return values


def session_values(**overrides):
    """A session in ten days, two hours long, in Berlin, with two seats."""
    starts_at = overrides.pop("starts_at", None) or timezone.now() + timedelta(days=10)
    values = {
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=2),
        "time_zone": "Europe/Berlin",
        "venue": "Impact Hub",
        "address": "Rollbergstraße 28A\n12053 Berlin",
        "online_url": "https://meet.example/impact-workshop",
        "capacity": 2,
    }
    values.update(overrides)
    return values


@pytest.fixture
def make_offer(centre_de, coordinator_de):
    """A published offer of the German centre (``publish=False``: its draft)."""

    def make(*, centre=None, author=None, publish=True, themes=(), **values):
        author = author or coordinator_de
        offer = services.create_offer(
            author=author, values=offer_values(centre or centre_de, **values), themes=themes
        )
        if publish:
            offer = services.publish_offer(offer=offer, actor=coordinator_de)
        return offer

    return make


@pytest.fixture
def offer(make_offer):
    return make_offer()


@pytest.fixture
def make_session(request, coordinator_de):
    """A session of ``of`` (by default of the fixture ``offer``), made by the German
    coordinator."""

    def make(of=None, **values):
        return services.create_session(
            offer=of or request.getfixturevalue("offer"),
            actor=coordinator_de,
            values=session_values(**values),
        )

    return make


@pytest.fixture
def make_people(db):
    """``make_people(3)``: three people, in English unless told otherwise."""

    def make(number, **values):
        return [UserFactory(**values) for _ in range(number)]

    return make


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """``with on_commit():`` runs what the block left for after the commit (the emails)."""
    return partial(django_capture_on_commit_callbacks, execute=True)


def mail_to(outbox, user):
    return [message for message in outbox if message.to == [user.email]]
