"""Background work: registration e-mails, reminders a day before, feedback requests, closing finished events."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import notifications, selectors
from .models import Registration


@db_task(retries=2, retry_delay=30)
def send_registration_email(registration_id: int, kind: str) -> bool:
    return notifications.send_registration_email(registration_id, kind)


def _send_once(registrations, flag: str, kind: str) -> int:
    """Send `kind` to each registration whose `flag` is still empty; the conditional update claims it first, so
    two workers running at once never send the same message twice."""
    sent = 0
    now = timezone.now()
    for pk in list(registrations.values_list("pk", flat=True)):
        if Registration.objects.filter(pk=pk, **{f"{flag}__isnull": True}).update(**{flag: now}):
            notifications.send_registration_email(pk, kind)
            sent += 1
    return sent


@db_periodic_task(crontab(minute="*/15"))
def send_reminders() -> int:
    """Confirmed people get a reminder within the day before their event starts."""
    return _send_once(selectors.registrations_to_remind(timezone.now()), "reminder_sent_at", "reminder")


@db_periodic_task(crontab(minute="5"))
def request_feedback() -> int:
    """Attendees are asked for a rating after the event."""
    return _send_once(selectors.registrations_to_ask_for_feedback(timezone.now()), "feedback_requested_at", "feedback")


@db_periodic_task(crontab(hour="3", minute="10"))
def close_finished_events() -> int:
    """A day after an event, confirmed people who were never checked in are recorded as no-shows."""
    from . import services  # services enqueue tasks from this module

    return sum(
        services.record_no_shows(event_id=pk)
        for pk in selectors.events_to_close(timezone.now()).values_list("pk", flat=True)
    )
