"""The capacity helper on its own: take while there is room, release, only inside a transaction, and take_for
(the unit and its row, both or neither).

The events' seat counter serves as the counter row; the rush of simultaneous takers is tested in
talentas/events/tests/test_concurrency.py on SQLite and PostgreSQL.
"""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from talentas.accounts.tests.factories import UserFactory
from talentas.core.capacity import Capacity
from talentas.events.models import Event, Registration
from talentas.events.tests.factories import EventFactory


@pytest.fixture
def seats(db):
    event = EventFactory(capacity=2)
    return Capacity(Event, event.pk, taken="seats_taken", limit="capacity")


def taken(seats: Capacity) -> int:
    return Event.objects.get(pk=seats.pk).seats_taken


def test_takes_while_there_is_room_and_never_beyond(seats):
    with transaction.atomic():
        assert [seats.take(), seats.take(), seats.take()] == [True, True, False]
    assert taken(seats) == 2


def test_takes_several_only_if_all_fit(seats):
    with transaction.atomic():
        assert seats.take(3) is False
        assert seats.take(2) is True
    assert taken(seats) == 2


def test_release_gives_a_unit_back_and_never_goes_below_zero(seats):
    with transaction.atomic():
        seats.take()
        seats.release()
        seats.release()
        assert seats.take(2) is True
    assert taken(seats) == 2


def test_a_rolled_back_take_is_undone(seats):
    with pytest.raises(RuntimeError), transaction.atomic():
        seats.take()
        raise RuntimeError("the registration failed")
    assert taken(seats) == 0


def test_lock_returns_the_fresh_row_or_none(seats):
    with transaction.atomic():
        seats.take()
        assert seats.lock().seats_taken == 1
        assert Capacity(Event, 0, taken="seats_taken").lock() is None


def test_lock_and_count_free_says_how_many_units_are_left(seats):
    with transaction.atomic():
        assert seats.lock_and_count_free() == 2
        seats.take(2)
        assert seats.lock_and_count_free() == 0
        assert Capacity(Event, 0, taken="seats_taken").lock_and_count_free() == 0


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_it_refuses():
    event = EventFactory(capacity=2)
    with pytest.raises(RuntimeError, match=r"inside transaction\.atomic"):
        Capacity(Event, event.pk, taken="seats_taken").take()


def _registration(event_id: int, user) -> Registration:
    return Registration(event_id=event_id, user=user, status="confirmed", queued_at=timezone.now())


@pytest.mark.django_db(transaction=True)
def test_take_for_writes_the_row_with_its_unit_or_neither_and_needs_no_transaction():
    event = EventFactory(capacity=1)
    seats = Capacity(Event, event.pk, taken="seats_taken", limit="capacity")
    first, second = _registration(event.pk, UserFactory()), _registration(event.pk, UserFactory())
    assert seats.take_for(first) is True
    assert first.pk is not None and not first._state.adding
    assert seats.take_for(second) is False  # full: no row written, nothing taken
    assert second.pk is None
    assert list(Registration.objects.filter(event=event).values_list("pk", flat=True)) == [first.pk]
    assert taken(seats) == 1


@pytest.mark.django_db(transaction=True)
def test_take_for_a_duplicate_row_raises_with_nothing_taken():
    event = EventFactory(capacity=5)
    seats = Capacity(Event, event.pk, taken="seats_taken", limit="capacity")
    person = UserFactory()
    assert seats.take_for(_registration(event.pk, person))
    with pytest.raises(IntegrityError):
        seats.take_for(_registration(event.pk, person))
    assert taken(seats) == 1
