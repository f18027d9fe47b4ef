"""E-mails to registrants, rendered in each person's language and sent through the task queue."""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from talentas.core.links import absolute_url

from . import ical
from .models import Registration

KINDS = ("confirmed", "waitlisted", "pending", "promoted", "declined", "event_cancelled", "reminder", "feedback")
# Messages that carry the event as an .ics attachment, so it lands in the person's calendar.
WITH_CALENDAR = ("confirmed", "promoted", "reminder")


def send_registration_email(registration_id: int, kind: str) -> bool:
    """Send one message about a registration; False when the registration is gone or the kind is unknown."""
    registration = Registration.objects.select_related("event", "user").filter(pk=registration_id).first()
    if registration is None or kind not in KINDS:
        return False
    event, user = registration.event, registration.user
    with translation.override(user.preferred_language):
        context = {
            "kind": kind,
            "event": event,
            "registration": registration,
            "person": user,
            "starts": timezone.localtime(event.starts_at),
            "ends": timezone.localtime(event.ends_at),
            "event_url": absolute_url(reverse("events:detail", args=[event.pk])),
            "ticket_url": absolute_url(reverse("events:ticket", args=[event.pk])),
            "feedback_url": absolute_url(reverse("events:feedback", args=[event.pk])),
            "mine_url": absolute_url(reverse("events:mine")),
        }
        subject = " ".join(render_to_string("events/email/registration_subject.txt", context).split())
        body = render_to_string("events/email/registration_message.txt", context)
        # Made here too, so that the calendar entry's title and description are in the person's language.
        calendar = None
        if kind in WITH_CALENDAR:
            linked = frozenset({event.pk}) if registration.holds_seat else frozenset()
            calendar = ical.calendar_file([event], name=event.title, linked_event_ids=linked)
    message = EmailMultiAlternatives(subject, body, None, [user.email])
    if calendar is not None:
        message.attach("event.ics", calendar, "text/calendar")
    message.send()
    return True
