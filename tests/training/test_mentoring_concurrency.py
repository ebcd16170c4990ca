"""Simultaneous proposals of one mentor, each from its own thread and database connection
(PostgreSQL: SQLite writes one transaction at a time, so it cannot show a race)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from training.mentoring import services
from training.models import MentoringRequest, MentoringStatus

from ..conftest import skip_or_fail
from .mentoring_sample import ask, initiative_of, mentor, themes


@pytest.fixture(autouse=True)
def _postgres_only(db):
    if connection.vendor != "postgresql":
        skip_or_fail("simultaneous proposals need PostgreSQL")


@pytest.mark.django_db(transaction=True)
def test_six_proposals_at_once_for_a_mentor_with_two_places(
    innovator, organisation, coordinator_de
):
    topics = themes()
    profile = mentor(
        name="Maja Mentor", topics=[topics["housing"]], capacity=2, approved_by=coordinator_de
    )
    requests = [
        ask(innovator, initiative_of(organisation, topics=[topics["housing"]])) for _ in range(6)
    ]
    barrier = threading.Barrier(len(requests))
    raised = []
    lock = threading.Lock()

    def propose(mentoring_request):
        try:
            barrier.wait(timeout=30)
            services.propose_mentor(
                mentoring_request=mentoring_request, profile=profile, actor=coordinator_de
            )
        except Exception as error:  # collected: the test says which ones are expected
            with lock:
                raised.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=propose, args=(r,)) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)

    proposed = MentoringRequest.objects.filter(status=MentoringStatus.PROPOSED)
    assert proposed.count() == 2
    assert set(proposed.values_list("mentor", flat=True)) == {profile.pk}
    assert len(raised) == 4
    assert all(isinstance(error, ValidationError) for error in raised)
    assert all("no free place" in error.messages[0] for error in raised)
