"""Events' part of the personal-data export: registrations with answers and attendance, feedback, calendar feed."""

from django.utils import timezone

from talentas.accounts.models import User
from talentas.core import personal_data

from . import services
from .models import Event, Registration


def export_events(user: User) -> dict:
    registrations = Registration.objects.filter(user=user).select_related("event", "feedback").order_by("queued_at")
    return {
        "registrations": [
            {
                "event": r.event.title,
                "starts_at": r.event.starts_at,
                "status": r.status,
                "registered_at": r.queued_at,
                "answers": r.answers,
                "checked_in_at": r.checked_in_at,
                "cancelled_at": r.cancelled_at,
                "feedback": {"rating": r.feedback.rating, "comment": r.feedback.comment}
                if hasattr(r, "feedback")
                else None,
            }
            for r in registrations
        ],
        "has_calendar_feed": hasattr(user, "event_feed"),
        "events_created": Event.objects.filter(created_by=user).count(),
    }


def erase_events(user: User) -> None:
    # Give up places at events still to come through the service, so the waitlist moves up as on a cancellation;
    # deleting the account then removes every registration, answer and feedback with it.
    # (Someone already checked in has nothing to give up: deleting the account removes the row.)
    upcoming = Registration.objects.filter(user=user, event__starts_at__gt=timezone.now()).exclude(
        status__in=[Registration.Status.CANCELLED, Registration.Status.ATTENDED]
    )
    for event_id in upcoming.values_list("event_id", flat=True):
        services.cancel_registration(user=user, event_id=event_id)


personal_data.register(
    "events",
    models=("events.Registration", "events.Feedback", "events.CalendarFeed", "events.Event"),
    export=export_events,
    erase=erase_events,
)
