"""Simultaneous registrations, each from its own thread and database connection (PostgreSQL:
SQLite writes one transaction at a time, so it cannot show a race)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from training import services
from training.models import Registration, RegistrationStatus

from ..conftest import skip_or_fail
from ..factories import UserFactory


@pytest.fixture(autouse=True)
def _postgres_only(db):
    if connection.vendor != "postgresql":
        skip_or_fail("simultaneous registrations need PostgreSQL")


def at_once(session, users):
    """Register each of ``users`` from its own thread, all released together. Returns the
    registrations made and the exceptions raised."""
    barrier = threading.Barrier(len(users))
    made, raised = [], []
    lock = threading.Lock()

    def register(user):
        try:
            barrier.wait(timeout=30)
            registration = services.register(session=session, user=user)
            with lock:
                made.append(registration)
        except Exception as error:  # collected: the test says which ones are expected
            with lock:
                raised.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return made, raised


@pytest.mark.django_db(transaction=True)
def test_fifty_people_at_once_for_ten_seats(make_session):
    session = make_session(capacity=10)
    users = [UserFactory() for _ in range(50)]
    made, raised = at_once(session, users)

    assert raised == []
    assert len(made) == 50
    registrations = Registration.objects.filter(session=session)
    assert registrations.filter(status=RegistrationStatus.CONFIRMED).count() == 10
    waiting = list(registrations.filter(status=RegistrationStatus.WAITING))
    assert len(waiting) == 40
    assert len({r.queue_position for r in waiting}) == 40
    assert [services.waiting_position(r) for r in registrations.waiting()] == list(range(1, 41))
    # Everyone confirmed arrived before everyone waiting.
    confirmed_positions = registrations.filter(status=RegistrationStatus.CONFIRMED).values_list(
        "queue_position", flat=True
    )
    assert max(confirmed_positions) < min(r.queue_position for r in waiting)
    assert services.free_seats(session) == 0
    assert {r.user_id for r in registrations} == {u.pk for u in users}


@pytest.mark.django_db(transaction=True)
def test_the_same_person_five_times_at_once(make_session):
    session = make_session(capacity=10)
    user = UserFactory()
    made, raised = at_once(session, [user] * 5)

    assert len(made) == 1
    assert len(raised) == 4
    assert all(isinstance(error, ValidationError) for error in raised), raised
    assert Registration.objects.filter(session=session, user=user).active().count() == 1
    assert Registration.objects.filter(session=session).count() == 1
