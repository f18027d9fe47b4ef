"""Writes for events: the rules that must never break live here, shared by the pages, the API and the tasks.

Capacity is never exceeded, even under a rush of simultaneous sign-ups: an event's seats are a counter row
(`Event.seats_taken`, see `talentas.core.capacity`). A sign-up takes a seat and writes its registration in one
statement (`Capacity.take_for`), so the row is locked only for the seat decision; e-mails and the dashboards'
data version follow the commit. Changes that move several seats at once (a cancellation that
promotes the waitlist, approving, a new capacity) and joining the waitlist (whose positions must be exact)
lock the counter row first, so they happen one after another per event.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from modeltranslation.utils import get_translation_fields

from talentas.accounts.models import User
from talentas.audit.services import log_action
from talentas.core import pictures, rows
from talentas.core.capacity import Capacity
from talentas.core.errors import Conflict, DomainError, NotFound, PermissionDenied, validate
from talentas.core.formatting import as_text
from talentas.core.i18n import in_every_language
from talentas.core.models import Picture
from talentas.core.workflows import Transition, Workflow
from talentas.organisations import selectors as organisation_selectors

from . import notifications, permissions, selectors, tasks
from .models import (
    CalendarFeed,
    Event,
    EventSeries,
    Feedback,
    Grade,
    Registration,
    SchoolGrades,
    SchoolYear,
    SteamLesson,
)
from .translation import TRANSLATED_FIELDS

Status = Registration.Status
MAX_QUESTIONS = 5
MAX_ANSWER_LENGTH = 500
TICKET_SALT = "talentas.events.ticket"
# Organisers may check people in from a day before the start (doors, early arrivals) to two days after the end.
CHECK_IN_OPENS = timedelta(days=1)
CHECK_IN_CLOSES = timedelta(days=2)
SERIES_STEP: dict[str, relativedelta] = {
    EventSeries.Frequency.WEEKLY: relativedelta(weeks=1),
    EventSeries.Frequency.MONTHLY: relativedelta(months=1),
    EventSeries.Frequency.QUARTERLY: relativedelta(months=3),
    EventSeries.Frequency.YEARLY: relativedelta(years=1),
}
MAX_OCCURRENCES = 24

# The texts come as one column per language (title_lt, title_en, ...): organisers write each language.
EVENT_TEXT_FIELDS = tuple(get_translation_fields(*TRANSLATED_FIELDS[Event]))
TITLE_FIELDS = tuple(get_translation_fields("title"))
EVENT_FIELDS = (
    *EVENT_TEXT_FIELDS,
    "event_type",
    "starts_at",
    "ends_at",
    "language",
    "address",
    "online_url",
    "capacity",
    "registration_mode",
    "registration_opens_at",
    "registration_closes_at",
    "questions",
)


def _seats(event_id: int) -> Capacity:
    return Capacity(Event, event_id, taken="seats_taken", limit="capacity")


def _no_such_event() -> NotFound:
    return NotFound(_("There is no such event."), field="event", code="event_not_found")


def _lock_event(event_id: int) -> Event:
    """The event, locked against other writers of its seats until the transaction ends (see the module doc)."""
    event = _seats(event_id).lock()
    if event is None:
        raise _no_such_event()
    return event  # type: ignore[return-value]


def _notify(registration_id: int, kind: str) -> None:
    transaction.on_commit(lambda: tasks.send_registration_email(registration_id, kind))


# Events --------------------------------------------------------------------------------------------------


def _clean_questions(questions: Any) -> list[str]:
    if isinstance(questions, str):
        questions = questions.splitlines()
    cleaned = [str(question).strip() for question in questions or [] if str(question).strip()]
    if len(cleaned) > MAX_QUESTIONS:
        raise DomainError(
            _("Ask at most %(count)d questions.") % {"count": MAX_QUESTIONS},
            field="questions",
            code="too_many_questions",
        )
    if any(len(question) > 200 for question in cleaned):
        raise DomainError(_("Keep each question under 200 characters."), field="questions", code="question_too_long")
    if len(set(cleaned)) != len(cleaned):
        raise DomainError(_("Each question may be asked once."), field="questions", code="question_repeated")
    return cleaned


def _check_title(event: Event) -> None:
    """A title in at least one language: the other language's readers see it until it is translated."""
    if not any(getattr(event, name) for name in TITLE_FIELDS):
        raise DomainError(
            _("Give the title in Lithuanian, in English or both."), field=TITLE_FIELDS[0], code="title_missing"
        )


