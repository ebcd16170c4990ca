"""Simultaneous expressions of interest from one organisation, each from its own thread and
database connection (PostgreSQL: SQLite writes one transaction at a time, so it cannot show a
race). The daily limit holds."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from partnerships.introductions import services
from partnerships.models import InterestQuota, Introduction

from ..conftest import skip_or_fail
from ..factories import InitiativeFactory, PartnerProfileFactory

pytestmark = pytest.mark.postgres


@pytest.fixture(autouse=True)
def _postgres_only(db):
    if connection.vendor != "postgresql":
        skip_or_fail("simultaneous expressions of interest need PostgreSQL")


@pytest.mark.django_db(transaction=True)
def test_eight_expressions_at_once_against_a_limit_of_three(settings, innovator, organisation):
    settings.PARTNER_INTEREST_DAILY_LIMIT = 3
    initiative = InitiativeFactory(
        organisation=organisation, partner_needs=["pilot_site"], regions=[], indexed=False
    )
    profiles = [PartnerProfileFactory(offers=["pilot_site"], indexed=False) for _number in range(8)]
    barrier = threading.Barrier(len(profiles))
    raised = []
    lock = threading.Lock()

    def express(profile):
        try:
            barrier.wait(timeout=30)
            services.express_interest(
                user=innovator, initiative=initiative, profile=profile, message="Hello"
            )
        except Exception as error:  # collected: the test says which ones are expected
            with lock:
                raised.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=express, args=(p,)) for p in profiles]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)

    assert Introduction.objects.count() == 3
    assert InterestQuota.objects.get(organisation=organisation).count == 3
    assert len(raised) == 5
    assert all(isinstance(error, ValidationError) for error in raised)
    assert all("most allowed per day" in error.messages[0] for error in raised)
