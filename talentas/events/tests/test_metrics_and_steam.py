"""The figures events report to monitoring, and STEAM lessons per grade against the 2-hour target."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from talentas.core.errors import PermissionDenied
from talentas.core.metrics import metric_value, resolve_metric
from talentas.events import selectors, services
from talentas.events.models import Event, EventType
from talentas.organisations.models import Membership
from talentas.organisations.tests.factories import MembershipFactory

from .factories import EventFactory, FeedbackFactory, RegistrationFactory, SchoolGradesFactory, SchoolYearFactory

NOW = datetime.datetime(2026, 6, 15, 12, tzinfo=datetime.UTC)
YEAR = {"start": datetime.date(2026, 1, 1), "end": datetime.date(2027, 1, 1)}


def at(month: int, day: int = 10) -> datetime.datetime:
    return datetime.datetime(2026, month, day, 16, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _held(event_type=EventType.NETWORKING, month=3, **kwargs):
    return EventFactory(
        event_type=event_type, starts_at=at(month), ends_at=at(month) + datetime.timedelta(hours=2), **kwargs
    )


def test_plan_metric_keys_resolve():
    for key in [
        "events.held.networking",
        "events.held.financing_workshop",
        "events.held.stakeholder_forum",
        "events.held.cross_sector_workshop",
        "events.held.steam_lesson",
        "events.held.pitch_event",
        "events.held.public_consultation",
        "events.held.workshop",
        "events.held_under.action_1_4",
        "events.participants",
        "events.unique_participants",
        "events.steam_hours",
        "events.steam_hours.grade_5",
        "events.feedback_score",
    ]:
        resolve_metric(key)


def test_events_held_counts_ended_not_cancelled_events_of_the_type(db):
    _held(month=2)
    _held(month=5)
    _held(month=7)  # not over yet
    _held(EventType.FINANCING_WORKSHOP, month=4)
    _held(month=3, status=Event.Status.CANCELLED, cancelled_at=timezone.now())
    assert metric_value("events.held.networking", **YEAR) == 2
    assert metric_value("events.held.financing_workshop", **YEAR) == 1
    assert metric_value("events.held", **YEAR) == 3
    assert metric_value("events.held.networking", start=datetime.date(2026, 4, 1), end=datetime.date(2026, 7, 1)) == 1


def test_events_held_under_counts_every_type_under_that_action(db):
    networking = _held(month=2)
    workshop = _held(EventType.WORKSHOP, month=3, action=networking.action)
    _held(EventType.FINANCING_WORKSHOP, month=4)  # another action
    code = networking.action.code.replace(".", "_")
    assert workshop.action_id == networking.action_id
    assert metric_value(f"events.held_under.action_{code}", **YEAR) == 2
    assert metric_value("events.held_under.action_9_9", **YEAR) == 0


def test_participants_unique_participants_and_feedback_score(db, people):
    first, second = _held(month=2), _held(EventType.WORKSHOP, month=3)
    for event, persons in [(first, people[:3]), (second, people[1:4])]:
        for person in persons:
            RegistrationFactory(event=event, user=person, status="attended", checked_in_at=event.starts_at)
    RegistrationFactory(event=first, status="no_show")
    FeedbackFactory(registration__event=first, rating=5)
    FeedbackFactory(registration__event=second, rating=2)
    assert metric_value("events.participants", **YEAR) == 8
    assert metric_value("events.participants.workshop", **YEAR) == 4
    assert metric_value("events.unique_participants", **YEAR) == 6
    assert metric_value("events.feedback_score", **YEAR) == Decimal("3.5")
    assert metric_value("events.feedback_score.pitch_event", **YEAR) == 0


@pytest.fixture
def school_year(db):
    return SchoolYearFactory(name="2025-2026", starts_on=datetime.date(2025, 9, 1), ends_on=datetime.date(2026, 8, 31))


@pytest.fixture
def education_owner(db):
    from talentas.accounts.models import Role
    from talentas.accounts.tests.factories import RoleAssignmentFactory

    return RoleAssignmentFactory(role=Role.INDICATOR_OWNER, department="education").user


def _lesson(user, school, grades, hours, month, event=None):
    action = (event or EventFactory()).action
    return services.record_steam_lesson(
        user=user,
        action_id=action.pk,
        school_id=school.pk,
        grade_numbers=grades,
        hours=Decimal(hours),
        topic="Robots from recycled parts",
        starts_at=at(month),
    )


def test_steam_report_flags_grades_short_of_two_hours(grades, school_year, education_owner):
    school = SchoolGradesFactory(first_grade=5, last_grade=8).school
    _lesson(education_owner, school, [5, 6], 2, 2)
    _lesson(education_owner, school, [7], 1, 3)
    report = selectors.steam_report(school_year)
    (row,) = report.rows
    assert report.grades == [5, 6, 7, 8]
    assert [(cell.grade, cell.hours, cell.short) for cell in row.cells] == [
        (5, 2, False),
        (6, 2, False),
        (7, 1, True),
        (8, 0, True),
    ]
    assert row.short_grades == [7, 8]
    assert report.short_count == 2
    assert metric_value("events.steam_hours", **YEAR) == 0
    assert metric_value("events.steam_hours.grade_5", **YEAR) == 2
    assert metric_value("events.steam_hours.total", **YEAR) == 3
    assert metric_value("events.held.steam_lesson", **YEAR) == 2


def test_steam_page_shows_hours_with_text_not_colour_only(client, grades, school_year, education_owner):
    school = SchoolGradesFactory(first_grade=5, last_grade=6).school
    _lesson(education_owner, school, [5], 2, 2)
    response = client.get("/en/events/steam/", {"year": "2025-2026"})
    assert response.status_code == 200
    text = response.text
    assert "short: 2 h to go" in text
    assert "✓ met" in text
    assert "1 grade short of the target" in text


@pytest.mark.parametrize("schools", [1, 4])
def test_steam_page_query_count(client, grades, school_year, education_owner, django_assert_num_queries, schools):
    for _ in range(schools):
        school = SchoolGradesFactory().school
        _lesson(education_owner, school, [5, 6], 1, 2)
    with django_assert_num_queries(8):
        client.get("/en/events/steam/")


def test_who_records_steam_lessons(client, grades, school_year, education_owner, outsider):
    school = SchoolGradesFactory().school
    teacher = MembershipFactory(organisation=school, role=Membership.Role.MEMBER).user
    other_school = SchoolGradesFactory().school
    with pytest.raises(PermissionDenied):
        _lesson(outsider, school, [5], 1, 2)
    with pytest.raises(PermissionDenied):
        _lesson(teacher, other_school, [5], 1, 2)
    assert _lesson(teacher, school, [5], 1, 2).school == school
    client.force_login(outsider)
    assert client.get("/en/events/steam/new/").status_code == 403
    client.force_login(teacher)
    page = client.get("/en/events/steam/new/")
    assert page.status_code == 200
    assert other_school.name not in page.text


def test_recording_a_lesson_through_the_form(client, grades, school_year, education_owner, event):
    school = SchoolGradesFactory().school
    client.force_login(education_owner)
    data = {"school": school.pk, "topic": "", "starts_at": "2026-03-03T10:00", "hours": "2", "grades": ["5", "6"]}
    response = client.post("/en/events/steam/new/", data)
    assert response.status_code == 400
    data["topic"] = "Coding a weather station"
    assert client.post("/en/events/steam/new/", data).status_code == 302
    data["starts_at"] = "2024-03-03T10:00"
    response = client.post("/en/events/steam/new/", data)
    assert "No school year covers this date." in response.text
