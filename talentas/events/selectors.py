"""Reads for events, with the joins and counts each page needs already applied.

Lists cost a fixed number of queries however many events they show: `seats_taken` is the event's own seat
counter, `seats_left` and `waitlist_length` come as annotations, organisers as one prefetch.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from talentas.organisations import selectors as organisation_selectors

from .models import Event, Feedback, Registration, SchoolGrades, SchoolYear, SteamLesson

Status = Registration.Status
STEAM_TARGET_HOURS = Decimal(2)


def plan_actions() -> QuerySet:
    """The plan's actions (for the event form and filters), in plan order. Reached through Event's foreign key
    so that this app does not import the plans app's models."""
    action_model: Any = Event._meta.get_field("action").related_model
    return action_model.objects.select_related("plan").order_by("plan_id", "objective__order", "order", "pk")


def organiser_choices() -> QuerySet:
    """Listed organisations, by name."""
    return organisation_selectors.directory()


def _with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.annotate(
        waitlist_length=Count("registrations", filter=Q(registrations__status=Status.WAITLISTED), distinct=True),
        seats_left=F("capacity") - F("seats_taken"),
    )


def events_with_details() -> QuerySet[Event]:
    """Every event with its action, organisers and seat counts (`seats_taken`, `seats_left`, `waitlist_length`)."""
    organisers = Prefetch("organisers", queryset=organisation_selectors.directory().order_by("name"))
    return _with_counts(
        Event.objects.select_related("action", "action__plan", "series", "steam_lesson", "cover").prefetch_related(
            organisers
        )
    )


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def calendar(
    *,
    action_id: int | None = None,
    event_type: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    language: str = "",
    organisation_id: int | None = None,
    action_code: str = "",
) -> QuerySet[Event]:
    """Events in date order for the public calendar; by default those not yet over. Three queries when listed."""
    events = events_with_details()
    if date_from is None and date_to is None:
        events = events.filter(ends_at__gte=timezone.now())
    if date_from is not None:
        events = events.filter(ends_at__gte=_day_start(date_from))
    if date_to is not None:
        events = events.filter(starts_at__lt=_day_start(date_to + timedelta(days=1)))
    if action_id:
        events = events.filter(action_id=action_id)
    if action_code:
        events = events.filter(action__code=action_code)
    if event_type:
        events = events.filter(event_type=event_type)
    if language:
        events = events.filter(Q(language=language) | Q(language="lt-en"))
    if organisation_id:
        events = events.filter(organisers=organisation_id)
    return events.order_by("starts_at", "pk")


def event_by_id(event_id: int) -> Event | None:
    return events_with_details().filter(pk=event_id).first()


def registration_of(user: Any, event: Event) -> Registration | None:
    """The person's registration for the event (any status), with its feedback if given."""
    if not user.is_authenticated:
        return None
    return Registration.objects.select_related("feedback").filter(event=event, user=user).first()


def registration_with_event(registration_id: int) -> Registration | None:
    return Registration.objects.select_related("event", "user", "checked_in_by").filter(pk=registration_id).first()


def my_registrations(user: Any) -> QuerySet[Registration]:
    """A person's registrations, soonest event first, with the events' details and any feedback given."""
    events = events_with_details()
    return (
        Registration.objects.filter(user=user)
        .select_related("feedback")
        .prefetch_related(Prefetch("event", queryset=events))
        .order_by("event__starts_at", "pk")
    )


def attendees(event: Event) -> QuerySet[Registration]:
    """Everyone who registered, by status then arrival, with their person and feedback."""
    order = {
        Status.ATTENDED: 0,
        Status.CONFIRMED: 1,
        Status.NO_SHOW: 2,
        Status.PENDING: 3,
        Status.WAITLISTED: 4,
        Status.CANCELLED: 5,
    }
    from django.db.models import Case, IntegerField, Value, When

    rank = Case(*[When(status=key, then=Value(value)) for key, value in order.items()], output_field=IntegerField())
    return (
        Registration.objects.filter(event=event)
        .select_related("user", "feedback")
        .annotate(rank=rank)
        .order_by("rank", "queued_at", "pk")
    )


