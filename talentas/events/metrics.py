"""Metrics this module reports to monitoring (see talentas.core.metrics).

- events.held: events held in the period (ended within it, not cancelled). A qualifier counts one type:
  events.held.networking (action 1.4), .financing_workshop (2.3), .stakeholder_forum (3.1),
  .cross_sector_workshop (3.3), .steam_lesson (1.5), .pitch_event (2.2), .workshop, .public_consultation.
- events.held_under: events of any type held in the period under one plan action (qualifier action_1_4 = action 1.4).
- events.participants: attendances (people checked in) at events held in the period; a type qualifier narrows it.
- events.unique_participants: different people checked in at least once at events held in the period.
- events.steam_hours: STEAM hours for each grade (action 1.5): with no qualifier, the lowest number of hours any
  grade of any school received in the period, so reaching 2 means every grade had its 2 hours;
  `grade_N` gives the lowest for grade N among the schools teaching it; `total` the lesson-hours delivered.
- events.feedback_score: average rating (1-5) given for events held in the period; 0 when nobody rated.
"""

from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Avg, QuerySet
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from talentas.core.metrics import register_metric

from .models import Event, EventType, Feedback, Registration, SchoolGrades, SteamLesson

TYPE_QUALIFIERS = tuple(EventType.values)
TYPE_NAMES = dict(EventType.choices)
GRADE_QUALIFIERS = tuple(f"grade_{number}" for number in range(1, 13))
GRADE_NAMES = {
    **{f"grade_{number}": format_lazy(_("grade {number}"), number=number) for number in range(1, 13)},
    "total": _("all lesson-hours"),
}


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def held_events(start: date, end: date, event_type: str = "") -> QuerySet[Event]:
    """Events that ended in [start, end) and were not cancelled."""
    events = Event.objects.filter(
        status=Event.Status.SCHEDULED, ends_at__gte=_moment(start), ends_at__lt=_moment(end)
    ).filter(ends_at__lte=timezone.now())
    return events.filter(event_type=event_type) if event_type else events


@register_metric(
    "events.held",
    sources=[Event],
    label=_("Events held"),
    unit=_("events"),
    qualifiers=TYPE_QUALIFIERS,
    qualifier_names=TYPE_NAMES,
    description=_("Events that took place in the period (ended, not cancelled); a qualifier counts one type."),
)
def events_held(start: date, end: date, qualifier: str) -> int:
    return held_events(start, end, qualifier).count()


@register_metric(
    "events.held_under",
    sources=[Event],
    label=_("Events held under a plan action"),
    unit=_("events"),
    qualifiers=None,
    description=_(
        "Events of any type that took place in the period under the plan action named by the qualifier, "
        "written action_1_4: events.held_under.action_1_4 counts the networking events and workshops "
        "of action 1.4."
    ),
)
def events_held_under_action(start: date, end: date, qualifier: str) -> int:
    code = qualifier.removeprefix("action_").replace("_", ".")
    return held_events(start, end).filter(action__code=code).count()


def _attendances(start: date, end: date, qualifier: str) -> QuerySet[Registration]:
    return Registration.objects.filter(
        status=Registration.Status.ATTENDED, event__in=held_events(start, end, qualifier)
    )


@register_metric(
    "events.participants",
    sources=[Event, Registration],
    unused_reason="The shipped plan sets no attendance target; kept for plans that do and for the events' own figures.",
    label=_("Event participants"),
    unit=_("participants"),
    qualifiers=TYPE_QUALIFIERS,
    qualifier_names=TYPE_NAMES,
    description=_("People checked in at events held in the period, counted once per event."),
)
def participants(start: date, end: date, qualifier: str) -> int:
    return _attendances(start, end, qualifier).count()


@register_metric(
    "events.unique_participants",
    sources=[Event, Registration],
    unused_reason="The shipped plan sets no target for people reached; kept for plans that do.",
    label=_("Unique event participants"),
    unit=_("persons"),
    qualifiers=TYPE_QUALIFIERS,
    qualifier_names=TYPE_NAMES,
    description=_("Different people checked in at least once at events held in the period."),
)
def unique_participants(start: date, end: date, qualifier: str) -> int:
    return _attendances(start, end, qualifier).values("user_id").distinct().count()


@register_metric(
    "events.steam_hours",
    sources=[Event, SteamLesson, SchoolGrades],
    label=_("Hours of STEAM learning for each grade"),
    unit=_("hours per grade"),
    qualifiers=(*GRADE_QUALIFIERS, "total"),
    qualifier_names=GRADE_NAMES,
    description=_(
        "The lowest number of STEAM hours any grade of any school received in the period (grade_N: among the "
        "schools teaching grade N; total: all lesson-hours delivered)."
    ),
)
def steam_hours(start: date, end: date, qualifier: str) -> Decimal:
    from .selectors import steam_hours as hours_per_school_and_grade

    if qualifier == "total":
        lessons = SteamLesson.objects.filter(
            event__status=Event.Status.SCHEDULED,
            event__starts_at__gte=_moment(start),
            event__starts_at__lt=_moment(end),
        )
        return sum(lessons.values_list("hours", flat=True), Decimal(0))
    hours = hours_per_school_and_grade(start=start, end=end)
    expected = {(row.school_id, grade) for row in SchoolGrades.objects.all() for grade in row.grade_numbers}
    expected |= set(hours)
    if qualifier:
        wanted = int(qualifier.removeprefix("grade_"))
        expected = {pair for pair in expected if pair[1] == wanted}
    if not expected:
        return Decimal(0)
    return min(hours.get(pair, Decimal(0)) for pair in expected)


@register_metric(
    "events.feedback_score",
    sources=[Event, Feedback],
    unused_reason="The shipped plan sets no satisfaction target; kept for plans that do.",
    label=_("Average feedback score"),
    unit=_("out of 5"),
    qualifiers=TYPE_QUALIFIERS,
    qualifier_names=TYPE_NAMES,
    description=_("The average rating attendees gave events held in the period (1 to 5); 0 when nobody rated."),
)
def feedback_score(start: date, end: date, qualifier: str) -> Decimal:
    average = Feedback.objects.filter(registration__event__in=held_events(start, end, qualifier)).aggregate(
        value=Avg("rating")
    )["value"]
    return Decimal(str(round(average, 2))) if average is not None else Decimal(0)
