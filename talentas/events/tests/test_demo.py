"""manage.py load_demo_events: every event in Lithuanian and English, and nothing doubled when it runs again."""

import io
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

from talentas.events.demo import EVENTS, load_demo_events
from talentas.events.models import Event, EventSeries, EventType, Registration, SteamLesson

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
    texts = ("title", "description", "venue_name")
    for field in [f"{text}_{code}" for text in texts for code in ("lt", "en")]:
        assert not Event.objects.filter(_missing(field)).exists(), field
    # The venue reads in each language, not a copy of the English (the lessons are held at the school).
    assert not Event.objects.filter(venue_name_lt__in=[entry.venue.en for entry in EVENTS]).exists()
    # Lithuanian titles are Lithuanian, not copies of the English ones.
    assert not Event.objects.filter(title_lt__in=[entry.title.en for entry in EVENTS]).exists()
    # Registration questions are asked in both languages, never in English only.
    asked = [question for event in Event.objects.exclude(questions=[]) for question in event.questions]
    assert asked and all(" / " in question for question in asked), asked
    assert "Jūsų įmonė ar projektas (nebūtina) / Your company or project (optional)" in asked
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
    pitch = Event.objects.get(title_en="Dzūkija pitch night: the incubator's teams")
    assert pitch.title_lt == "Dzūkijos startuolių pristatymų vakaras: inkubatoriaus komandos"
    assert pitch.description_lt.startswith("Inkubatoriaus startuoliai")
    assert EventSeries.objects.get().title_lt == "Alytaus startuolių tinklaveikos vakaras"
    lesson.refresh_from_db()
    assert lesson.topic == lesson.event.title_lt != lesson.event.title_en


# Seasons by month, as a visitor in Lithuania reads them, in both languages' words.
SEASONS = {
    "winter": ({12, 1, 2}, ("winter", "žiem", "christmas", "kalėd")),
    "spring": ({3, 4, 5}, ("spring", "pavasar")),
    "summer": ({6, 7, 8}, ("summer", "vasar")),
    "autumn": ({9, 10, 11}, ("autumn", "ruden", "ruduo")),
}


def _local(moment):
    return timezone.localtime(moment)


def _texts(event: Event) -> str:
    return " ".join(filter(None, (event.title_lt, event.title_en, event.description_lt, event.description_en))).lower()


@pytest.mark.parametrize(
    ("today", "clock"),
    [(date(2026, 12, 2), time(21, 30)), (date(2027, 6, 15), time(7, 0)), (date(2027, 3, 1), time(11, 0))],
)
def test_demo_events_begin_at_believable_local_times_in_the_season_they_name(
    plan_and_accounts, today, clock, monkeypatch
):
    """A breakfast at breakfast time, evening meetups after work, nothing at night, whatever day it is loaded;
    a season in a title or description is the season of its date (no summer evening in December)."""
    moment = timezone.make_aware(datetime.combine(today, clock))
    monkeypatch.setattr(timezone, "now", lambda: moment)
    monkeypatch.setattr(timezone, "localdate", lambda *args: today)
    load_demo_events()
    events = Event.objects.exclude(event_type=EventType.STEAM_LESSON)
    assert events.count() == len(EVENTS)
    for event in events:
        starts, ends = _local(event.starts_at), _local(event.ends_at)
        words = _texts(event)
        assert time(8, 0) <= starts.time() <= time(20, 0) and ends.time() <= time(22, 0), (event.title_en, starts)
        assert starts.date() == ends.date(), event.title_en
        if "breakfast" in words or "pusryči" in words:
            assert time(8, 0) <= starts.time() <= time(9, 30), (event.title_en, starts)
        if "evening" in words or "night" in words or "vakar" in words:
            assert time(18, 0) <= starts.time() <= time(20, 0), (event.title_en, starts)
        for months, season_words in SEASONS.values():
            if any(word in words for word in season_words):
                assert starts.month in months, (event.title_en, starts.date())
    # Today's event is this morning's until it begins, then tomorrow morning's: its check-in is open either way.
    breakfast = events.get(title_en="Networking breakfast: tech firms and students")
    assert _local(breakfast.starts_at).date() == today + timedelta(days=0 if clock < time(8, 30) else 1)
    assert breakfast.registrations.filter(checked_in_at__isnull=False).count() == 5


def test_a_demo_event_made_at_night_by_an_earlier_run_moves_to_its_hour(plan_and_accounts):
    load_demo_events()
    breakfast = Event.objects.get(title_en="Networking breakfast: tech firms and students")
    night = timezone.make_aware(datetime.combine(_local(breakfast.starts_at).date(), time(23, 0)))
    Event.objects.filter(pk=breakfast.pk).update(
        starts_at=night, ends_at=night + timedelta(hours=2), title_en="Networking breakfast: tech firms and students"
    )
    summer = Event.objects.get(title_en="Alytus startup networking evening: ask the investors")
    Event.objects.filter(pk=summer.pk).update(title_en="Alytus startup networking evening: summer", title_lt="x")
    assert load_demo_events()["events"] == 0
    breakfast.refresh_from_db()
    summer.refresh_from_db()
    assert _local(breakfast.starts_at).time() == time(8, 30)
    assert breakfast.ends_at - breakfast.starts_at == timedelta(hours=2)
    assert (summer.title_en, summer.title_lt) == (
        "Alytus startup networking evening: ask the investors",
        "Alytaus startuolių tinklaveikos vakaras: klausimai investuotojams",
    )


def test_questions_an_earlier_run_asked_in_english_only_are_asked_in_both_languages(plan_and_accounts):
    load_demo_events()
    event = Event.objects.get(title_en="Alytus startup networking evening: ask the investors")
    both = "Jūsų įmonė ar projektas (nebūtina) / Your company or project (optional)"
    old = "Your company or project (optional)"
    Event.objects.filter(pk=event.pk).update(questions=[old])
    seat = event.registrations.first()
    Registration.objects.filter(pk=seat.pk).update(answers={old: "Kodas Dzūkija"})
    load_demo_events()
    event.refresh_from_db()
    seat.refresh_from_db()
    assert event.questions == [both]
    assert seat.answers == {both: "Kodas Dzūkija"}  # the answer given stays, under the new wording