def _check_event_rules(event: Event) -> None:
    if event.registration_closes_at and event.registration_closes_at > event.ends_at:
        raise DomainError(
            _("Registration cannot close after the event has ended."),
            field="registration_closes_at",
            code="registration_closes_after_event",
        )
    if event.registration_opens_at and event.registration_opens_at >= event.starts_at:
        raise DomainError(
            _("Registration must open before the event starts."),
            field="registration_opens_at",
            code="registration_opens_after_start",
        )


def _organisers(user: User, organiser_ids: Iterable[int]) -> list:
    ids = {int(pk) for pk in organiser_ids}
    if not ids:
        raise DomainError(
            _("Name at least one organising organisation."), field="organisers", code="organisers_missing"
        )
    if not permissions.can_organise_for(user, ids):
        raise PermissionDenied(
            _("You can organise events only for organisations you belong to."),
            field="organisers",
            code="not_your_organisation",
        )
    organisations = list(organisation_selectors.directory().filter(pk__in=ids))
    if len(organisations) != len(ids):
        raise DomainError(_("Choose organisers from the directory."), field="organisers", code="organiser_unknown")
    return organisations


def _action(action_id: int):
    action = selectors.plan_actions().filter(pk=action_id).first()
    if action is None:
        raise DomainError(_("Choose an action of the plan."), field="action", code="action_unknown")
    return action


@transaction.atomic
def create_event(*, user: User, action_id: int, organiser_ids: Iterable[int], **fields: Any) -> Event:
    """Publish an event for an action of the plan, organised by organisations the person belongs to.

    Plan managers may name any organisation. Raises DomainError (with the field) for invalid input.
    """
    if not permissions.can_create_events(user):
        raise PermissionDenied(
            _("Only members of an organisation and plan managers can create events."), code="event_create_forbidden"
        )
    organisations = _organisers(user, organiser_ids)
    values = {name: fields[name] for name in EVENT_FIELDS if name in fields}
    values["questions"] = _clean_questions(values.get("questions", []))
    event = Event(action=_action(action_id), created_by=user, **values)
    _check_title(event)
    validate(event)
    _check_event_rules(event)
    event.save()
    event.organisers.set(organisations)
    return event


@transaction.atomic
def update_event(*, user: User, event_id: int, action_id: int, organiser_ids: Iterable[int], **fields: Any) -> Event:
    """Save an organiser's changes. A larger capacity promotes waitlisted people at once; the capacity may not
    go below the seats already taken."""
    event = _lock_event(event_id)
    if not permissions.can_manage_event(user, event):
        raise PermissionDenied(
            _("Only the event's organisers and plan managers can edit it."), code="event_edit_forbidden"
        )
    organisations = _organisers(user, organiser_ids) if permissions.is_plan_staff(user) else None
    if organisations is None:
        # Members keep at least one of their own organisations among the organisers.
        organisations = _organisers(user, organiser_ids)
    for name in EVENT_FIELDS:
        if name in fields:
            setattr(event, name, fields[name])
    event.questions = _clean_questions(event.questions)
    event.action = _action(action_id)
    _check_title(event)
    taken = event.seats_taken  # fresh: the event is locked
    if event.capacity is not None and event.capacity < taken:  # before full_clean's generic constraint message
        raise DomainError(
            _("%(count)d people already hold a seat: the capacity cannot be lower.") % {"count": taken},
            field="capacity",
            code="capacity_below_seats_taken",
        )
    validate(event)
    _check_event_rules(event)
    event.save()
    event.organisers.set(organisations)
    _promote_waitlisted(event)
    return event


@transaction.atomic
def cancel_event(*, user: User, event_id: int) -> Event:
    """Call an event off: everyone still registered is told. It stays in the calendar, marked cancelled."""
    event = _lock_event(event_id)
    if not permissions.can_manage_event(user, event):
        raise PermissionDenied(
            _("Only the event's organisers and plan managers can cancel it."), code="event_cancel_forbidden"
        )
    if event.is_cancelled:
        return event
    if event.ends_at <= timezone.now():
        raise DomainError(_("The event is over; it cannot be cancelled any more."), code="event_over")
    event.status = Event.Status.CANCELLED
    event.cancelled_at = timezone.now()
    event.save(update_fields=["status", "cancelled_at", "updated_at"])
    log_action(actor=user, verb="events.event.cancel", target=event, changes={"status": ["scheduled", "cancelled"]})
    for registration_id in event.registrations.exclude(status=Status.CANCELLED).values_list("pk", flat=True):
        _notify(registration_id, "event_cancelled")
    return event


