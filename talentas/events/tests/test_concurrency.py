"""A rush of simultaneous sign-ups for the last seats, each thread with its own database connection.

Exactly the capacity is confirmed, the rest are waitlisted in arrival order, nobody gets an error and
nothing is lost. Runs on SQLite (the default test database: one writer at a time) and on PostgreSQL
(`DATABASE_URL=postgres://...`, as CI does), where the conditional UPDATE's row lock keeps the capacity.
"""

import threading

import pytest
from django.db import connections

from talentas.accounts.tests.factories import UserFactory
from talentas.events import services
from talentas.events.models import Event, Registration

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db(transaction=True)

CAPACITY = 10
ALREADY_TAKEN = 7
RACERS = 40


def at_once(work, people):
    """Run work(person) for everyone at the same moment, one thread and connection each; (person pk, result)."""
    start = threading.Barrier(len(people))
    results = []
    errors: list[BaseException] = []

    def run(person):
        try:
            start.wait(timeout=30)
            results.append((person.pk, work(person)))
        except BaseException as error:  # every failure is collected and reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    return results


def test_the_last_seats_go_to_exactly_as_many_people_as_there_are_seats():
    event = EventFactory(capacity=CAPACITY)
    for _ in range(ALREADY_TAKEN):
        RegistrationFactory(event=event)
    racers = UserFactory.create_batch(RACERS)
    results = dict(at_once(lambda user: services.register_for_event(user=user, event_id=event.pk), racers))

    assert len(results) == RACERS
    statuses = [result.registration.status for result in results.values()]
    assert statuses.count("confirmed") == CAPACITY - ALREADY_TAKEN
    assert statuses.count("waitlisted") == RACERS - (CAPACITY - ALREADY_TAKEN)
    assert Registration.objects.filter(event=event, status__in=Registration.SEAT_HOLDING).count() == CAPACITY
    assert Event.objects.get(pk=event.pk).seats_taken == CAPACITY
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
    assert Event.objects.get(pk=event.pk).seats_taken == CAPACITY


def test_simultaneous_cancellations_and_sign_ups_never_overbook():
    """Half the seat holders cancel while as many newcomers sign up: the waitlist and the newcomers share the
    freed seats, and the counter always equals the seats held."""
    event = EventFactory(capacity=CAPACITY)
    holders = [RegistrationFactory(event=event).user for _ in range(CAPACITY)]
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    newcomers = UserFactory.create_batch(CAPACITY)
    leaving = set(holders[: CAPACITY // 2])

    def act(person):
        if person in leaving:
            return services.cancel_registration(user=person, event_id=event.pk).status
        return services.register_for_event(user=person, event_id=event.pk).registration.status

    outcomes = [status for _pk, status in at_once(act, [*leaving, *newcomers])]
    assert outcomes.count("cancelled") == len(leaving)
    held = Registration.objects.filter(event=event, status__in=Registration.SEAT_HOLDING).count()
    assert held == CAPACITY == Event.objects.get(pk=event.pk).seats_taken
