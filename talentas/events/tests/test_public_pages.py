"""The public calendar, event pages with registration (htmx and plain), tickets and "my events"."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from talentas.events import services
from talentas.events.models import EventType, Registration

from .factories import EventFactory, RegistrationFactory, in_days

CALENDAR = "/en/events/"


def test_calendar_lists_upcoming_events_in_both_languages(client, event):
    EventFactory(
        title="Last year's forum", starts_at=in_days(-300), ends_at=in_days(-300) + datetime.timedelta(hours=2)
    )
    response = client.get(CALENDAR)
    assert response.status_code == 200
    assert "Quarterly networking evening" in response.text
    assert "Last year" not in response.text
    assert "2 seats left of 2" in response.text
    lithuanian = client.get("/lt/events/")
    assert lithuanian.status_code == 200
    assert 'lang="lt"' in lithuanian.text
    with translation.override("en"):
        assert reverse("events:calendar") == CALENDAR


def test_calendar_filters(client, event):
    workshop = EventFactory(
        title="Financing your startup", event_type=EventType.FINANCING_WORKSHOP, language="en", starts_at=in_days(40)
    )

    def titles(**params):
        text = client.get(CALENDAR, params).text
        return {name for name in ("Quarterly networking evening", "Financing your startup") if name in text}

    assert titles(type="financing_workshop") == {"Financing your startup"}
    assert titles(language="en") == {"Financing your startup"}
    assert titles(action=event.action_id) == {"Quarterly networking evening"}
    day = workshop.starts_at.date()
    assert titles(date_from=day.isoformat(), date_to=day.isoformat()) == {"Financing your startup"}
    response = client.get(CALENDAR, {"date_from": "2026-05-01", "date_to": "2026-04-01"})
    assert "must not be before" in response.text


def test_calendar_htmx_returns_the_results_only(client, event):
    response = client.get(CALENDAR, {"type": "networking"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith("<section")


def test_calendar_query_count_does_not_grow_with_events(client, django_assert_num_queries, event):
    for _ in range(2):
        EventFactory()
    with django_assert_num_queries(4):  # actions for the filter, count, events, organisers
        client.get(CALENDAR)
    for _ in range(8):
        RegistrationFactory(event=EventFactory())
    with django_assert_num_queries(4):
        client.get(CALENDAR)


def test_event_page_shows_numbers_but_never_names(client, event):
    RegistrationFactory(event=event, user__full_name="Secret Person")
    response = client.get(event.get_absolute_url().replace("/lt/", "/en/"))
    assert response.status_code == 200
    assert "1 seat left of 2" in response.text
    assert "Secret Person" not in response.text
    assert "Log in to register" in response.text


def test_a_missing_event_is_404(client, db):
    assert client.get("/en/events/999999/").status_code == 404


def test_online_link_only_for_people_with_a_seat(client, event, outsider):
    event.online_url = "https://meet.example.org/alytus-networking"
    event.save()
    url = f"/en/events/{event.pk}/"
    assert "meet.example.org" not in client.get(url).text
    client.force_login(outsider)
    assert "meet.example.org" not in client.get(url).text
    services.register_for_event(user=outsider, event_id=event.pk)
    assert "meet.example.org" in client.get(url).text


def test_register_and_cancel_with_htmx(client, event, outsider, people):
    Registration.objects.bulk_create([])
    services.register_for_event(user=people[0], event_id=event.pk)
    client.force_login(outsider)
    htmx = {"HX-Request": "true"}
    response = client.post(f"/en/events/{event.pk}/register/", headers=htmx)
    assert response.status_code == 200
    assert 'id="registration-box"' in response.text
    assert "Show my ticket" in response.text
    response = client.post(f"/en/events/{event.pk}/register/", headers=htmx)
    assert "already registered" in response.text
    response = client.post(f"/en/events/{event.pk}/cancel-registration/", headers=htmx)
    assert "You cancelled your registration" in response.text
    assert Registration.objects.get(event=event, user=outsider).status == "cancelled"


def test_full_event_offers_the_waitlist_and_tells_the_position(client, event, outsider, people):
    for person in people[:3]:
        services.register_for_event(user=person, event_id=event.pk)
    client.force_login(outsider)
    page = client.get(f"/en/events/{event.pk}/").text
    assert "Join the waitlist" in page
    response = client.post(f"/en/events/{event.pk}/register/", follow=True)
    assert "number 2 on the waitlist" in response.text


def test_answers_are_kept_when_registration_fails(client, event, outsider):
    event.questions = ["Dietary needs?"]
    event.registration_closes_at = in_days(-1)
    event.registration_opens_at = in_days(-3)
    event.save()
    client.force_login(outsider)
    response = client.post(f"/en/events/{event.pk}/register/", {"q0": "vegan"})
    assert response.status_code == 400
    assert "Registration is closed." in response.text


def test_register_requires_login_and_post(client, event, outsider):
    response = client.post(f"/en/events/{event.pk}/register/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(outsider)
    assert client.get(f"/en/events/{event.pk}/register/").status_code == 405


def test_ticket_has_an_inline_qr_code_for_seat_holders_only(client, event, outsider):
    client.force_login(outsider)
    assert client.get(f"/en/events/{event.pk}/ticket/").status_code == 302
    services.register_for_event(user=outsider, event_id=event.pk)
    response = client.get(f"/en/events/{event.pk}/ticket/")
    assert response.status_code == 200
    assert '<svg role="img" aria-label="QR code of your ticket' in response.text
    assert "<img" not in response.text.split("ticket-qr-wrap")[1][:200]


def test_my_events_lists_registrations_and_a_secret_feed(client, event, outsider, django_assert_max_num_queries):
    services.register_for_event(user=outsider, event_id=event.pk)
    past = EventFactory(
        title="Past workshop", starts_at=in_days(-20), ends_at=in_days(-20) + datetime.timedelta(hours=1)
    )
    RegistrationFactory(event=past, user=outsider, status="attended", checked_in_at=past.starts_at)
    client.force_login(outsider)
    response = client.get("/en/events/mine/")
    assert response.status_code == 200
    assert "Quarterly networking evening" in response.text
    assert "Rate the event" in response.text
    assert f"/en/events/{event.pk}/ticket/" in response.text
    token = outsider.event_feed.token
    assert f"personal-{token}.ics" in response.text
    client.post("/en/events/mine/new-calendar-address/")
    outsider.event_feed.refresh_from_db()
    assert outsider.event_feed.token != token


def test_my_events_needs_login(client, db):
    assert client.get("/en/events/mine/").status_code == 302


@pytest.mark.parametrize("count", [1, 6])
def test_my_events_query_count_is_constant(client, outsider, django_assert_num_queries, count):
    for _ in range(count):
        RegistrationFactory(user=outsider)
    services.personal_feed(user=outsider)
    client.force_login(outsider)
    # session, person, registrations, their events, organisers, the feed (in a savepoint)
    with django_assert_num_queries(8):
        client.get("/en/events/mine/")