@transaction.atomic
def repeat_event(*, user: User, event_id: int, frequency: str, occurrences: int) -> list[Event]:
    """Make a recurring series from an event: `occurrences` more events, each `frequency` after the last.

    The event becomes the first of the series; the copies keep its place, capacity, questions and organisers,
    with the registration window shifted alike. Returns the new events.
    """
    event = _lock_event(event_id)
    if not permissions.can_manage_event(user, event):
        raise PermissionDenied(
            _("Only the event's organisers and plan managers can repeat it."), code="event_repeat_forbidden"
        )
    if frequency not in SERIES_STEP:
        raise DomainError(_("Choose how often the event repeats."), field="frequency", code="frequency_missing")
    if not 1 <= occurrences <= MAX_OCCURRENCES:
        raise DomainError(
            _("Repeat it 1 to %(most)d more times.") % {"most": MAX_OCCURRENCES},
            field="occurrences",
            code="occurrences_out_of_range",
        )
    if event.series_id is None:
        titles = {name: getattr(event, name) for name in TITLE_FIELDS}
        event.series = EventSeries.objects.create(frequency=frequency, **titles)
        event.save(update_fields=["series", "updated_at"])
    organisers = list(event.organisers.all())
    made = []
    for number in range(1, occurrences + 1):
        step = SERIES_STEP[frequency] * number
        copy = Event(
            action_id=event.action_id,
            series=event.series,
            created_by=user,
            **{name: getattr(event, name) for name in EVENT_FIELDS},
        )
        for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
            moment = getattr(event, name)
            setattr(copy, name, moment + step if moment else None)
        validate(copy)
        copy.save()
        copy.organisers.set(organisers)
        made.append(copy)
    return made


# Registration --------------------------------------------------------------------------------------------


def registration_problem(event: Event, *, now: datetime | None = None) -> str:
    """Why nobody can register for the event now, or "" when they can."""
    now = now or timezone.now()
    if event.is_cancelled:
        return _("The event is cancelled.")
    if event.registration_mode == Event.RegistrationMode.NONE:
        return _("This event takes no registrations on Talentas.")
    if event.registration_opens_at and now < event.registration_opens_at:
        opens = as_text(event.registration_opens_at, "SHORT_DATETIME_FORMAT")
        return _("Registration opens on %(moment)s.") % {"moment": opens}
    closes = event.registration_closes_at or event.starts_at
    if now >= closes:
        return _("Registration is closed.")
    return ""


def _clean_answers(event: Event, answers: dict | None) -> dict[str, str]:
    answers = answers or {}
    if not isinstance(answers, dict):
        raise DomainError(_("Answers must map each question to its answer."), field="answers", code="answers_malformed")
    unknown = [question for question in answers if question not in event.questions]
    if unknown:
        raise DomainError(
            _("The event does not ask “%(question)s”.") % {"question": unknown[0]},
            field="answers",
            code="question_unknown",
        )
    cleaned = {}
    for question, answer in answers.items():
        text = str(answer or "").strip()
        if len(text) > MAX_ANSWER_LENGTH:
            raise DomainError(
                _("Keep each answer under %(count)d characters.") % {"count": MAX_ANSWER_LENGTH},
                field="answers",
                code="answer_too_long",
            )
        if text:
            cleaned[question] = text
    return cleaned


