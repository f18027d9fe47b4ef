"""Registration rules: capacity, one registration each, the waitlist in arrival order and its promotion."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from talentas.accounts.tests.factories import UserFactory
from talentas.core.errors import Conflict, DomainError, PermissionDenied
from talentas.core.metrics import data_version
from talentas.events import services
from talentas.events.models import Event, Registration

from .factories import EventFactory, RegistrationFactory, in_days

Status = Registration.Status


def register(user, event, **kwargs):
    return services.register_for_event(user=user, event_id=event.pk, **kwargs)


def seats_taken(event) -> int:
    """The event's seat counter, checked against the registrations that hold a seat."""
    counter = Event.objects.get(pk=event.pk).seats_taken
    assert counter == Registration.objects.filter(event=event, status__in=Registration.SEAT_HOLDING).count()
    return counter


def test_confirms_until_full_then_waitlists_in_arrival_order(event, people):
    results = [register(person, event) for person in people]
    assert [r.registration.status for r in results] == [
        "confirmed",
        "confirmed",
        "waitlisted",
        "waitlisted",
        "waitlisted",
    ]
    assert [r.waitlist_position for r in results] == [None, None, 1, 2, 3]
    assert seats_taken(event) == 2


def test_a_second_registration_is_a_conflict(event, outsider):
    register(outsider, event)
    with pytest.raises(Conflict) as error:
        register(outsider, event)
    assert error.value.status_code == 409
    assert Registration.objects.filter(event=event, user=outsider).count() == 1


def test_the_database_refuses_two_registrations_of_one_person(event, outsider):
    RegistrationFactory(event=event, user=outsider)
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, user=outsider, status=Status.CANCELLED)


def test_the_database_refuses_an_event_ending_before_it_starts(organiser_org):
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(starts_at=in_days(3), ends_at=in_days(3) - datetime.timedelta(hours=1))


def test_cancelling_promotes_the_first_waitlisted_who_is_told(event, people, django_capture_on_commit_callbacks):
    for person in people[:4]:
        register(person, event)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(user=people[0], event_id=event.pk)
    statuses = dict(Registration.objects.filter(event=event).values_list("user_id", "status"))
    assert statuses[people[0].pk] == "cancelled"
    assert statuses[people[2].pk] == "confirmed"
    assert statuses[people[3].pk] == "waitlisted"
    assert services.waitlist_position(Registration.objects.get(event=event, user=people[3])) == 1
    assert [message.to for message in mail.outbox] == [[people[2].email]]
    assert "freed up" in mail.outbox[0].subject
    assert mail.outbox[0].attachments[0][0] == "event.ics"


def test_registering_again_after_cancelling_joins_the_end_of_the_queue(event, people):
    for person in people[:4]:
        register(person, event)
    services.cancel_registration(user=people[3], event_id=event.pk)
    again = register(people[3], event)
    register(people[4], event)
    assert again.registration.status == "waitlisted"
    assert again.waitlist_position == 2
    assert Registration.objects.filter(event=event, user=people[3]).count() == 1


def test_confirmation_mail_goes_through_the_queue(event, outsider, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register(outsider, event)
    assert len(mail.outbox) == 1
    assert "registered" in mail.outbox[0].subject
    assert "/ticket/" in mail.outbox[0].body


def test_nobody_cancels_someone_else_or_twice(event, outsider, people):
    register(outsider, event)
    with pytest.raises(DomainError) as error:
        services.cancel_registration(user=people[0], event_id=event.pk)
    assert error.value.status_code == 404
    services.cancel_registration(user=outsider, event_id=event.pk)
    with pytest.raises(DomainError):
        services.cancel_registration(user=outsider, event_id=event.pk)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"registration_opens_at": in_days(2)}, "Registration opens on"),
        ({"registration_closes_at": in_days(-1)}, "Registration is closed."),
        ({"registration_mode": Event.RegistrationMode.NONE}, "takes no registrations"),
        ({"status": Event.Status.CANCELLED, "cancelled_at": timezone.now()}, "cancelled"),
    ],
)
def test_closed_registration_is_refused_with_a_reason(event, outsider, changes, message):
    Event.objects.filter(pk=event.pk).update(**changes)
    with translation.override("en"), pytest.raises(DomainError) as error:
        register(outsider, event)
    assert message in error.value.message
    assert (error.value.code, error.value.field) == ("registration_closed", "event")


