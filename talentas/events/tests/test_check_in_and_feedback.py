"""Check-in by name or by ticket, no-shows, and feedback once per attendee."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from talentas.core.errors import Conflict, DomainError, PermissionDenied
from talentas.events import services
from talentas.events.models import Registration

from .factories import RegistrationFactory

Status = Registration.Status


@pytest.fixture(autouse=True)
def in_english():
    """Pages are asserted in English whatever language an earlier test left active."""
    with translation.override("en"):
        yield


@pytest.fixture
def at_the_door(event):
    with time_machine.travel(event.starts_at - datetime.timedelta(minutes=30), tick=False):
        yield


@pytest.fixture
def seat(event, outsider):
    return services.register_for_event(user=outsider, event_id=event.pk).registration


def test_an_organiser_checks_a_person_in_once_and_the_second_time_hears_when_and_by_whom(
    seat, owner, member, at_the_door
):
    member.full_name = "Rasa Door"
    member.save()
    services.check_in(actor=member, registration_id=seat.pk)
    seat.refresh_from_db()
    first = seat.checked_in_at
    assert (seat.status, seat.checked_in_by) == ("attended", member) and first is not None
    with pytest.raises(Conflict) as again:
        services.check_in(actor=owner, registration_id=seat.pk)
    assert again.value.code == "already_checked_in"
    assert timezone.localtime(first).strftime("%H:%M") in again.value.message
    assert "Rasa Door" in again.value.message
    seat.refresh_from_db()
    assert (seat.checked_in_at, seat.checked_in_by) == (first, member)
    services.undo_check_in(actor=owner, registration_id=seat.pk)
    seat.refresh_from_db()
    assert (seat.status, seat.checked_in_at, seat.checked_in_by) == ("confirmed", None, None)


def test_an_attendee_checked_in_cannot_cancel(seat, owner, outsider, at_the_door):
    services.check_in(actor=owner, registration_id=seat.pk)
    with pytest.raises(Conflict) as refused:
        services.cancel_registration(user=outsider, event_id=seat.event_id)
    assert refused.value.code == "already_checked_in"
    seat.refresh_from_db()
    assert seat.status == "attended"


def test_the_api_refuses_an_attendee_cancelling_with_409(client, seat, owner, outsider, at_the_door):
    from talentas.accounts import services as accounts

    services.check_in(actor=owner, registration_id=seat.pk)
    _token, secret = accounts.create_api_token(user=outsider, name="phone")
    response = client.delete(
        f"/api/v1/events/{seat.event_id}/registrations/me", headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 409
    assert response.json()["detail"]


@pytest.mark.parametrize("who", ["outsider", "other_org_member"])
def test_others_cannot_check_in(seat, request, who, at_the_door):
    with pytest.raises(PermissionDenied):
        services.check_in(actor=request.getfixturevalue(who), registration_id=seat.pk)


def test_plan_managers_can_check_in_at_any_event(seat, plan_manager, at_the_door):
    assert services.check_in(actor=plan_manager, registration_id=seat.pk).status == "attended"


def test_waitlisted_people_cannot_be_checked_in(event, owner, at_the_door):
    waiting = RegistrationFactory(event=event, status=Status.WAITLISTED)
    with pytest.raises(DomainError):
        services.check_in(actor=owner, registration_id=waiting.pk)


def test_check_in_only_around_the_event(seat, owner, event):
    with pytest.raises(DomainError):
        services.check_in(actor=owner, registration_id=seat.pk)
    with time_machine.travel(event.ends_at + datetime.timedelta(days=3)), pytest.raises(DomainError):
        services.check_in(actor=owner, registration_id=seat.pk)


def test_a_signed_ticket_checks_in_and_a_forged_one_does_not(seat, owner, at_the_door):
    token = services.ticket_token(seat)
    with pytest.raises(DomainError) as error:
        services.check_in_by_ticket(actor=owner, token=token + "x")
    assert (error.value.status_code, error.value.code) == (404, "invalid_ticket")
    with pytest.raises(DomainError):
        services.check_in_by_ticket(actor=owner, token=str(seat.pk))
    assert services.check_in_by_ticket(actor=owner, token=token).status == "attended"


def test_opening_a_ticket_link_never_checks_anyone_in(client, seat, owner, outsider, at_the_door):
    url = reverse("events:scan", args=[services.ticket_token(seat)])
    client.force_login(outsider)  # the ticket holder opening their own QR is refused
    assert client.get(url).status_code == 403
    client.force_login(owner)
    response = client.get(url)
    assert response.status_code == 200
    assert 'method="post"' in response.text
    seat.refresh_from_db()
    assert (seat.status, seat.checked_in_at) == ("confirmed", None)


def test_the_organiser_checks_in_from_the_ticket_page_with_a_post(client, seat, owner, outsider, at_the_door):
    url = reverse("events:scan", args=[services.ticket_token(seat)])
    client.force_login(outsider)
    assert client.post(url).status_code == 403
    seat.refresh_from_db()
    assert seat.status == "confirmed"
    client.force_login(owner)
    response = client.post(url)
    assert response.status_code == 200
    seat.refresh_from_db()
    assert (seat.status, seat.checked_in_by) == ("attended", owner)


def test_a_second_scan_says_when_and_by_whom(client, seat, owner, at_the_door):
    owner.full_name = "Jonas Organiser"
    owner.save()
    services.check_in(actor=owner, registration_id=seat.pk)
    seat.refresh_from_db()
    url = reverse("events:scan", args=[services.ticket_token(seat)])
    client.force_login(owner)
    moment = timezone.localtime(seat.checked_in_at).strftime("%H:%M")
    for response in (client.get(url), client.post(url)):
        assert "Already checked in at" in response.text
        assert moment in response.text and "Jonas Organiser" in response.text
    assert client.post(url).status_code == 409


def test_the_ticket_check_in_needs_the_csrf_token(seat, owner, at_the_door):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post(reverse("events:scan", args=[services.ticket_token(seat)]))
    assert response.status_code == 403
    seat.refresh_from_db()
    assert seat.status == "confirmed"


def test_scanning_anonymously_asks_to_log_in(client, seat):
    url = reverse("events:scan", args=[services.ticket_token(seat)])
    response = client.get(url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_no_shows_are_recorded_after_the_event(event, owner, people, outsider):
    came = services.register_for_event(user=people[0], event_id=event.pk).registration
    services.register_for_event(user=people[1], event_id=event.pk)
    with time_machine.travel(event.starts_at):
        services.check_in(actor=owner, registration_id=came.pk)
    with pytest.raises(DomainError):
        services.record_no_shows(actor=owner, event_id=event.pk)
    with time_machine.travel(event.ends_at + datetime.timedelta(hours=1)):
        with pytest.raises(PermissionDenied):
            services.record_no_shows(actor=outsider, event_id=event.pk)
        assert services.record_no_shows(actor=owner, event_id=event.pk) == 1
    assert Registration.objects.get(user=people[1]).status == "no_show"


def test_feedback_once_per_attendee_after_the_event(seat, owner, outsider, event, people):
    with time_machine.travel(event.starts_at):
        services.check_in(actor=owner, registration_id=seat.pk)
        with pytest.raises(DomainError):
            services.submit_feedback(user=outsider, event_id=event.pk, rating=5)
    with time_machine.travel(event.ends_at + datetime.timedelta(hours=2)):
        with pytest.raises(PermissionDenied):
            services.submit_feedback(user=people[0], event_id=event.pk, rating=5)
        with pytest.raises(DomainError) as error:
            services.submit_feedback(user=outsider, event_id=event.pk, rating=6)
        assert error.value.field == "rating"
        feedback = services.submit_feedback(user=outsider, event_id=event.pk, rating=4, comment=" Useful ")
        assert (feedback.rating, feedback.comment) == (4, "Useful")
        with pytest.raises(Conflict):
            services.submit_feedback(user=outsider, event_id=event.pk, rating=3)


def test_feedback_page(client, seat, owner, outsider, event):
    url = reverse("events:feedback", args=[event.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 403  # not checked in yet
    with time_machine.travel(event.starts_at):
        services.check_in(actor=owner, registration_id=seat.pk)
    with time_machine.travel(event.ends_at + datetime.timedelta(hours=2)):
        response = client.post(url, {"rating": "", "comment": "kept"})
        assert response.status_code == 400
        assert "kept" in response.text
        response = client.post(url, {"rating": "5", "comment": "Great"})
        assert response.status_code == 302
        assert "You rated this event 5 of 5" in client.get(url).text