@dataclass(frozen=True)
class RegistrationResult:
    registration: Registration
    waitlist_position: int | None


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first in line; None when the person is not waitlisted."""
    if registration.status != Status.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id, status=Status.WAITLISTED, queued_at__lte=registration.queued_at
    ).exclude(queued_at=registration.queued_at, pk__gt=registration.pk)
    return ahead.count()


def register_for_event(*, user: User, event_id: int, answers: dict | None = None) -> RegistrationResult:
    """Register the person: confirmed while seats are left, else waitlisted in arrival order; in approval mode,
    pending until an organiser decides.

    Never exceeds the capacity, also under simultaneous sign-ups (the seat is taken by one conditional UPDATE of
    the event's counter row). Raises Conflict (409) for a second active registration, DomainError for a closed
    window or a cancelled event, NotFound for a missing one.
    """
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Log in to register."), code="login_required")
    try:
        return _register(user=user, event_id=event_id, answers=answers)
    except IntegrityError as error:  # the same person twice at the same moment: the unique constraint says no
        raise _already_registered() from error


def _already_registered() -> Conflict:
    return Conflict(_("You are already registered for this event."), field="event", code="already_registered")


# What registration_problem and _clean_answers read, and the seat counters (a full event goes straight to the
# waitlist's turn, without first trying for a seat).
REGISTRATION_CHECK_FIELDS = (
    "status",
    "registration_mode",
    "registration_opens_at",
    "registration_closes_at",
    "starts_at",
    "questions",
    "capacity",
    "seats_taken",
)


def _event_for_sign_up(event_id: int, user_id: int) -> tuple[Event | None, str | None]:
    """The event with only the columns the checks read (None if there is none), and the status of the person's
    earlier registration (None without one), in one statement written out (see talentas.core.rows): none of
    these columns is translated, and building the QuerySet cost more than the database takes to answer."""
    event_columns, fields = rows.columns(Event, "e", REGISTRATION_CHECK_FIELDS)
    registration, event_pk = Registration._meta, Event._meta.pk.column
    status, of_event, of_user = (rows.column(Registration, name) for name in ("status", "event", "user"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {event_columns}, (SELECT r.{status} FROM {registration.db_table} r "  # noqa: S608 (names from the models)
            f"WHERE r.{of_event} = e.{event_pk} AND r.{of_user} = %s) "
            f"FROM {Event._meta.db_table} e WHERE e.{event_pk} = %s",
            [user_id, event_id],
        )
        row = cursor.fetchone()
    if row is None:
        return None, None
    return rows.instance(Event, fields, row[:-1]), row[-1]


def _waitlisted(event_id: int) -> int:
    """How many wait for a seat of the event (one statement written out, see talentas.core.rows)."""
    registration = Registration._meta
    status, of_event = (rows.column(Registration, name) for name in ("status", "event"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {registration.db_table} WHERE {of_event} = %s AND {status} = %s",  # noqa: S608
            [event_id, Status.WAITLISTED.value],
        )
        return cursor.fetchone()[0]


def _register(*, user: User, event_id: int, answers: dict | None) -> RegistrationResult:
    # Checks and reads first, without a lock: the event and the person's earlier registration, if any, in one
    # round trip, with only the columns the checks read (the event's translated texts would triple what is
    # planned and sent). Each query is a round trip that a rush pays.
    event, earlier_status = _event_for_sign_up(event_id, user.pk)
    if event is None:
        raise _no_such_event()
    problem = registration_problem(event)
    if problem:
        raise DomainError(problem, field="event", code="registration_closed")
    cleaned_answers = _clean_answers(event, answers)
    if earlier_status not in (None, Status.CANCELLED):
        raise _already_registered()
    approval = event.registration_mode == Event.RegistrationMode.APPROVAL
    if earlier_status is None and not approval and event.seats_taken < event.capacity:
        # The rush's path: a free seat and the new registration in one step (Capacity.take_for); a second
        # sign-up of the same person at the same moment fails on the unique constraint, with no seat taken. An
        # event that looked full when read joins the waitlist's turn, which counts the seats again under a lock.
        registration = Registration(
            event=event, user=user, status=Status.CONFIRMED, queued_at=timezone.now(), answers=cleaned_answers
        )
        if _seats(event.pk).take_for(registration):
            _notify(registration.pk, registration.status)
            return RegistrationResult(registration, None)
    return _register_in_turn(
        event=event, user=user, answers=cleaned_answers, approval=approval, again=earlier_status is not None
    )


@transaction.atomic
def _register_in_turn(*, event: Event, user: User, answers: dict, approval: bool, again: bool) -> RegistrationResult:
    """A sign-up that waits its turn on the event's counter row: the event looked full (join the queue one after
    another, so each position is exact; a seat freed meanwhile is taken), the event asks an organiser's approval
    (pending, no seat), or someone who cancelled registers again on the same row (one per person and event)."""
    if again:
        registration = Registration.objects.select_for_update().get(event=event, user=user)
        if registration.status != Status.CANCELLED:  # registered again meanwhile, in a simultaneous request
            raise _already_registered()
    else:
        registration = Registration(event=event, user=user)
    registration.answers = answers
    registration.cancelled_at = None
    registration.checked_in_at = None
    registration.checked_in_by = None
    registration.queued_at = timezone.now()
    position = None
    if approval:
        registration.status = Status.PENDING
    else:
        seats = _seats(event.pk)
        if seats.lock_and_count_free() and seats.take():
            registration.status = Status.CONFIRMED
        else:
            position = _waitlisted(event.pk) + 1
            registration.status = Status.WAITLISTED
            registration.queued_at = timezone.now()  # the place in line is the moment the lock was won
    if registration._state.adding:
        rows.insert(registration)
    else:
        registration.save()
    _notify(registration.pk, registration.status)
    return RegistrationResult(registration, position)


def _promote_waitlisted(event: Event) -> list[Registration]:
    """Fill free seats from the waitlist, first come first served; each promoted person is told. Event locked."""
    event.refresh_from_db(fields=["seats_taken", "capacity"])
    free = event.capacity - event.seats_taken
    if free <= 0 or event.is_cancelled or event.starts_at <= timezone.now():
        return []
    promoted = list(event.registrations.filter(status=Status.WAITLISTED).order_by("queued_at", "pk")[:free])
    if not promoted:
        return []
    _seats(event.pk).take(len(promoted))
    for registration in promoted:
        registration.status = Status.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        _notify(registration.pk, "promoted")
    return promoted


@transaction.atomic
def cancel_registration(*, user: User, event_id: int) -> Registration:
    """The person gives up their place; a freed seat goes to the first waitlisted person, who is e-mailed.

    Raises NotFound when the person has no active registration, Conflict once they are checked in, and refuses
    once the event has begun.
    """
    event = _lock_event(event_id)
    registration = Registration.objects.filter(event=event, user=user).exclude(status=Status.CANCELLED).first()
    if registration is None:
        raise NotFound(_("You are not registered for this event."), field="event", code="not_registered")
    if registration.status == Status.ATTENDED:
        raise Conflict(
            _("You are checked in at this event, so the registration can no longer be cancelled."),
            field="event",
            code="already_checked_in",
        )
    if event.starts_at <= timezone.now():
        raise DomainError(
            _("The event has begun: registrations can no longer be cancelled."), field="event", code="begun"
        )
    held_seat = registration.holds_seat
    registration.status = Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at", "updated_at"])
    if held_seat:
        _seats(event.pk).release()
    _promote_waitlisted(event)
    return registration


def _managed_registration(actor: User, registration_id: int) -> tuple[Event, Registration]:
    event_id = Registration.objects.filter(pk=registration_id).values_list("event_id", flat=True).first()
    if event_id is None:
        raise NotFound(_("There is no such registration."), code="no_such_registration")
    event = _lock_event(event_id)
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied(_("Only the event's organisers and plan managers can do this."), code="not_an_organiser")
    return event, Registration.objects.select_related("user", "checked_in_by").get(pk=registration_id)


def _may_manage(actor: User, registration: Registration) -> bool:
    return permissions.can_manage_event(actor, registration.event)


_DECIDE_REFUSAL = _lazy("Only the event's organisers and plan managers can do this.")
# Approval mode: an organiser lets a pending person in (a seat if one is free, else the waitlist) or declines.
APPROVAL: Workflow[Registration] = Workflow(
    model=Registration,
    verb_prefix="events.registration",
    transitions=[
        Transition(
            "approve", source=[Status.PENDING], target=Status.CONFIRMED, allowed=_may_manage, refusal=_DECIDE_REFUSAL
        ),
        Transition(
            "approve_to_waitlist",
            source=[Status.PENDING],
            target=Status.WAITLISTED,
            allowed=_may_manage,
            refusal=_DECIDE_REFUSAL,
        ),
        Transition(
            "decline", source=[Status.PENDING], target=Status.CANCELLED, allowed=_may_manage, refusal=_DECIDE_REFUSAL
        ),
    ],
    notice=lambda registration, transition: notifications.registration_notice(
        registration, "declined" if transition.name == "decline" else registration.status
    ),
    queryset=lambda: Registration.objects.select_related("event", "user"),
)


@transaction.atomic
def decide_registration(*, actor: User, registration_id: int, approve: bool) -> Registration:
    """Approve (a seat if one is free, else the waitlist) or decline a registration that awaits approval.

    Raises PermissionDenied for anyone but the organisers and plan managers, Conflict (code
    "transition_not_allowed") when the registration no longer awaits approval; a seat taken for an approval that
    is then refused goes back with the rolled-back transaction."""
    event, registration = _managed_registration(actor, registration_id)
    now = timezone.now()
    if not approve:

        def record_decline(registration: Registration) -> None:
            registration.cancelled_at = now

        return APPROVAL.run(registration_id, "decline", actor=actor, apply=record_decline)
    if registration.status != Status.PENDING:  # before taking a seat for it
        return APPROVAL.run(registration_id, "approve", actor=actor)  # raises the workflow's refusal
    has_queue = event.registrations.filter(status=Status.WAITLISTED).exists()
    seat_taken = not has_queue and _seats(event.pk).take()

    def record_approval(registration: Registration) -> None:
        registration.queued_at = now

    return APPROVAL.run(
        registration_id, "approve" if seat_taken else "approve_to_waitlist", actor=actor, apply=record_approval
    )


def _check_in_window(event: Event) -> None:
    now = timezone.now()
    if event.is_cancelled:
        raise DomainError(_("The event is cancelled."), code="cancelled")
    if now < event.starts_at - CHECK_IN_OPENS:
        raise DomainError(_("Check-in opens a day before the event."), code="check_in_not_open")
    if now > event.ends_at + CHECK_IN_CLOSES:
        raise DomainError(_("Check-in closed two days after the event."), code="check_in_closed")


def already_checked_in_message(registration: Registration) -> str:
    """ "Already checked in at 21:23 by <name>": what a second scan or tick tells the organiser."""
    moment = as_text(registration.checked_in_at, "TIME_FORMAT")
    by = registration.checked_in_by
    if by is None:
        return _("Already checked in at %(time)s.") % {"time": moment}
    return _("Already checked in at %(time)s by %(person)s.") % {"time": moment, "person": by.get_full_name() or by}


@transaction.atomic
def check_in(*, actor: User, registration_id: int) -> Registration:
    """Record that the person came, and who let them in. A second check-in changes nothing and raises Conflict
    (code events.already_checked_in) saying when and by whom the first one was made."""
    event, registration = _managed_registration(actor, registration_id)
    _check_in_window(event)
    if registration.status == Status.ATTENDED:
        raise Conflict(already_checked_in_message(registration), code="already_checked_in")
    if registration.status not in (Status.CONFIRMED, Status.NO_SHOW):
        raise DomainError(
            _("%(person)s has no confirmed seat (%(status)s).")
            % {"person": registration.user, "status": registration.get_status_display()},
            code="no_seat",
        )
    registration.status = Status.ATTENDED
    registration.checked_in_at = timezone.now()
    registration.checked_in_by = actor
    registration.save(update_fields=["status", "checked_in_at", "checked_in_by", "updated_at"])
    return registration


@transaction.atomic
def undo_check_in(*, actor: User, registration_id: int) -> Registration:
    """A name ticked by mistake: back to confirmed."""
    event, registration = _managed_registration(actor, registration_id)
    _check_in_window(event)
    if registration.status != Status.ATTENDED:
        raise DomainError(_("This person is not checked in."), code="not_checked_in")
    registration.status = Status.CONFIRMED
    registration.checked_in_at = None
    registration.checked_in_by = None
    registration.save(update_fields=["status", "checked_in_at", "checked_in_by", "updated_at"])
    return registration


def ticket_token(registration: Registration) -> str:
    """The signed code of a ticket's QR: it names the registration and cannot be forged or guessed."""
    return signing.dumps(registration.pk, salt=TICKET_SALT)


