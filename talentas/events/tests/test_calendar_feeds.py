"""iCalendar: one event, and feeds per action, per organisation and per person (with a secret token)."""

from icalendar import Calendar

from talentas.events import services

from .factories import EventFactory


def _events(response):
    assert response["Content-Type"].startswith("text/calendar")
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def test_one_event_as_ics(client, event):
    event.online_url = "https://meet.example.org/x"
    event.save()
    (entry,) = _events(client.get(f"/en/events/{event.pk}/event.ics"))
    assert str(entry["summary"]) == "Quarterly networking evening"
    assert entry.decoded("dtstart") == event.starts_at
    assert "meet.example.org" not in str(entry["location"])
    assert str(entry["status"]) == "CONFIRMED"


def test_action_and_organisation_feeds(client, event, organiser_org):
    EventFactory(action=event.action, title="Second")
    EventFactory(title="Elsewhere")
    assert {str(e["summary"]) for e in _events(client.get(f"/en/events/feeds/action-{event.action_id}.ics"))} == {
        "Quarterly networking evening",
        "Second",
    }
    titles = {str(e["summary"]) for e in _events(client.get(f"/en/events/feeds/organisation-{organiser_org.slug}.ics"))}
    assert titles == {"Quarterly networking evening"}
    assert client.get("/en/events/feeds/action-999999.ics").status_code == 404
    assert client.get("/en/events/feeds/organisation-nobody.ics").status_code == 404


def test_personal_feed_needs_the_secret_and_shows_links_to_seat_holders(client, event, outsider):
    event.online_url = "https://meet.example.org/x"
    event.save()
    services.register_for_event(user=outsider, event_id=event.pk)
    EventFactory(title="Not mine")
    feed = services.personal_feed(user=outsider)
    (entry,) = _events(client.get(f"/en/events/feeds/personal-{feed.token}.ics"))
    assert "meet.example.org" in str(entry["location"])
    assert client.get("/en/events/feeds/personal-guess.ics").status_code == 404
    services.cancel_registration(user=outsider, event_id=event.pk)
    assert _events(client.get(f"/en/events/feeds/personal-{feed.token}.ics")) == []
