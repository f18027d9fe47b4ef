"""Job applications API: a talent applies, lists and withdraws their applications; an organisation lists the
applicants of its opportunities and moves them through the pipeline.

POST /opportunities/{pk}/applications: 201; 409 `already_applied` for a second one, 400 for a refusal naming its
code (no profile, no consent, a required answer missing, an outside application page), 404 for an opportunity
the caller cannot see. A CV is sent through the web form; the API can attach the profile's own.
"""

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from talentas.core.api import BoundedPagination, InputSchema, authenticated, error_responses
from talentas.core.errors import NotFound
from talentas.talent import permissions as talent_permissions
from talentas.talent import selectors as talent_selectors

from . import permissions, selectors, services
from .models import Application

router = Router(tags=["hiring"])
STAGES = Literal[tuple(services.MOVES)]  # type: ignore[valid-type]


class AnswerIn(InputSchema):
    question: int = Field(description="The question's id, as listed on the opportunity")
    answer: str = Field(max_length=2000, description="Free text; `yes` / `no`; or one of the choices, as written")


class ApplicationIn(InputSchema):
    consent: bool = Field(description="Share my profile with this organisation only (required to apply)")
    interest_only: bool = Field(False, description="Only say I am interested: no message, CV or answers")
    message: str = Field("", max_length=services.MESSAGE_MAX)
    answers: list[AnswerIn] = Field([], max_length=20)
    use_profile_cv: bool = Field(False, description="Send the CV on my profile with the application")


class AnswerOut(Schema):
    question: int
    text: str
    answer: str


class ApplicationOut(Schema):
    id: int
    opportunity: int
    opportunity_title: str
    organisation: str
    status: str = Field(json_schema_extra={"enum": Application.Status.values})
    status_label: str
    interest_only: bool
    message: str
    answers: list[AnswerOut]
    has_cv: bool
    consent_at: datetime
    consent_version: str
    applied_at: datetime
    status_changed_at: datetime

    @staticmethod
    def resolve_opportunity(application: Application) -> int:
        return application.opportunity_id

    @staticmethod
    def resolve_opportunity_title(application: Application) -> str:
        return application.opportunity.title

    @staticmethod
    def resolve_organisation(application: Application) -> str:
        return application.opportunity.organisation.name

    @staticmethod
    def resolve_status_label(application: Application) -> str:
        return str(application.get_status_display())

    @staticmethod
    def resolve_has_cv(application: Application) -> bool:
        return bool(application.cv)

    @staticmethod
    def resolve_applied_at(application: Application) -> datetime:
        return application.created_at


class ApplicantOut(ApplicationOut):
    applicant: str
    email: str
    talent_profile: int
    rating: int | None

    @staticmethod
    def resolve_applicant(application: Application) -> str:
        return services.applicant_name(application)

    @staticmethod
    def resolve_email(application: Application) -> str:
        return application.profile.user.email

    @staticmethod
    def resolve_talent_profile(application: Application) -> int:
        return application.profile_id


class MoveIn(InputSchema):
    status: STAGES = Field(description="The stage to move to")
    message: str = Field("", max_length=services.MESSAGE_MAX, description="Added below the standard text")


def _visible_opportunity(request: HttpRequest, pk: int):
    opportunity = talent_selectors.opportunity_by_id(pk)
    if opportunity is None or not talent_permissions.can_view_opportunity(request.user, opportunity):
        raise NotFound(permissions.NO_SUCH_OPPORTUNITY, code="no_such_opportunity")
    return opportunity


@router.post(
    "/opportunities/{pk}/applications",
    auth=authenticated,
    response={201: ApplicationOut, **error_responses(400, 403, 404, 409)},
    summary="Apply for an opportunity, or say I am interested",
)
def apply(request: HttpRequest, pk: int, payload: ApplicationIn):
    """Apply once for an open opportunity with a message and answers to its questions, or only say "interested".
    Applying shares the caller's talent profile with that organisation only, recorded as consent."""
    opportunity = _visible_opportunity(request, pk)
    application = services.apply(
        user=request.user,
        opportunity=opportunity,
        consent=payload.consent,
        interest_only=payload.interest_only,
        message=payload.message,
        answers={item.question: item.answer for item in payload.answers},
        use_profile_cv=payload.use_profile_cv,
    )
    return Status(201, application)


@router.get(
    "/applications/mine", auth=authenticated, response=list[ApplicationOut], summary="My applications, newest first"
)
@paginate(BoundedPagination)
def my_applications(request: HttpRequest):
    """Every application of the caller with its current stage."""
    return selectors.applications_of_person(request.user)


@router.post(
    "/applications/{pk}/withdraw",
    auth=authenticated,
    response={200: ApplicationOut, **error_responses(403, 404, 409)},
    summary="Withdraw my application",
)
def withdraw(request: HttpRequest, pk: int):
    """Take an application back at any stage before "hired" (409 `cannot_withdraw` after)."""
    application = permissions.own_application(request.user, selectors.application_by_id(pk))
    return services.withdraw(user=request.user, application_id=application.pk)


@router.get(
    "/opportunities/{pk}/applications",
    auth=authenticated,
    response={200: list[ApplicantOut], **error_responses(404)},
    summary="The applicants of one of my organisation's opportunities",
)
@paginate(BoundedPagination)
def list_applicants(request: HttpRequest, pk: int):
    """Newest first; only for members of the organisation that owns the opportunity (404 for anyone else)."""
    opportunity = permissions.managed_opportunity(request.user, talent_selectors.opportunity_by_id(pk))
    return selectors.pipeline(opportunity).select_related("opportunity__organisation")


@router.post(
    "/applications/{pk}/status",
    auth=authenticated,
    response={200: ApplicantOut, **error_responses(400, 404, 409)},
    summary="Move an applicant to another stage",
)
def move(request: HttpRequest, pk: int, payload: MoveIn):
    """Move the applicant (the organisation's members only); the applicant is told in their own language.
    409 `transition_not_allowed` when the stage cannot be reached from the current one (e.g. after "hired")."""
    application = permissions.managed_application(request.user, selectors.application_by_id(pk))
    moved = services.move(
        actor=request.user, application_id=application.pk, status=payload.status, message=payload.message
    )
    return selectors.application_by_id(moved.pk)