def _ticket_registration_id(token: str) -> int:
    try:
        return int(signing.loads(token, salt=TICKET_SALT))
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise NotFound(_("This is not a valid Talentas ticket."), code="invalid_ticket") from error


def ticket_holder(*, actor: User, token: str) -> Registration:
    """The registration a scanned ticket names, for the event's organisers only. Reads; checks nobody in."""
    registration = selectors.registration_with_event(_ticket_registration_id(token))
    if registration is None:
        raise NotFound(_("This is not a valid Talentas ticket."), code="invalid_ticket")
    if not permissions.can_manage_event(actor, registration.event):
        raise PermissionDenied(_("Only the event's organisers and plan managers can do this."), code="not_an_organiser")
    return registration


def check_in_by_ticket(*, actor: User, token: str) -> Registration:
    """Check in the holder of a scanned ticket. NotFound for a forged or damaged code."""
    return check_in(actor=actor, registration_id=_ticket_registration_id(token))


@transaction.atomic
def record_no_shows(*, event_id: int, actor: User | None = None) -> int:
    """After the event: confirmed people who were never checked in become no-shows. Returns how many.

    Called by the organiser's button or, a day after the event ends, by a periodic task (actor None).
    """
    event = _lock_event(event_id)
    if actor is not None and not permissions.can_manage_event(actor, event):
        raise PermissionDenied(_("Only the event's organisers and plan managers can do this."), code="organisers_only")
    if event.ends_at > timezone.now():
        raise DomainError(_("The event is not over yet."), code="event_not_over")
    count = event.registrations.filter(status=Status.CONFIRMED).update(status=Status.NO_SHOW, updated_at=timezone.now())
    return count


