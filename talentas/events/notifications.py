"""Notices to registrants (on their Notices page and by e-mail), in each person's language, with the event
as an .ics attachment where it belongs in their calendar."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from talentas.core.links import absolute_url
from talentas.notices.services import Attachment, Draft, send

from . import ical
from .models import Registration

KINDS = ("confirmed", "waitlisted", "pending", "promoted", "declined", "event_cancelled", "reminder", "feedback")
# Messages that carry the event as an .ics attachment, so it lands in the person's calendar.
WITH_CALENDAR = ("confirmed", "promoted", "reminder")


def registration_notice(registration: Registration, kind: str) -> Draft:
    """The notice of `kind` about a registration. Its key names the registration's current stint (a person
    who cancels and registers again is told again), so each message goes out once."""
    event, user = registration.event, registration.user

    def context() -> dict:
        # Called with the reader's language active, so links, dates and texts are theirs.
        return {
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

    def calendar() -> list[Attachment]:
        # Made in the reader's language too, so the calendar entry's title and description are theirs.
        linked = frozenset({event.pk}) if registration.holds_seat else frozenset()
        return [("event.ics", ical.calendar_file([event], name=event.title, linked_event_ids=linked), "text/calendar")]

    return Draft(
        user=user,
        key=f"events.registration.{registration.pk}.{registration.queued_at:%Y%m%d%H%M%S%f}.{kind}",
        title=lambda: " ".join(render_to_string("events/email/registration_subject.txt", context()).split()),
        body=lambda: render_to_string("events/email/registration_message.txt", context()),
        url=lambda: reverse("events:detail", args=[event.pk]),
        attachments=calendar if kind in WITH_CALENDAR else None,
    )


def send_registration_email(registration_id: int, kind: str) -> bool:
    """Tell the person about their registration; False when the registration is gone, the kind is unknown, or
    they were already told."""
    registration = Registration.objects.select_related("event", "user").filter(pk=registration_id).first()
    if registration is None or kind not in KINDS:
        return False
    return send(registration_notice(registration, kind)) is not None
