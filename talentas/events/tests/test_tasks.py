"""Reminders a day before, feedback requests after, no-shows recorded: each sent once, by periodic tasks."""

import datetime

import time_machine
from django.core import mail

from talentas.events import services, tasks
from talentas.events.models import Registration

from .factories import RegistrationFactory


def test_reminder_once_a_day_before(event, outsider, django_capture_on_commit_callbacks):
    services.register_for_event(user=outsider, event_id=event.pk)
    RegistrationFactory(event=event, status="waitlisted")
    mail.outbox.clear()
    with time_machine.travel(event.starts_at - datetime.timedelta(days=2)):
        assert tasks.send_reminders.call_local() == 0
    # The notices' e-mails leave when the transaction commits.
    with (
        time_machine.travel(event.starts_at - datetime.timedelta(hours=20)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert tasks.send_reminders.call_local() == 1
        assert tasks.send_reminders.call_local() == 0
    assert [message.to for message in mail.outbox] == [[outsider.email]]
    assert mail.outbox[0].subject.startswith("Tomorrow")


def test_feedback_request_after_the_event_to_attendees(
    event, owner, outsider, people, django_capture_on_commit_callbacks
):
    came = services.register_for_event(user=outsider, event_id=event.pk).registration
    services.register_for_event(user=people[0], event_id=event.pk)
    with time_machine.travel(event.starts_at):
        services.check_in(actor=owner, registration_id=came.pk)
    mail.outbox.clear()
    with (
        time_machine.travel(event.ends_at + datetime.timedelta(hours=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert tasks.request_feedback.call_local() == 1
        assert tasks.request_feedback.call_local() == 0
    assert mail.outbox[0].to == [outsider.email]
    assert "/feedback/" in mail.outbox[0].body


def test_finished_events_record_no_shows(event, outsider):
    services.register_for_event(user=outsider, event_id=event.pk)
    with time_machine.travel(event.ends_at + datetime.timedelta(hours=2)):
        assert tasks.close_finished_events.call_local() == 0
    with time_machine.travel(event.ends_at + datetime.timedelta(days=1, hours=1)):
        assert tasks.close_finished_events.call_local() == 1
    assert Registration.objects.get(user=outsider).status == "no_show"