# Feedback ------------------------------------------------------------------------------------------------


@transaction.atomic
def submit_feedback(*, user: User, event_id: int, rating: int, comment: str = "") -> Feedback:
    """An attendee rates the event once, from 1 to 5, with an optional comment. Conflict (409) the second time."""
    registration = (
        Registration.objects.select_for_update()
        .select_related("event")
        .filter(event_id=event_id, user=user, status=Status.ATTENDED)
        .first()
    )
    if registration is None:
        raise PermissionDenied(_("Only people checked in at the event can rate it."), code="rating_forbidden")
    if registration.event.ends_at > timezone.now():
        raise DomainError(_("You can rate the event once it is over."), code="event_not_over")
    if Feedback.objects.filter(registration=registration).exists():
        raise Conflict(_("You have already rated this event. Thank you!"), code="already_rated")
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise DomainError(_("Rate from 1 to 5."), field="rating", code="rating_out_of_range")
    feedback = Feedback(registration=registration, rating=rating, comment=(comment or "").strip())
    validate(feedback, exclude=["registration"])
    feedback.save()
    return feedback


# Calendar feeds ------------------------------------------------------------------------------------------


@transaction.atomic
def personal_feed(*, user: User) -> CalendarFeed:
    """The person's secret calendar feed, made the first time it is asked for."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user, defaults={"token": secrets.token_urlsafe(32)})
    return feed


@transaction.atomic
def reset_personal_feed(*, user: User) -> CalendarFeed:
    """A new secret address: the old one stops working (for a link shared by mistake)."""
    feed = personal_feed(user=user)
    feed.token = secrets.token_urlsafe(32)
    feed.save(update_fields=["token", "updated_at"])
    return feed


# STEAM lessons -------------------------------------------------------------------------------------------


@transaction.atomic
def ensure_school_year(*, name: str, starts_on, ends_on) -> SchoolYear:
    year, _created = SchoolYear.objects.get_or_create(name=name, defaults={"starts_on": starts_on, "ends_on": ends_on})
    return year


@transaction.atomic
def set_school_grades(*, school_id: int, first_grade: int, last_grade: int) -> SchoolGrades:
    school = organisation_selectors.directory().filter(pk=school_id, kind="school").first()
    if school is None:
        raise DomainError(_("Choose a school from the directory."), field="school", code="school_unknown")
    grades = SchoolGrades.objects.filter(school=school).first() or SchoolGrades(school=school)
    grades.first_grade, grades.last_grade = first_grade, last_grade
    validate(grades)
    grades.save()
    return grades


@transaction.atomic
def record_steam_lesson(
    *,
    user: User,
    action_id: int,
    school_id: int,
    grade_numbers: Iterable[int],
    hours: Decimal,
    topic: str,
    starts_at: datetime,
    organiser_ids: Iterable[int] = (),
    description: str = "",
    language: str = "lt",
) -> SteamLesson:
    """Record a STEAM lesson at a school: an Event of type STEAM lesson (no public registration) with the grades
    taught, the hours and the topic. The school year is the one the lesson's date falls in.

    The topic and notes are taken to be in the language the lesson is held in (`language`: lt, en or lt-en);
    readers of the other language see them as they are."""
    if not permissions.can_record_lesson_at(user, int(school_id)):
        raise PermissionDenied(
            _("You can record lessons only at your own school."), field="school", code="not_your_school"
        )
    school = organisation_selectors.directory().filter(pk=school_id, kind="school").first()
    if school is None:
        raise DomainError(_("Choose a school from the directory."), field="school", code="school_unknown")
    numbers = sorted({int(number) for number in grade_numbers})
    if not numbers:
        raise DomainError(_("Choose at least one grade."), field="grades", code="grades_missing")
    grades = list(Grade.objects.filter(number__in=numbers))
    if len(grades) != len(numbers):
        raise DomainError(_("Grades run from 1 to 12."), field="grades", code="grade_out_of_range")
    day = timezone.localtime(starts_at).date()
    school_year = SchoolYear.objects.filter(starts_on__lte=day, ends_on__gte=day).first()
    if school_year is None:
        raise DomainError(_("No school year covers this date."), field="starts_at", code="no_school_year")
    hours = Decimal(hours)
    if hours <= 0:
        raise DomainError(_("Hours must be more than 0."), field="hours", code="hours_not_positive")
    topic = (topic or "").strip()
    if not topic:
        raise DomainError(_("Name the lesson's topic."), field="topic", code="topic_missing")
    organisers = {int(pk) for pk in organiser_ids} | {school.pk}
    texts = {
        f"{field}_{code}": value
        for code in language.split("-")
        if code in dict(settings.LANGUAGES)
        for field, value in (("title", topic), ("description", description))
    }
    grade_list = ", ".join(map(str, numbers))
    event = Event(
        action=_action(action_id),
        event_type="steam_lesson",
        **texts,
        **in_every_language("audience", lambda: _("Grades %(grades)s") % {"grades": grade_list}),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=int(hours * 45)),  # a Lithuanian lesson hour is 45 minutes
        language=language,
        **dict.fromkeys(get_translation_fields("venue_name"), school.name),  # the school's own name, in each language
        address=school.address or school.city or school.name,
        capacity=30 * len(numbers),
        registration_mode=Event.RegistrationMode.NONE,
        created_by=user,
    )
    validate(event)
    event.save()
    event.organisers.set(organisation_selectors.directory().filter(pk__in=organisers))
    lesson = SteamLesson(event=event, school=school, school_year=school_year, hours=hours, topic=topic)
    validate(lesson)
    lesson.save()
    lesson.grades.set(grades)
    return lesson


def ensure_grades() -> None:
    """Grades 1 to 12 exist (a data migration makes them; tests that flush the database call this)."""
    Grade.objects.bulk_create([Grade(number=number) for number in range(1, 13)], ignore_conflicts=True)


# Cover picture -------------------------------------------------------------------------------------------


def _cover_event(user: User, event_id: int) -> Event:
    event = _lock_event(event_id)
    if not permissions.can_manage_event(user, event):
        raise PermissionDenied(
            _("Only the event's organisers and plan managers can edit it."), code="event_edit_forbidden"
        )
    return event


@transaction.atomic
def set_cover(*, user: User, event_id: int, upload: UploadedFile) -> Event:
    """An organiser gives the event a cover picture or replaces it (checked and stored by core.pictures, cropped to
    16:9). Raises DomainError (field "picture") for a file that is not a fit picture."""
    event = _cover_event(user, event_id)
    event.cover = pictures.replace_picture(current=event.cover, upload=upload, kind=Picture.Kind.COVER)
    event.save(update_fields=["cover", "updated_at"])
    log_action(actor=user, verb="events.cover.set", target=event, changes={})
    return event


@transaction.atomic
def remove_cover(*, user: User, event_id: int) -> Event:
    event = _cover_event(user, event_id)
    if event.cover is not None:
        pictures.delete_picture(event.cover)
        event.cover = None
        event.save(update_fields=["cover", "updated_at"])
        log_action(actor=user, verb="events.cover.remove", target=event, changes={})
    return event
