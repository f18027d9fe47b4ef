"""Review API for reviewers: their assignments with what they may see of each application, and their scores.

- GET /reviews/mine: the caller's assignments they are not recused from, newest first. Before the conflict
  declaration an assignment shows only the project's title (and, unless the review is blind, the organisation);
  after it, the application as the reviewer may read it (blind review: no organisation, people, files or team
  list), the rubric's criteria and the caller's own scores.
- PUT /reviews/{id} (the assignment's id): save scores and comments, `"submit": true` to submit (every criterion
  scored); 409 `declaration_required` before the declaration, `not_in_review`, `already_submitted`; 400 for a
  score out of range.
Anyone else, and a recused reviewer, gets 404.
- GET /reviews/conflicts: the caller's conflict of interest declarations, newest first (one about a single
  application names no organisation: its call may be blind).
- GET /reviews/conflicts/organisations: the organisations the caller may declare about (as the page lists them),
  each with the caller's standing declaration, if any; 403 to someone who reviews nothing.
- POST /reviews/conflicts: declare up front about a whole organisation (one of those that applied openly to a call
  the caller reviews, as the page lists them): a conflict recuses the caller from all its applications, for good;
  400 naming `organisation` or `reason`, 409 `already_declared`. Both answer 403 to someone who reviews nothing.
"""

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from talentas.core.api import BoundedPagination, InputSchema, authenticated, error_responses
from talentas.core.errors import DomainError, NotFound

from . import selectors, services
from .models import ConflictDeclaration, ReviewerAssignment

router = Router(tags=["review"])


class CriterionOut(Schema):
    id: int
    title: str
    description: str
    weight: Decimal
    max_score: int


class AnswerOut(Schema):
    key: str
    label: str
    text: str


class ReviewedApplicationOut(Schema):
    id: int
    status: str
    project_title: str
    organisation: str | None = Field(description="Null in blind review and before the declaration")
    summary: str | None = None
    requested_eur: Decimal | None = None
    stage: str | None = None
    women_led: str | None = None
    team: list[str] = Field(default_factory=list, description="Members' names; empty in blind review")
    files: list[str] = Field(default_factory=list, description="File names; empty in blind review")
    answers: list[AnswerOut] = Field(default_factory=list)


class ReviewOut(Schema):
    id: int = Field(description="The assignment's id, used by PUT /reviews/{id}")
    call: int
    call_title: str
    role: str
    status: str = Field(json_schema_extra={"enum": ["awaiting_declaration", "active"]})
    blind: bool
    application: ReviewedApplicationOut
    criteria: list[CriterionOut]
    review_status: str | None
    scores: dict[str, int]
    comments: str
    total: Decimal | None
    submitted_at: datetime | None


class ReviewIn(InputSchema):
    scores: dict[str, int | None] = Field(default_factory=dict, description="Criterion id: score (null clears it)")
    comments: str = Field("", max_length=6000)
    submit: bool = False


def _out(assignment: ReviewerAssignment) -> dict[str, Any]:
    application = assignment.application
    blind = selectors.rubric_is_blind(application)
    declared = assignment.status == ReviewerAssignment.Status.ACTIVE
    shown: dict[str, Any] = {
        "id": application.pk,
        "status": application.status,
        "project_title": application.project_title,
        "organisation": None if blind else application.organisation.name,
    }
    criteria: list[dict[str, Any]] = []
    if declared:
        view = selectors.reviewer_view(assignment)
        shown.update(
            summary=application.summary,
            requested_eur=application.requested_eur,
            stage=application.stage,
            women_led=application.women_led,
            team=view.members,
            files=view.files,
            answers=[{"key": a.question.key, "label": a.label, "text": a.text} for a in view.answers],
        )
        rubric = getattr(application.call, "rubric", None)  # with its criteria, prefetched
        criteria = [
            {"id": c.pk, "title": c.title, "description": c.description, "weight": c.weight, "max_score": c.max_score}
            for c in (rubric.criteria.all() if rubric is not None else [])
        ]
    review = getattr(assignment, "review", None)
    return {
        "id": assignment.pk,
        "call": application.call_id,
        "call_title": application.call.title,
        "role": assignment.role,
        "status": assignment.status,
        "blind": blind,
        "application": shown,
        "criteria": criteria,
        "review_status": review.status if review is not None else None,
        "scores": {str(k): v for k, v in selectors.scores_of(review).items()},
        "comments": review.comments if review is not None else "",
        "total": review.total if review is not None else None,
        "submitted_at": review.submitted_at if review is not None else None,
    }