def test_registration_closes_when_the_event_starts(event, outsider):
    with time_machine.travel(event.starts_at + datetime.timedelta(minutes=1)), pytest.raises(DomainError):
        register(outsider, event)


def test_a_missing_event_is_404(outsider, db):
    with pytest.raises(DomainError) as error:
        services.register_for_event(user=outsider, event_id=999_999)
    assert error.value.status_code == 404


def test_answers_only_to_the_questions_asked(event, outsider):
    Event.objects.filter(pk=event.pk).update(questions=["Dietary needs?"])
    with pytest.raises(DomainError) as error:
        register(outsider, event, answers={"Shoe size?": "44"})
    assert error.value.field == "answers"
    result = register(outsider, event, answers={"Dietary needs?": " vegetarian "})
    assert result.registration.answers == {"Dietary needs?": "vegetarian"}


def test_approval_mode_waits_for_the_organiser(event, owner, outsider, people, django_capture_on_commit_callbacks):
    Event.objects.filter(pk=event.pk).update(registration_mode=Event.RegistrationMode.APPROVAL)
    pending = register(outsider, event).registration
    declined = register(people[0], event).registration
    assert pending.status == "pending"
    assert seats_taken(event) == 0
    with pytest.raises(PermissionDenied):
        services.decide_registration(actor=people[1], registration_id=pending.pk, approve=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_registration(actor=owner, registration_id=pending.pk, approve=True)
        services.decide_registration(actor=owner, registration_id=declined.pk, approve=False)
    pending.refresh_from_db()
    declined.refresh_from_db()
    assert (pending.status, declined.status) == ("confirmed", "cancelled")
    assert {message.to[0] for message in mail.outbox} == {outsider.email, people[0].email}


def test_more_capacity_promotes_waitlisted_and_less_than_taken_is_refused(event, owner, people):
    for person in people[:4]:
        register(person, event)
    fields = {"capacity": 3}
    organisers = [o.pk for o in event.organisers.all()]
    services.update_event(user=owner, event_id=event.pk, action_id=event.action_id, organiser_ids=organisers, **fields)
    assert Registration.objects.get(event=event, user=people[2]).status == "confirmed"
    with pytest.raises(DomainError) as error:
        services.update_event(
            user=owner, event_id=event.pk, action_id=event.action_id, organiser_ids=organisers, capacity=1
        )
    assert error.value.field == "capacity"


@pytest.mark.django_db(transaction=True)  # real commits: the bump waits for one
def test_registration_changes_mark_the_metrics_data_changed_after_the_commit(event, outsider):
    before = data_version()
    with transaction.atomic():
        register(outsider, event)
        assert data_version() == before
    assert data_version() == before + 1
    services.cancel_registration(user=outsider, event_id=event.pk)
    assert data_version() == before + 2


def test_anonymous_cannot_register(event):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        register(AnonymousUser(), event)


def test_cancelled_event_tells_everyone(event, owner, people, django_capture_on_commit_callbacks):
    for person in people[:3]:
        register(person, event)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(user=owner, event_id=event.pk)
    assert len(mail.outbox) == 3
    assert all(message.subject.startswith("Cancelled") for message in mail.outbox)


def test_waitlisted_are_not_promoted_once_the_event_has_started(event, people):
    for person in people[:3]:
        register(person, event)
    with time_machine.travel(event.starts_at - datetime.timedelta(minutes=5)):
        services.cancel_registration(user=people[0], event_id=event.pk)
        assert Registration.objects.get(event=event, user=people[2]).status == "confirmed"
    other = UserFactory()
    assert not Registration.objects.filter(user=other).exists()
