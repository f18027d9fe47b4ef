"""manage.py load_demo_events: every event in Lithuanian and English, and nothing doubled when it runs again."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Q

from talentas.events.demo import EVENTS, load_demo_events
from talentas.events.models import Event, EventSeries, Registration, SteamLesson

PLAN_FILE = Path(__file__).resolve().parents[3] / "plans" / "alytus-iap.yaml"


@pytest.fixture
def plan_and_accounts(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_plan", str(PLAN_FILE), stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())


def _missing(field):
    return Q(**{f"{field}__isnull": True}) | Q(**{field: ""})


def test_every_demo_event_has_both_languages_and_a_second_run_adds_nothing(plan_and_accounts):
    made = load_demo_events()
    assert made["events"] == len(EVENTS) and made["lessons"] > 0
    for field in ("title_lt", "title_en", "description_lt", "description_en"):
        assert not Event.objects.filter(_missing(field)).exists(), field
    # Lithuanian titles are Lithuanian, not copies of the English ones.
    assert not Event.objects.filter(title_lt__in=[entry.title.en for entry in EVENTS]).exists()
    series = EventSeries.objects.get()
    assert (series.title_lt, series.title_en) == (
        "Alytaus startuolių tinklaveikos vakaras",
        "Alytus startup networking evening",
    )
    counts = (Event.objects.count(), Registration.objects.count(), SteamLesson.objects.count())
    assert load_demo_events() == {"events": 0, "registrations": 0, "lessons": 0}
    assert (Event.objects.count(), Registration.objects.count(), SteamLesson.objects.count()) == counts


def test_a_demo_loaded_before_titles_had_two_languages_is_found_and_translated(plan_and_accounts):
    load_demo_events()
    counts = (Event.objects.count(), EventSeries.objects.count(), SteamLesson.objects.count())
    # What the data migration leaves of the earlier, English-only demo: the English text in both languages.
    for event in Event.objects.all():
        Event.objects.filter(pk=event.pk).update(title_lt=event.title_en, description_lt=event.description_en)
    EventSeries.objects.update(title_lt="Alytus startup networking evening")
    lesson = SteamLesson.objects.select_related("event").first()
    SteamLesson.objects.filter(pk=lesson.pk).update(topic=lesson.event.title_en)
    assert load_demo_events()["events"] == 0
    assert (Event.objects.count(), EventSeries.objects.count(), SteamLesson.objects.count()) == counts
    pitch = Event.objects.get(title_en="Dzūkija pitch night: autumn")
    assert pitch.title_lt == "Dzūkijos startuolių pristatymų vakaras: ruduo"
    assert pitch.description_lt.startswith("Inkubatoriaus startuoliai")
    assert EventSeries.objects.get().title_lt == "Alytaus startuolių tinklaveikos vakaras"
    lesson.refresh_from_db()
    assert lesson.topic == lesson.event.title_lt != lesson.event.title_en
