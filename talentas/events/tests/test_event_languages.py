"""Event texts in Lithuanian and English: organisers write either or both; readers get their language, else the
other one, marked with lang so that screen readers pronounce it right."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import translation
from icalendar import Calendar

from talentas.core.errors import DomainError
from talentas.events import notifications, services
from talentas.events.models import Event

from .factories import EventFactory, RegistrationFactory, in_days
from .test_organiser_pages import _form

LITHUANIAN_ONLY = {
    "title_lt": "Startuolių vakaras",
    "title_en": "",
    "description_lt": "Susitikimas.",
    "description_en": "",
}


@pytest.fixture
def lithuanian_only(organiser_org):
    return EventFactory(organisers=[organiser_org], **LITHUANIAN_ONLY)


def test_an_organiser_writes_both_languages_and_each_page_shows_its_own(client, member, organiser_org, event):
    client.force_login(member)
    response = client.post("/en/events/new/", _form(event.action, [organiser_org]))
    assert response.status_code == 302
    created = Event.objects.get(title_en="How to finance your startup")
    assert created.title_lt == "Kaip finansuoti startuolį"
    assert (created.audience_lt, created.accessibility_notes_en) == ("Įmonių įkūrėjai", "Step-free entrance.")
    english = client.get(f"/en/events/{created.pk}/").text
    assert "<h1>How to finance your startup</h1>" in english
    assert "Kaip finansuoti startuolį" not in english
    lithuanian = client.get(f"/lt/events/{created.pk}/").text
    assert "<h1>Kaip finansuoti startuolį</h1>" in lithuanian
    assert "Dotacijos, verslo angelai ir bankai." in lithuanian
    assert "How to finance your startup" not in lithuanian


def test_the_form_has_a_field_per_language_marked_with_its_language(client, owner, event):
    event.title_lt, event.title_en = "Ketvirčio vakaras", "Quarterly evening"
    event.save()
    client.force_login(owner)
    page = client.get(f"/en/events/{event.pk}/edit/").text
    assert re.search(r'<input type="text" name="title_lt" value="Ketvirčio vakaras"[^>]* lang="lt"', page)
    assert re.search(r'<input type="text" name="title_en" value="Quarterly evening"[^>]* lang="en"', page)
    assert re.search(r'<textarea name="description_en"[^>]* lang="en"', page)
    assert '<label for="id_title_lt">Title in Lithuanian</label>' in page


def test_an_english_page_marks_a_lithuanian_only_title_as_lithuanian(client, lithuanian_only, outsider):
    detail = client.get(f"/en/events/{lithuanian_only.pk}/").text
    assert '<h1 lang="lt">Startuolių vakaras</h1>' in detail
    assert 'lang="lt"><p>Susitikimas.</p>' in detail
    assert 'lang="lt">Startuolių vakaras</a>' in client.get("/en/events/").text
    # On the Lithuanian page the title is in the page's language: nothing to mark.
    assert "<h1>Startuolių vakaras</h1>" in client.get(f"/lt/events/{lithuanian_only.pk}/").text
    RegistrationFactory(event=lithuanian_only, user=outsider)
    client.force_login(outsider)
    assert (
        '<h1 id="ticket-title" lang="lt">Startuolių vakaras</h1>'
        in client.get(f"/en/events/{lithuanian_only.pk}/ticket/").text
    )
    mine = client.get("/en/events/mine/").text
    assert 'lang="lt">Startuolių vakaras</a>' in mine
    assert '<span lang="lt">Startuolių vakaras</span>' in mine  # the ticket link's hidden name


def test_a_title_in_neither_language_is_refused_and_nothing_typed_is_lost(client, member, organiser_org, event):
    client.force_login(member)
    data = _form(event.action, [organiser_org], title_lt="", title_en="", description_en="Grants and angels.")
    response = client.post("/en/events/new/", data)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["title_lt"] == ["Give the title in Lithuanian, in English or both."]
    assert "title_en" in form.errors
    assert "Grants and angels." in response.text
    assert "Dotacijos, verslo angelai ir bankai." in response.text
    assert Event.objects.count() == 1  # only the fixture's


def test_one_language_is_enough(client, member, organiser_org, event):
    client.force_login(member)
    response = client.post("/en/events/new/", _form(event.action, [organiser_org], title_lt="", title_en="Pitch night"))
    assert response.status_code == 302
    created = Event.objects.get(title_en="Pitch night")
    assert not created.title_lt
    assert '<h1 lang="en">Pitch night</h1>' in client.get(f"/lt/events/{created.pk}/").text


def test_the_service_refuses_an_event_without_a_title(member, organiser_org, event):
    starts = in_days(5)
    with translation.override("en"), pytest.raises(DomainError) as error:
        services.create_event(
            user=member,
            action_id=event.action_id,
            organiser_ids=[organiser_org.pk],
            event_type="workshop",
            title_lt="",
            title_en="",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            address="Naujoji g. 1, Alytus",
            capacity=10,
        )
    assert (error.value.field, error.value.message) == ("title_lt", "Give the title in Lithuanian, in English or both.")


def test_the_api_gives_each_language_and_the_asked_one_as_title(client, lithuanian_only):
    english = client.get(f"/api/v1/events/{lithuanian_only.pk}", headers={"Accept-Language": "en"}).json()
    assert (english["title"], english["title_lt"], english["title_en"]) == (
        "Startuolių vakaras",
        "Startuolių vakaras",
        "",
    )
    assert (english["description_lt"], english["description_en"]) == ("Susitikimas.", "")
    lithuanian_only.title_en = "Startup evening"
    lithuanian_only.save()
    listed = client.get("/api/v1/events", headers={"Accept-Language": "en"}).json()["items"]
    assert [(item["title"], item["title_lt"], item["title_en"]) for item in listed] == [
        ("Startup evening", "Startuolių vakaras", "Startup evening")
    ]
    lithuanian = client.get(f"/api/v1/events/{lithuanian_only.pk}", headers={"Accept-Language": "lt"}).json()
    assert lithuanian["title"] == "Startuolių vakaras"


def _summary(response):
    (entry,) = Calendar.from_ical(response.content).walk("VEVENT")
    return str(entry["summary"]), entry["summary"].params.get("LANGUAGE")


def test_the_calendar_file_follows_the_language(client, event):
    event.title_lt, event.title_en = "Ketvirčio vakaras", "Quarterly evening"
    event.save()
    assert _summary(client.get(f"/lt/events/{event.pk}/event.ics")) == ("Ketvirčio vakaras", "lt")
    assert _summary(client.get(f"/en/events/{event.pk}/event.ics")) == ("Quarterly evening", "en")
    event.title_en = ""
    event.save()
    assert _summary(client.get(f"/en/events/{event.pk}/event.ics")) == ("Ketvirčio vakaras", "lt")


@pytest.mark.parametrize(("language", "title"), [("lt", "Ketvirčio vakaras"), ("en", "Quarterly evening")])
def test_emails_and_their_calendar_entry_are_in_the_recipients_language(
    event, language, title, django_capture_on_commit_callbacks
):
    event.title_lt, event.title_en = "Ketvirčio vakaras", "Quarterly evening"
    event.save()
    registration = RegistrationFactory(event=event, user__preferred_language=language)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the notice's e-mail leaves on commit
        assert notifications.send_registration_email(registration.pk, "confirmed")
    (message,) = mail.outbox
    assert title in message.subject and title in message.body
    (attachment,) = message.attachments
    (entry,) = Calendar.from_ical(attachment[1]).walk("VEVENT")
    assert str(entry["summary"]) == title
