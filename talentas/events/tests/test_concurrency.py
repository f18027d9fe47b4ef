"""A rush of simultaneous sign-ups for the last seats, on PostgreSQL with one connection per thread.

Exactly the capacity is confirmed, the rest are waitlisted in arrival order, nobody gets an error and
nothing is lost. SQLite (the default test database) serialises all writes anyway; CI runs this file on
PostgreSQL too, where the row lock is what keeps the capacity.
"""

import threading

import pytest
from django.db import connection, connections

from talentas.accounts.tests.factories import UserFactory
from talentas.events import services
from talentas.events.models import Registration

from .factories import EventFactory, RegistrationFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: real row locks, many connections"),
]

CAPACITY = 10
ALREADY_TAKEN = 7
RACERS = 40


def test_the_last_seats_go_to_exactly_as_many_people_as_there_are_seats():
    event = EventFactory(capacity=CAPACITY)
    for _ in range(ALREADY_TAKEN):
        RegistrationFactory(event=event)
    racers = UserFactory.create_batch(RACERS)
    start = threading.Barrier(RACERS)
    results: dict[int, services.RegistrationResult] = {}
    errors: list[BaseException] = []

    def sign_up(user):
        try:
            start.wait(timeout=30)
            results[user.pk] = services.register_for_event(user=user, event_id=event.pk)
        except BaseException as error:  # every failure is collected and reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign_up, args=(user,)) for user in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert len(results) == RACERS
    statuses = [result.registration.status for result in results.values()]
    assert statuses.count("confirmed") == CAPACITY - ALREADY_TAKEN
    assert statuses.count("waitlisted") == RACERS - (CAPACITY - ALREADY_TAKEN)
    assert Registration.objects.filter(event=event, status__in=Registration.SEAT_HOLDING).count() == CAPACITY
    assert Registration.objects.filter(event=event).count() == ALREADY_TAKEN + RACERS

    # The waitlist is in arrival order: positions 1..n, each told at once, matching the order of registration.
    waitlisted = sorted(
        (result for result in results.values() if result.registration.status == "waitlisted"),
        key=lambda result: result.waitlist_position,
    )
    assert [result.waitlist_position for result in waitlisted] == list(range(1, len(waitlisted) + 1))
    arrival = [result.registration.queued_at for result in waitlisted]
    assert arrival == sorted(arrival)
    confirmed_at = max(r.registration.queued_at for r in results.values() if r.registration.status == "confirmed")
    assert confirmed_at <= arrival[0]

    # Cancellations promote the first in line, again exactly once per freed seat.
    first = waitlisted[0].registration
    confirmed_racer = next(r.registration for r in results.values() if r.registration.status == "confirmed")
    services.cancel_registration(user=confirmed_racer.user, event_id=event.pk)
    first.refresh_from_db()
    assert first.status == "confirmed"
    assert Registration.objects.filter(event=event, status__in=Registration.SEAT_HOLDING).count() == CAPACITY
