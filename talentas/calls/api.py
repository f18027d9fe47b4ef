"""Calls API: the public list of calls, and an organisation's applications drafted, read and submitted by its
members.

- GET /calls (public): published calls, `?phase=open|upcoming|past`; GET /calls/{id}.
- GET /calls/{id}/applications: the caller's organisations' applications to the call; POST starts one (201;
  409 `already_applied`; 403 `not_a_member` for an organisation the caller does not belong to).
- GET/PUT /applications/{id}: read or save the draft (409 `not_editable` once submitted).
- POST /applications/{id}/submit: submits the phase the application is in (`phase`: a two-stage call's
  `concept`, by the concepts' deadline, or the `full` application, by the call's closing); 409 `deadline_passed`
  after that deadline (the draft is kept) or `already_submitted`; 400 `incomplete` / `not_eligible` naming each
  problem.
Anyone but the applicant organisation's members gets 404 for an application.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from talentas.core.api import BoundedPagination, InputSchema, authenticated, error_responses, in_requested_language
from talentas.core.errors import NotFound
from talentas.organisations import selectors as organisation_selectors

from . import permissions, selectors, services
from .models import Application, Call, Stage, WomenLed

router = Router(tags=["calls"])


class CallOut(Schema):
    id: int
    title: str
    summary: str
    programme: str
    programme_kind: str
    phase: Literal["upcoming", "open", "closed"]
    opens_at: datetime
    closes_at: datetime
    budget_eur: Decimal
    committed_eur: Decimal
    max_award_eur: Decimal
    url: str

    @staticmethod
    def resolve_programme(call: Call) -> str:
        return call.programme.name

    @staticmethod
    def resolve_programme_kind(call: Call) -> str:
        return call.programme.kind

    @staticmethod
    def resolve_phase(call: Call) -> str:
        return call.phase()

    @staticmethod
    def resolve_url(call: Call) -> str:
        return call.get_absolute_url()


class CallEligibilityOut(Schema):
    require_city_registration: bool
    max_company_age_years: int | None
    stages_allowed: list[str]
    women_rule: str
    women_extra_points: int
    women_reserved_percent: int
    two_stage: bool
    concept_closes_at: datetime | None = Field(description="A two-stage call's deadline for the concepts")


class CallDetailOut(CallOut):
    body: str
    eligibility: CallEligibilityOut

    @staticmethod
    def resolve_eligibility(call: Call) -> Call:
        return call


class CallLanguageQuery(InputSchema):
    lang: Literal["lt", "en"] | None = Field(None, description="The texts' language (default: the site's)")


class CallListQuery(CallLanguageQuery):
    phase: Literal["open", "upcoming", "past"] | None = Field(None, description="Only calls in this phase")


class CallMissingOut(Schema):
    field: str
    message: str


class CallApplicationOut(Schema):
    id: int
    call: int
    organisation: str
    organisation_slug: str
    status: str = Field(json_schema_extra={"enum": Application.Status.values})
    status_label: str
    phase: str = Field(
        json_schema_extra={"enum": Application.Phase.values},
        description="A two-stage call's `concept`, or the `full` application (every other call's)",
    )
    submit_by: datetime = Field(description="The deadline of the application's phase")
    project_title: str
    summary: str
    requested_eur: Decimal | None
    registered_in_city: bool | None
    founded_on: date | None
    stage: str
    women_led: str
    submitted_at: datetime | None
    status_changed_at: datetime
    editable: bool
    missing: list[CallMissingOut]
    answers: dict[str, Any] = Field(description="Answers to the call's own form, keyed by question key")

    @staticmethod
    def resolve_call(application: Application) -> int:
        return application.call_id

    @staticmethod
    def resolve_organisation(application: Application) -> str:
        return application.organisation.name

    @staticmethod
    def resolve_organisation_slug(application: Application) -> str:
        return application.organisation.slug

    @staticmethod
    def resolve_status_label(application: Application) -> str:
        return str(application.get_status_display())

    @staticmethod
    def resolve_submit_by(application: Application) -> datetime:
        return application.deadline

    @staticmethod
    def resolve_answers(application: Application) -> dict[str, Any]:
        return dict(application.response.answers or {}) if application.response is not None else {}

    @staticmethod
    def resolve_editable(application: Application) -> bool:
        return application.is_editable

    @staticmethod
    def resolve_missing(application: Application) -> list[dict[str, str]]:
        return services.missing(application) if application.is_editable else []


class CallApplicationStartIn(InputSchema):
    organisation: str = Field(max_length=220, description="The applicant organisation's short name (slug)")


class CallApplicationIn(InputSchema):
    project_title: str | None = Field(None, max_length=200)
    summary: str | None = Field(None, max_length=3000)
    requested_eur: Decimal | None = Field(None, gt=0, max_digits=12, decimal_places=2)
    registered_in_city: bool | None = None
    founded_on: date | None = None
    stage: Literal[tuple(Stage.values)] | None = None  # type: ignore[valid-type]
    women_led: Literal[tuple(WomenLed.values)] | None = None  # type: ignore[valid-type]
    answers: dict[str, Any] | None = Field(
        None, description="Answers to the call's own form by question key; keys left out keep their answers"
    )


def _visible_call(request: HttpRequest, pk: int) -> Call:
    return permissions.visible_call(request.user, selectors.call_by_id(pk))


@router.get("/calls", response=list[CallOut], summary="Calls for applications: open, upcoming and past")
@decorate_view(in_requested_language)
@paginate(BoundedPagination)
def list_calls(request: HttpRequest, filters: Query[CallListQuery]):
    """Published calls of the city's programmes, newest first; `?phase=` narrows them by the server's clock."""
    calls = selectors.published_calls().order_by("-opens_at", "pk")
    now = timezone.now()
    if filters.phase == "open":
        calls = calls.filter(opens_at__lte=now, closes_at__gt=now)
    elif filters.phase == "upcoming":
        calls = calls.filter(opens_at__gt=now)
    elif filters.phase == "past":
        calls = calls.filter(closes_at__lte=now)
    return calls


@router.get("/calls/{pk}", response={200: CallDetailOut, **error_responses(404)}, summary="One call")
@decorate_view(in_requested_language)
def get_call(request: HttpRequest, pk: int, query: Query[CallLanguageQuery]):
    """The call's texts, dates, budget and eligibility rules."""
    return _visible_call(request, pk)