def check_in_list(event: Event) -> QuerySet[Registration]:
    """The people expected at the door (confirmed, attended or marked no-show), by name."""
    return (
        Registration.objects.filter(event=event, status__in=Registration.SEAT_HOLDING)
        .select_related("user")
        .order_by("user__full_name", "user__email", "pk")
    )


@dataclass
class EventFigures:
    """What the public may know about an event: numbers, never names."""

    registered: int
    attended: int
    no_shows: int
    waitlisted: int
    feedback_count: int
    average_rating: Decimal | None


def event_figures(event: Event) -> EventFigures:
    """Aggregate numbers of one event. Two queries."""
    counts = Registration.objects.filter(event=event).aggregate(
        registered=Count("pk", filter=Q(status__in=Registration.SEAT_HOLDING)),
        attended=Count("pk", filter=Q(status=Status.ATTENDED)),
        no_shows=Count("pk", filter=Q(status=Status.NO_SHOW)),
        waitlisted=Count("pk", filter=Q(status=Status.WAITLISTED)),
    )
    feedback = Feedback.objects.filter(registration__event=event).aggregate(count=Count("pk"), average=Avg("rating"))
    average = feedback["average"]
    return EventFigures(
        **counts,
        feedback_count=feedback["count"],
        average_rating=Decimal(str(round(average, 1))) if average is not None else None,
    )


def managed_events(organisation_ids: frozenset[int], *, everything: bool) -> QuerySet[Event]:
    """Events the person organises (all events for plan staff), latest first."""
    events = events_with_details()
    if not everything:
        events = events.filter(organisers__in=organisation_ids).distinct()
    return events.order_by("-starts_at", "pk")


def events_of_person(user: Any) -> QuerySet[Event]:
    """The events a person is registered for (not cancelled, not declined): their personal calendar feed."""
    return (
        Event.objects.filter(registrations__user=user)
        .exclude(registrations__status=Status.CANCELLED, registrations__user=user)
        .select_related("action")
        .order_by("starts_at", "pk")
    )


def feed_events() -> QuerySet[Event]:
    """Events for a subscribable feed: from a year back on, with their action."""
    return Event.objects.filter(ends_at__gte=timezone.now() - timedelta(days=365)).select_related("action")


def person_by_feed_token(token: str):
    from .models import CalendarFeed

    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    return feed.user if feed is not None and feed.user.is_active else None


def registrations_to_remind(now: datetime) -> QuerySet[Registration]:
    """Confirmed people whose event starts within a day and who have not been reminded."""
    return Registration.objects.filter(
        status=Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        event__status=Event.Status.SCHEDULED,
        event__starts_at__gt=now,
        event__starts_at__lte=now + timedelta(days=1),
    )


def registrations_to_ask_for_feedback(now: datetime) -> QuerySet[Registration]:
    """Attendees of events that ended in the last week, not yet asked for feedback."""
    return Registration.objects.filter(
        status=Status.ATTENDED,
        feedback_requested_at__isnull=True,
        event__ends_at__lte=now,
        event__ends_at__gt=now - timedelta(days=7),
    )


def events_to_close(now: datetime) -> QuerySet[Event]:
    """Events over for a day with confirmed people never checked in (they become no-shows)."""
    return Event.objects.filter(
        status=Event.Status.SCHEDULED,
        ends_at__lte=now - timedelta(days=1),
        registrations__status=Status.CONFIRMED,
    ).distinct()


# STEAM lessons -------------------------------------------------------------------------------------------


def school_years() -> QuerySet[SchoolYear]:
    return SchoolYear.objects.order_by("-starts_on")


def schools() -> QuerySet:
    """Listed schools, by name."""
    return organisation_selectors.directory(kind="school")


@dataclass
class GradeCell:
    grade: int
    hours: Decimal
    target: Decimal = STEAM_TARGET_HOURS

    @property
    def short(self) -> bool:
        return self.hours < self.target

    @property
    def missing(self) -> Decimal:
        return max(self.target - self.hours, Decimal(0))

    @property
    def percent(self) -> int:
        return min(100, int(self.hours * 100 / self.target)) if self.target else 100


@dataclass
class SchoolRow:
    school: Any
    cells: list[GradeCell | None]  # one per grade column; None where the school has no such grade
    lesson_count: int

    @property
    def short_grades(self) -> list[int]:
        return [cell.grade for cell in self.cells if cell is not None and cell.short]