@router.get(
    "/reviews/mine",
    auth=authenticated,
    response={200: list[ReviewOut]},
    summary="My review assignments",
)
@paginate(BoundedPagination)
def my_reviews(request: HttpRequest):
    """The caller's assignments they are not recused from, with what they may see of each application."""
    return [_out(assignment) for assignment in selectors.assignments_of(request.user)]


# Before PUT /reviews/{pk}, whose pattern would take "conflicts" for an id.
class OrganisationOut(Schema):
    id: int
    name: str


class DeclarationOut(Schema):
    id: int
    organisation: OrganisationOut | None = Field(description="Null for a declaration about one application")
    application: int | None = Field(description="Null for a declaration about a whole organisation")
    has_conflict: bool
    reason: str
    declared_at: datetime


class DeclarableOut(Schema):
    id: int
    name: str
    has_conflict: bool | None = Field(
        description="The standing declaration: true once a conflict is declared, false for none, null before any"
    )


class DeclarationIn(InputSchema):
    organisation: int = Field(ge=1, le=2**31 - 1, description="The organisation's id")
    has_conflict: bool
    reason: str = Field("", max_length=2000, description="Needed with a conflict")


def _declaration_out(declaration: ConflictDeclaration) -> dict[str, Any]:
    organisation = declaration.organisation
    return {
        "id": declaration.pk,
        "organisation": {"id": organisation.pk, "name": organisation.name} if organisation is not None else None,
        "application": declaration.application_id,
        "has_conflict": declaration.has_conflict,
        "reason": declaration.reason,
        "declared_at": declaration.declared_at,
    }


@router.get(
    "/reviews/conflicts",
    auth=authenticated,
    response={200: list[DeclarationOut], **error_responses(403)},
    summary="My conflict of interest declarations",
)
@paginate(BoundedPagination)
def my_declarations(request: HttpRequest):
    """The caller's declarations, about single applications and whole organisations, newest first."""
    services.require_reviewer(request.user)
    return [_declaration_out(declaration) for declaration in selectors.declarations_of(request.user)]


@router.get(
    "/reviews/conflicts/organisations",
    auth=authenticated,
    response={200: list[DeclarableOut], **error_responses(403)},
    summary="Organisations I may declare a conflict of interest with",
)
@paginate(BoundedPagination)
def organisations_to_declare(request: HttpRequest):
    """The organisations that applied to the calls the caller reviews openly (blind calls name none), by name."""
    services.require_reviewer(request.user)
    organisations = list(selectors.organisations_to_declare(request.user).organisations)
    standing = selectors.organisation_declarations(request.user, [organisation.pk for organisation in organisations])
    return [
        {
            "id": organisation.pk,
            "name": organisation.name,
            "has_conflict": standing[organisation.pk].has_conflict if organisation.pk in standing else None,
        }
        for organisation in organisations
    ]


@router.post(
    "/reviews/conflicts",
    auth=authenticated,
    response={201: DeclarationOut, **error_responses(400, 403, 409)},
    summary="Declare a conflict of interest (or none) with a whole organisation",
)
def declare_for_organisation(request: HttpRequest, payload: DeclarationIn):
    """Declare up front about an organisation that applied to a call the caller reviews (not blind); the service
    refuses non-reviewers."""
    declaration = services.declare_for_organisation(
        user=request.user,
        organisation_id=payload.organisation,
        has_conflict=payload.has_conflict,
        reason=payload.reason,
    )
    return Status(201, _declaration_out(declaration))


def _criterion_ids(scores: dict[str, int | None]) -> dict[int, int | None]:
    try:
        return {int(key): value for key, value in scores.items()}
    except ValueError:
        raise DomainError(
            gettext("Score only the rubric's criteria."), field="scores", code="unknown_criterion"
        ) from None


@router.put(
    "/reviews/{pk}",
    auth=authenticated,
    response={200: ReviewOut, **error_responses(400, 404, 409)},
    summary="Save or submit my scores",
)
def save_review(request: HttpRequest, pk: int, payload: ReviewIn):
    """Save the scores given and the comments as a draft, or submit them with `submit`."""
    if selectors.assignment_of(request.user, pk) is None:
        raise NotFound(services.NO_SUCH_ASSIGNMENT, code="no_such_assignment")
    services.save_review(
        user=request.user,
        assignment_id=pk,
        scores=_criterion_ids(payload.scores),
        comments=payload.comments,
        submit=payload.submit,
    )
    assignment = selectors.assignment_of(request.user, pk)
    return _out(assignment)
