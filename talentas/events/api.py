"""Events API: the public calendar as open data, and registering or cancelling with a personal token.

GET /events, GET /events/{id}: public, with `seats_left` (never who registered).
POST /events/{id}/registrations: 201 {"status": "confirmed" | "waitlisted" | "pending", "waitlist_position"};
409 for a second registration, 400 for a closed window or a cancelled event, 404 for a missing event.
DELETE /events/{id}/registrations/me: 204; the freed seat goes to the first waitlisted person; 409 once checked in.
"""

from datetime import date, datetime
from typing import Literal

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ValidationError as PydanticValidationError

from talentas.core.api import BoundedPagination, InputSchema, authenticated, error_responses
from talentas.core.errors import DomainError

from . import selectors, services
from .models import Event, EventType

router = Router(tags=["events"])


class EventFilter(InputSchema):
    action: str | None = Field(None, max_length=20, description="Action code of the plan, e.g. 1.4")
    type: EventType | None = None
    date_from: date | None = Field(None, alias="from")
    date_to: date | None = Field(None, alias="to")
    language: Literal["lt", "en"] | None = None


def _own_text(event: Event, column: str) -> str:
    """One language's own text, without falling back to the other: "" where the event has none in it.
    (getattr: django-modeltranslation adds these columns when the app loads, unseen by type checkers.)"""
    return getattr(event, column) or ""


class EventOut(Schema):
    id: int
    title: str = Field(description="In the language asked for, or the other one when the event has none in it")
    title_lt: str = Field(description="Lithuanian title; empty when there is none")
    title_en: str = Field(description="English title; empty when there is none")
    description: str = Field(description="In the language asked for, or the other one when the event has none in it")
    description_lt: str
    description_en: str
    type: EventType
    type_label: str
    # listed, not referenced: a "Status" enum of its own would share one OpenAPI name with the others
    status: str = Field(json_schema_extra={"enum": Event.Status.values})
    starts_at: datetime
    ends_at: datetime
    language: str
    audience: str
    accessibility_notes: str
    venue_name: str
    address: str
    online: bool
    action: str
    organisers: list[str]
    capacity: int
    seats_taken: int
    seats_left: int
    waitlist_length: int
    registration_mode: Event.RegistrationMode
    registration_open: bool
    questions: list[str]
    url: str

    @staticmethod
    def resolve_title_lt(event: Event) -> str:
        return _own_text(event, "title_lt")

    @staticmethod
    def resolve_title_en(event: Event) -> str:
        return _own_text(event, "title_en")

    @staticmethod
    def resolve_description_lt(event: Event) -> str:
        return _own_text(event, "description_lt")

    @staticmethod
    def resolve_description_en(event: Event) -> str:
        return _own_text(event, "description_en")

    @staticmethod
    def resolve_type(event: Event) -> str:
        return event.event_type

    @staticmethod
    def resolve_type_label(event: Event) -> str:
        return str(event.get_event_type_display())

    @staticmethod
    def resolve_online(event: Event) -> bool:
        return event.is_online

    @staticmethod
    def resolve_action(event: Event) -> str:
        return event.action.code

    @staticmethod
    def resolve_organisers(event: Event) -> list[str]:
        return [organisation.name for organisation in event.organisers.all()]

    @staticmethod
    def resolve_seats_left(event: Event) -> int:
        return max(event.seats_left, 0)

    @staticmethod
    def resolve_registration_open(event: Event) -> bool:
        return not services.registration_problem(event)

    @staticmethod
    def resolve_url(event: Event, context) -> str:
        return context["request"].build_absolute_uri(event.get_absolute_url())


class RegistrationIn(InputSchema):
    answers: dict[str, str] = Field(default_factory=dict, description="Question → answer, for the event's questions")


class RegistrationOut(Schema):
    status: Literal["confirmed", "waitlisted", "pending"]
    waitlist_position: int | None


@router.get("/events", response=list[EventOut], summary="Events in the public calendar")
@paginate(BoundedPagination)
def list_events(request: HttpRequest, filters: Query[EventFilter]):
    """Events not yet over by default (or within `from`/`to`), soonest first."""
    return selectors.calendar(
        action_code=filters.action or "",
        event_type=filters.type or "",
        date_from=filters.date_from,
        date_to=filters.date_to,
        language=filters.language or "",
    )


@router.get("/events/{event_id}", response={200: EventOut, **error_responses(404)}, summary="One event")
def get_event(request: HttpRequest, event_id: int):
    """One event with its seats left; the online link is never included (only people with a seat see it)."""
    event = selectors.event_by_id(event_id)
    if event is None:
        raise Http404(_("There is no such event."))
    return event


def _answers(request: HttpRequest) -> dict[str, str]:
    """The optional JSON body: none at all (the usual case), or one that is not JSON, means no answers."""
    if request.content_type != "application/json" or not request.body.strip():
        return {}
    try:
        return RegistrationIn.model_validate_json(request.body).answers
    except PydanticValidationError as error:
        problem = error.errors()[0]
        raise DomainError(
            _("answers: %(message)s") % {"message": problem.get("msg", "")},
            field="answers",
            code=problem.get("type", "invalid"),
            status_code=422,
        ) from error


@router.post(
    "/events/{event_id}/registrations",
    openapi_extra={
        "requestBody": {
            "required": False,
            "content": {"application/json": {"schema": RegistrationIn.model_json_schema()}},
        }
    },
    auth=authenticated,
    response={201: RegistrationOut, **error_responses(400, 404, 409)},
    summary="Register for an event",
)
def register(request: HttpRequest, event_id: int):
    """Register the token's owner. `confirmed` while seats are left, else `waitlisted` with the position in line
    (promoted automatically when someone cancels); `pending` for events whose organisers approve each person.
    409 for a second registration, 400 outside the registration window or for a cancelled event."""
    result = services.register_for_event(user=request.user, event_id=event_id, answers=_answers(request))
    return Status(201, {"status": result.registration.status, "waitlist_position": result.waitlist_position})


@router.delete(
    "/events/{event_id}/registrations/me",
    auth=authenticated,
    response={204: None, **error_responses(400, 404, 409)},
    summary="Cancel my registration",
)
def cancel(request: HttpRequest, event_id: int):
    """Cancel the token owner's registration; the first person on the waitlist takes the seat and is told.
    409 once the person is checked in at the event."""
    services.cancel_registration(user=request.user, event_id=event_id)
    return Status(204, None)