@dataclass
class SteamReport:
    school_year: SchoolYear
    grades: list[int]
    rows: list[SchoolRow]
    city_lowest: dict[int, Decimal] = field(default_factory=dict)  # per grade: the lowest hours among its schools

    @property
    def cells(self) -> list[GradeCell]:
        return [cell for row in self.rows for cell in row.cells if cell is not None]

    @property
    def short_count(self) -> int:
        return sum(cell.short for cell in self.cells)

    @property
    def lowest_cells(self) -> list[GradeCell]:
        """Per grade, the lowest hours any school gave it: the city meets the target where this reaches 2."""
        return [GradeCell(grade, self.city_lowest.get(grade, Decimal(0))) for grade in self.grades]


def steam_hours(*, start: date, end: date) -> dict[tuple[int, int], Decimal]:
    """Hours of STEAM lessons held (not cancelled) in [start, end), per (school id, grade). One query."""
    rows = (
        SteamLesson.objects.filter(
            event__status=Event.Status.SCHEDULED,
            event__starts_at__gte=_day_start(start),
            event__starts_at__lt=_day_start(end),
        )
        .values_list("school_id", "grades__number", "hours")
        .order_by()
    )
    totals: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for school_id, grade, hours in rows:
        if grade is not None:
            totals[(school_id, grade)] += hours
    return totals


def steam_report(school_year: SchoolYear) -> SteamReport:
    """Hours delivered per school and grade in the school year against the 2-hour target. Three queries.

    Schools come from their recorded grades (SchoolGrades); a school with lessons but no grades recorded shows
    the grades it had lessons for.
    """
    end = school_year.ends_on + timedelta(days=1)
    hours = steam_hours(start=school_year.starts_on, end=end)
    lesson_counts = dict(
        SteamLesson.objects.filter(school_year=school_year, event__status=Event.Status.SCHEDULED)
        .values_list("school_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    profiles = {row.school_id: row for row in SchoolGrades.objects.select_related("school")}
    school_grades: dict[int, set[int]] = {pk: set(profile.grade_numbers) for pk, profile in profiles.items()}
    for school_id, grade in hours:
        if school_id not in profiles:
            school_grades.setdefault(school_id, set()).add(grade)
    extra = organisation_selectors.directory().filter(pk__in=set(school_grades) - set(profiles))
    names = {pk: profile.school for pk, profile in profiles.items()} | {school.pk: school for school in extra}
    grades = sorted({grade for numbers in school_grades.values() for grade in numbers})
    rows = []
    for school_id in sorted(school_grades, key=lambda pk: names[pk].name if pk in names else ""):
        if school_id not in names:
            continue
        cells = [
            GradeCell(grade, hours.get((school_id, grade), Decimal(0))) if grade in school_grades[school_id] else None
            for grade in grades
        ]
        rows.append(SchoolRow(names[school_id], cells, lesson_counts.get(school_id, 0)))
    report = SteamReport(school_year, grades, rows)
    for index, grade in enumerate(grades):
        column = [row.cells[index] for row in rows if row.cells[index] is not None]
        report.city_lowest[grade] = min((cell.hours for cell in column if cell is not None), default=Decimal(0))
    return report


def lessons_of_year(school_year: SchoolYear) -> QuerySet[SteamLesson]:
    return (
        SteamLesson.objects.filter(school_year=school_year)
        .select_related("school", "event")
        .prefetch_related("grades")
        .order_by("-event__starts_at", "pk")
    )


def training_attendance(*, organisation_ids, action_id: int | None, start: date, end: date) -> QuerySet[Registration]:
    """Who of these organisations' members attended (or was checked in at) events of a plan action held from
    `start` to `end` (both days included), soonest first: the training record of the accelerator's cohorts."""
    if action_id is None:
        return Registration.objects.none()
    return (
        Registration.objects.filter(
            Q(status=Registration.Status.ATTENDED) | Q(checked_in_at__isnull=False),
            event__action_id=action_id,
            event__starts_at__gte=_day_start(start),
            event__starts_at__lt=_day_start(end + timedelta(days=1)),
            user__memberships__organisation_id__in=organisation_ids,
        )
        .select_related("event", "user")
        .annotate(organisation_id=F("user__memberships__organisation_id"))
        .order_by("event__starts_at", "pk")
    )
