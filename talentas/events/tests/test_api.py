"""GET /api/v1/events(/{id}), POST /api/v1/events/{id}/registrations, DELETE .../registrations/me."""

import pytest
from django.utils import timezone

from talentas.accounts import services as account_services
from talentas.events.models import Event, Registration

from .factories import EventFactory, RegistrationFactory, in_days


@pytest.fixture(autouse=True)
def english(client):
    """These tests read the API's English messages; without Accept-Language the API answers in Lithuanian."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def token(outsider):
    return account_services.create_api_token(user=outsider, name="events")[1]


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_list_events_with_seats_left(client, event, django_assert_num_queries):
    RegistrationFactory(event=event)
    EventFactory(title="Pitch night", event_type="pitch_event")
    with django_assert_num_queries(3):
        response = client.get("/api/v1/events")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    first = next(item for item in body["items"] if item["id"] == event.pk)
    assert (first["seats_left"], first["seats_taken"], first["capacity"]) == (1, 1, 2)
    assert first["type"] == "networking" and first["registration_open"] is True
    assert "online_url" not in first
    for _ in range(5):
        EventFactory()
    with django_assert_num_queries(3):
        client.get("/api/v1/events")


def test_list_filters(client, event):
    EventFactory(title="Pitch night", event_type="pitch_event")
    titles = [item["title"] for item in client.get("/api/v1/events?type=pitch_event").json()["items"]]
    assert titles == ["Pitch night"]
    assert client.get(f"/api/v1/events?action={event.action.code}").json()["count"] == 1
    assert client.get("/api/v1/events?action=no-such").json()["count"] == 0
    bad = client.get("/api/v1/events?type=party")
    assert bad.status_code == 422
    assert bad.json()["field"] == "type"


def test_get_one_event(client, event):
    response = client.get(f"/api/v1/events/{event.pk}")
    assert response.status_code == 200
    assert response.json()["title"] == "Quarterly networking evening"
    missing = client.get("/api/v1/events/999999")
    assert missing.status_code == 404
    assert set(missing.json()) >= {"detail", "field"}


def test_register_confirmed_then_waitlisted_then_conflict(client, event, token, people):
    RegistrationFactory(event=event)
    response = client.post(
        f"/api/v1/events/{event.pk}/registrations", headers=bearer(token), content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json() == {"status": "confirmed", "waitlist_position": None}
    again = client.post(f"/api/v1/events/{event.pk}/registrations", headers=bearer(token))
    assert again.status_code == 409
    assert again.json()["detail"] == "You are already registered for this event."
    other = account_services.create_api_token(user=people[0], name="events")[1]
    waitlisted = client.post(f"/api/v1/events/{event.pk}/registrations", headers=bearer(other))
    assert waitlisted.status_code == 201
    assert waitlisted.json() == {"status": "waitlisted", "waitlist_position": 1}


def test_register_with_answers(client, event, token, outsider):
    Event.objects.filter(pk=event.pk).update(questions=["Company?"])
    response = client.post(
        f"/api/v1/events/{event.pk}/registrations",
        {"answers": {"Company?": "GreenHub"}},
        headers=bearer(token),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert Registration.objects.get(user=outsider).answers == {"Company?": "GreenHub"}
    bad = client.post(
        f"/api/v1/events/{event.pk}/registrations",
        {"answers": {"Shoe size?": "44"}},
        headers=bearer(token),
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad.json()["field"] == "answers"
    broken = client.post(
        f"/api/v1/events/{event.pk}/registrations", "{", headers=bearer(token), content_type="application/json"
    )
    assert broken.status_code == 422


def test_register_refusals(client, event, token):
    assert client.post(f"/api/v1/events/{event.pk}/registrations").status_code == 401
    assert client.post(f"/api/v1/events/{event.pk}/registrations", headers=bearer("tal_nope")).status_code == 401
    missing = client.post("/api/v1/events/999999/registrations", headers=bearer(token))
    assert missing.status_code == 404
    assert missing.json()["code"] == "event_not_found"
    Event.objects.filter(pk=event.pk).update(registration_opens_at=in_days(-5), registration_closes_at=in_days(-1))
    closed = client.post(f"/api/v1/events/{event.pk}/registrations", headers=bearer(token))
    assert closed.status_code == 400
    assert closed.json()["code"] == "registration_closed"
    assert closed.json()["field"] == "event"
    Event.objects.filter(pk=event.pk).update(
        status="cancelled", cancelled_at=timezone.now(), registration_closes_at=None
    )
    cancelled = client.post(f"/api/v1/events/{event.pk}/registrations", headers=bearer(token))
    assert cancelled.status_code == 400
    assert cancelled.json()["detail"] == "The event is cancelled."


def test_cancel_my_registration_promotes_the_next(client, event, token, outsider, people):
    client.post(f"/api/v1/events/{event.pk}/registrations", headers=bearer(token))
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status="waitlisted")
    response = client.delete(f"/api/v1/events/{event.pk}/registrations/me", headers=bearer(token))
    assert response.status_code == 204
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    again = client.delete(f"/api/v1/events/{event.pk}/registrations/me", headers=bearer(token))
    assert again.status_code == 404
    assert client.delete(f"/api/v1/events/{event.pk}/registrations/me").status_code == 401