@router.get(
    "/calls/{pk}/applications",
    auth=authenticated,
    response={200: list[CallApplicationOut], **error_responses(404)},
    summary="My organisations' applications to a call",
)
@paginate(BoundedPagination)
def list_applications(request: HttpRequest, pk: int):
    """The applications to this call of the organisations the caller belongs to (none for anyone else)."""
    call = _visible_call(request, pk)
    ids = organisation_selectors.organisation_ids_of(request.user)
    return selectors.applications_of_call(call).filter(organisation_id__in=ids)


@router.post(
    "/calls/{pk}/applications",
    auth=authenticated,
    response={201: CallApplicationOut, **error_responses(403, 404, 409)},
    summary="Start my organisation's application",
)
def start_application(request: HttpRequest, pk: int, payload: CallApplicationStartIn):
    """A new draft for the named organisation, which the caller must belong to; one per organisation and call."""
    call = _visible_call(request, pk)
    organisation = organisation_selectors.organisation_by_slug(payload.organisation)
    if organisation is None:
        raise NotFound(_no_such_organisation(), field="organisation", code="no_such_organisation")
    application = services.start_application(user=request.user, call=call, organisation=organisation)
    return Status(201, selectors.application_by_id(application.pk))


def _no_such_organisation() -> str:
    from django.utils.translation import gettext

    return gettext("No such organisation.")


def _own(request: HttpRequest, pk: int) -> Application:
    return permissions.own_application(request.user, selectors.application_by_id(pk))


@router.get(
    "/applications/{pk}",
    auth=authenticated,
    response={200: CallApplicationOut, **error_responses(404)},
    summary="One of my organisation's applications",
)
def get_application(request: HttpRequest, pk: int):
    """The application with its status and, while it is a draft, what is still missing."""
    return _own(request, pk)


@router.put(
    "/applications/{pk}",
    auth=authenticated,
    response={200: CallApplicationOut, **error_responses(400, 404, 409)},
    summary="Save the draft",
)
def save_application(request: HttpRequest, pk: int, payload: CallApplicationIn):
    """Save the fields given (the others stay as they are); only while the application is a draft or reopened
    for a clarification."""
    application = _own(request, pk)
    fields = payload.dict(exclude={"answers"})
    services.save_draft(user=request.user, application_id=application.pk, data=services.ApplicationInput(**fields))
    if payload.answers is not None:
        services.save_answers(user=request.user, application_id=application.pk, data=payload.answers)
    return selectors.application_by_id(application.pk)


@router.post(
    "/applications/{pk}/submit",
    auth=authenticated,
    response={200: CallApplicationOut, **error_responses(400, 404, 409)},
    summary="Submit the application",
)
def submit_application(request: HttpRequest, pk: int):
    """Submit the concept (a two-stage call's first phase) or the full application before its phase's deadline
    (`submit_by`): 409 `deadline_passed` after (the draft is kept), 409 `already_submitted` when it is; 400
    `incomplete` or `not_eligible` with one entry per problem in `errors`."""
    application = _own(request, pk)
    services.submit(user=request.user, application_id=application.pk)
    return selectors.application_by_id(application.pk)
