"""iCalendar (RFC 5545) files: one event, or a feed of many that calendar apps subscribe to."""

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from talentas.core.links import absolute_url

from .models import Event

PRODUCT_ID = "-//Talentas//Events//EN"
FEED_REFRESH = timedelta(hours=6)


def _place(event: Event, *, with_link: bool) -> str:
    parts = [part for part in (event.venue_name, event.address) if part]
    if event.online_url and with_link:
        parts.append(event.online_url)
    return ", ".join(parts)


def calendar_file(events: Iterable[Event], *, name: str, linked_event_ids: frozenset[int] = frozenset()) -> bytes:
    """The events as an iCalendar file. Online links appear only for the events in `linked_event_ids`
    (those the reader is confirmed for), as on the site."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
    host = settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "talentas"
    now = timezone.now()
    for event in events:
        entry = CalendarEvent()
        entry.add("uid", f"event-{event.pk}@{host}")
        entry.add("dtstamp", now)
        entry.add("dtstart", event.starts_at)
        entry.add("dtend", event.ends_at)
        # Texts in the active language, or the other one when it has none; LANGUAGE says which (RFC 5545 3.2.10).
        entry.add("summary", event.title, parameters={"LANGUAGE": event.text_language("title")})
        url = absolute_url(event.get_absolute_url())
        entry.add("url", url)
        description = "\n\n".join(part for part in (event.description, url) if part)
        language = {"LANGUAGE": event.text_language("description")} if event.description else {}
        entry.add("description", description, parameters=language)
        place = _place(event, with_link=event.pk in linked_event_ids)
        if place:
            entry.add("location", place)
        entry.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
        entry.add("last-modified", event.updated_at)
        entry.add("sequence", int(event.updated_at.timestamp()) % 2_000_000_000)
        calendar.add_component(entry)
    return calendar.to_ical()
