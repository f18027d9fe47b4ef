"""Writes of review: assigning reviewers (told by a notice and an e-mail), their conflict declarations and the
automatic recusal, their scores, staff's eligibility screening, and staff's bulk actions over a whole filtered
list.

Recusal is automatic and final: a reviewer who declares a conflict (on one application, or up front on a
whole organisation), or who is a member of the applicant
organisation, is recused on the spot and the staff member who assigned them is told; from then on
`selectors.applications_visible_to` hides the application from them everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from talentas.accounts.models import Role, User
from talentas.accounts.permissions import AnyUser
from talentas.audit.services import changes_since, log_action, snapshot
from talentas.calls import permissions as call_permissions
from talentas.calls import services as call_services
from talentas.calls.models import Application, Call
from talentas.core.errors import Conflict, DomainError, NotFound, require, validate
from talentas.notices.services import notify
from talentas.organisations import permissions as organisation_permissions

from . import scoring, selectors
from .models import ConflictDeclaration, Criterion, Review, ReviewerAssignment, ReviewerRole, Rubric, Score, Screening

Status = ReviewerAssignment.Status
NO_SUCH_ASSIGNMENT = gettext_lazy("No such review.")
ASSIGNABLE = (Application.Status.SUBMITTED, Application.Status.SCREENING, Application.Status.IN_REVIEW)
BULK_ACTIONS = ("assign", "move", "invite", "message")


def _require_staff(user: AnyUser) -> None:
    require(call_permissions.can_manage_calls(user), _("Only the programme team does this."), code="not_staff")


def _staff_to_tell(assignment: ReviewerAssignment) -> list[User]:
    if assignment.assigned_by is not None and assignment.assigned_by.is_active:
        return [assignment.assigned_by]
    return list(User.objects.filter(is_active=True, role_assignments__role=Role.PLAN_MANAGER).distinct())


def _recuse(assignment: ReviewerAssignment, *, why: str, actor: AnyUser | None) -> None:
    before = assignment.status
    assignment.status = Status.RECUSED
    assignment.recusal = why
    assignment.recused_at = timezone.now()
    assignment.save(update_fields=["status", "recusal", "recused_at", "updated_at"])
    log_action(
        actor=actor,
        verb="review.assignment.recuse",
        target=assignment,
        changes={"status": [before, Status.RECUSED], "recusal": ["", why]},
        organisation_id=assignment.application.organisation_id,
    )
    application = assignment.application
    url = reverse("review:staff_application", kwargs={"pk": application.pk})
    reason = assignment.get_recusal_display()
    for person in _staff_to_tell(assignment):
        notify(
            user=person,
            key=f"review.recused.{assignment.pk}",
            title=lambda: _("A reviewer is recused"),
            body=lambda: (
                _(
                    "%(reviewer)s is recused from the application “%(title)s”: %(reason)s. Assign another "
                    "reviewer if it needs one."
                )
                % {
                    "reviewer": assignment.reviewer,
                    "title": application.project_title or application.pk,
                    "reason": reason,
                }
            ),
            url=url,
        )


def _tell_reviewer(assignment: ReviewerAssignment) -> None:
    application = assignment.application
    notify(
        user=assignment.reviewer,
        key=f"review.assigned.{assignment.pk}",
        title=lambda: _("You are asked to review an application"),
        body=lambda: (
            _(
                "You are asked to review an application to the call “%(call)s”. Declare first whether you have a "
                "conflict of interest; then you can read it and score it."
            )
            % {"call": application.call.title}
        ),
        url=reverse("review:assignment", kwargs={"pk": assignment.pk}),
    )


def _conflicting_declaration(reviewer: User, application: Application) -> ConflictDeclaration | None:
    return ConflictDeclaration.objects.filter(
        reviewer=reviewer, has_conflict=True, organisation_id=application.organisation_id
    ).first()


def _assign(*, actor: User, application: Application, reviewer: User, role: str) -> ReviewerAssignment | None:
    """One new assignment (None when the person already has one): recused at once when the reviewer is a member
    of the applicant organisation or has declared a conflict with it."""
    if ReviewerAssignment.objects.filter(application=application, reviewer=reviewer).exists():
        return None
    assignment = ReviewerAssignment.objects.create(
        application=application, reviewer=reviewer, role=role, assigned_by=actor, assigned_at=timezone.now()
    )
    log_action(
        actor=actor,
        verb="review.assignment.create",
        target=assignment,
        changes={"reviewer": [None, reviewer.pk], "role": [None, role]},
        organisation_id=application.organisation_id,
    )
    if organisation_permissions.is_member(reviewer, application.organisation):
        _recuse(assignment, why=ReviewerAssignment.Recusal.MEMBER, actor=None)
    elif _conflicting_declaration(reviewer, application) is not None:
        _recuse(assignment, why=ReviewerAssignment.Recusal.DECLARED, actor=None)
    else:
        _tell_reviewer(assignment)
    return assignment


def _assignable(actor: User, application_id: int) -> Application:
    application = (
        Application.objects.select_for_update().select_related("call", "organisation").filter(pk=application_id).first()
    )
    if application is None or not selectors.may_open(actor, application):
        raise NotFound(call_permissions.NO_SUCH_APPLICATION, code="no_such_application")
    if application.is_concept:
        raise Conflict(_("A concept is not reviewed: invite it to the full application first."),
                       code="concept_not_reviewed")  # fmt: skip
    if application.status not in ASSIGNABLE:
        raise Conflict(_("Reviewers are assigned only to submitted applications before a decision."),
                       code="not_assignable")  # fmt: skip
    return application


def _role(role: str) -> str:
    if role not in ReviewerRole.values:
        raise DomainError(_("Choose a role."), field="role", code="invalid_role")
    return role


@transaction.atomic
def assign_reviewer(*, actor: User, application_id: int, reviewer: User, role: str) -> ReviewerAssignment:
    """Assign a reviewer (staff only); the reviewer is told by a notice and an e-mail, or recused at once when they
    belong to the applicant organisation (staff are told). 409 `already_assigned` for a second assignment."""
    _require_staff(actor)
    application = _assignable(actor, application_id)
    assignment = _assign(actor=actor, application=application, reviewer=reviewer, role=_role(role))
    if assignment is None:
        raise Conflict(_("This person is already assigned to this application."), code="already_assigned")
    return assignment


@transaction.atomic
def recuse_by_staff(*, actor: User, assignment_id: int) -> ReviewerAssignment:
    _require_staff(actor)
    assignment = ReviewerAssignment.objects.select_for_update().filter(pk=assignment_id).first()
    if assignment is None:
        raise NotFound(NO_SUCH_ASSIGNMENT, code="no_such_assignment")
    if assignment.status != Status.RECUSED:
        _recuse(assignment, why=ReviewerAssignment.Recusal.STAFF, actor=actor)
    return assignment


def _own_assignment(user: AnyUser, assignment_id: int, *, lock: bool = False) -> ReviewerAssignment:
    """The person's own assignment they are not recused from, or a 404 that confirms nothing."""
    rows = ReviewerAssignment.objects.select_related("application", "application__call", "application__organisation")
    if lock:
        rows = rows.select_for_update(of=("self",))
    assignment = rows.filter(pk=assignment_id).first()
    if (
        assignment is None
        or not user.is_authenticated
        or assignment.reviewer_id != user.pk
        or assignment.status == Status.RECUSED
        or selectors.is_recused(user, assignment.application)
        or organisation_permissions.is_member(user, assignment.application.organisation)
    ):
        raise NotFound(NO_SUCH_ASSIGNMENT, code="no_such_assignment")
    return assignment


@transaction.atomic
def declare(*, user: User, assignment_id: int, has_conflict: bool, reason: str = "") -> ConflictDeclaration:
    """The reviewer's declaration, before they may open the application. A declared conflict recuses them at
    once (the staff member who assigned them is told); no conflict lets them read and score it. Once only."""
    assignment = _own_assignment(user, assignment_id, lock=True)
    if assignment.status != Status.AWAITING_DECLARATION:
        raise Conflict(_("You have already declared for this application."), code="already_declared")
    reason = _checked_declaration(has_conflict, reason)
    declaration = ConflictDeclaration.objects.create(
        reviewer=user,
        application=assignment.application,
        has_conflict=has_conflict,
        reason=reason,
        declared_at=timezone.now(),
    )
    log_action(
        actor=user,
        verb="review.declaration.create",
        target=declaration,
        changes={"has_conflict": [None, has_conflict]},
        organisation_id=assignment.application.organisation_id,
    )
    if has_conflict:
        _recuse(assignment, why=ReviewerAssignment.Recusal.DECLARED, actor=user)
    else:
        assignment.status = Status.ACTIVE
        assignment.save(update_fields=["status", "updated_at"])
    return declaration


def _checked_declaration(has_conflict: bool, reason: str) -> str:
    reason = call_services._checked_text(reason, field="reason", limit=2000)
    if has_conflict and not reason:
        raise DomainError(_("Say what the conflict of interest is."), field="reason", code="reason_required")
    return reason


def require_reviewer(user: AnyUser) -> None:
    """Only someone asked to review declares conflicts up front, or sees that page and its API (403 `not_reviewer`)."""
    require(selectors.is_reviewer(user), _("Only reviewers declare conflicts of interest."), code="not_reviewer")


@transaction.atomic
def declare_for_organisation(
    *, user: User, organisation_id: int, has_conflict: bool, reason: str = ""
) -> ConflictDeclaration:
    """A reviewer's declaration up front about a whole organisation, one of those
    `selectors.organisations_to_declare` lists (any other is refused naming `organisation`, so that nobody learns
    through it who applied to a blind call). A conflict recuses them, as a declaration on one application does,
    from each of their assignments on its applications (the staff who assigned them are told) and from every
    later one; it stands for good (409 `already_declared` after). "No conflict" is kept as a record: each
    application still asks before it opens."""
    require_reviewer(user)
    # one declaration at a time per reviewer, so two requests at once cannot both pass the checks below
    User.objects.select_for_update().filter(pk=user.pk).first()
    organisation = selectors.organisations_to_declare(user).organisations.filter(pk=organisation_id).first()
    if organisation is None:
        raise DomainError(
            _("Choose one of the organisations listed."), field="organisation", code="unknown_organisation"
        )
    reason = _checked_declaration(has_conflict, reason)
    standing = selectors.organisation_declarations(user, [organisation.pk]).get(organisation.pk)
    if standing is not None and (standing.has_conflict or not has_conflict):
        raise Conflict(_("You have already declared this for this organisation."), code="already_declared")
    declaration = ConflictDeclaration.objects.create(
        reviewer=user, organisation=organisation, has_conflict=has_conflict, reason=reason, declared_at=timezone.now()
    )
    log_action(
        actor=user,
        verb="review.declaration.create",
        target=declaration,
        changes={"has_conflict": [None, has_conflict]},
        organisation_id=organisation.pk,
    )
    if has_conflict:
        assignments = (
            ReviewerAssignment.objects.select_for_update(of=("self",))
            .select_related("application", "assigned_by", "reviewer")
            .filter(reviewer=user, application__organisation=organisation)
            .exclude(status=Status.RECUSED)
            .order_by("pk")
        )
        for assignment in assignments:
            _recuse(assignment, why=ReviewerAssignment.Recusal.DECLARED, actor=user)
    return declaration


def _rubric_criteria(application: Application) -> list:
    rubric = selectors.rubric_of_call(application.call_id)
    if rubric is None or not rubric.criteria.all():
        raise Conflict(_("This call has no rubric to score with yet."), code="no_rubric")
    return list(rubric.criteria.all())


@transaction.atomic
def save_review(
    *,
    user: User,
    assignment_id: int,
    scores: Mapping[int, int | None],
    comments: str = "",
    submit: bool = False,
) -> Review:
    """Save the reviewer's scores (whole numbers from 0 to each criterion's maximum) and comments as a draft, or
    submit them (every criterion scored). Only after declaring no conflict, while the application is in review,
    and until submitted (409 `already_submitted` after)."""
    assignment = _own_assignment(user, assignment_id, lock=True)
    if assignment.status != Status.ACTIVE:
        raise Conflict(_("Declare first whether you have a conflict of interest."), code="declaration_required")
    application = assignment.application
    if application.status != Application.Status.IN_REVIEW:
        raise Conflict(_("This application is not in review."), code="not_in_review")
    criteria = _rubric_criteria(application)
    known = {criterion.pk for criterion in criteria}
    unknown = [key for key in scores if key not in known]
    if unknown:
        raise DomainError(_("Score only the rubric's criteria."), field="scores", code="unknown_criterion")
    scoring.check_scores(criteria, scores, complete=submit)
    comments = call_services._checked_text(comments, field="comments", limit=6000)
    review, _created = Review.objects.get_or_create(assignment=assignment)
    if review.status == Review.Status.SUBMITTED:
        raise Conflict(_("This review is already submitted."), code="already_submitted")
    for criterion in criteria:
        value = scores.get(criterion.pk)
        if value is None:
            Score.objects.filter(review=review, criterion=criterion).delete()
        else:
            Score.objects.update_or_create(review=review, criterion=criterion, defaults={"value": value})
    review.comments = comments
    review.total = scoring.weighted_total(criteria, scores)
    if submit:
        review.status = Review.Status.SUBMITTED
        review.submitted_at = timezone.now()
    review.save()
    log_action(
        actor=user,
        verb="review.review.submit" if submit else "review.review.save",
        target=review,
        changes={"total": [None, review.total]},
        organisation_id=application.organisation_id,
    )
    return review


# ------------------------------------------------------------------------------------------ the rubric


TEXTS = ("title_lt", "title_en", "description_lt", "description_en")


@dataclass(frozen=True)
class CriterionInput:
    title_lt: str
    title_en: str = ""
    description_lt: str = ""
    description_en: str = ""
    weight: Decimal = Decimal("1")
    max_score: int = 10


@transaction.atomic
def save_rubric(
    *,
    actor: User,
    call: Call,
    title_lt: str,
    title_en: str = "",
    blind_review: bool = False,
    disagreement_threshold: Decimal = Decimal("20"),
    criteria: list[CriterionInput] | None = None,
) -> Rubric:
    """Create or change the call's rubric (staff only). The criteria (given: replaced in this order) stay as they
    are once a reviewer has scored with them (409 `rubric_in_use`); the title, blind review and the threshold may
    change at any time."""
    _require_staff(actor)
    rubric = Rubric.objects.select_for_update().filter(call=call).first()
    before = snapshot(rubric)
    rubric = rubric or Rubric(call=call)
    for name, text in (("title_lt", title_lt), ("title_en", title_en)):  # modeltranslation's columns
        setattr(rubric, name, text.strip())
    rubric.blind_review = blind_review
    rubric.disagreement_threshold = disagreement_threshold
    validate(rubric, exclude=["call"])
    rubric.save()
    if criteria is not None:
        current = [
            (*tuple(getattr(c, name) for name in TEXTS), c.weight, c.max_score)
            for c in rubric.criteria.order_by("position", "pk")
        ]
        wanted = [(*tuple(getattr(c, name) for name in TEXTS), Decimal(c.weight), c.max_score) for c in criteria]
        if current != wanted:
            if Score.objects.filter(criterion__rubric=rubric).exists():
                raise Conflict(_("Reviewers have scored with these criteria: they can no longer change."),
                               code="rubric_in_use")  # fmt: skip
            rubric.criteria.all().delete()
            for position, item in enumerate(criteria):
                texts = {name: getattr(item, name) for name in TEXTS}
                criterion = Criterion(
                    rubric=rubric, position=position, weight=item.weight, max_score=item.max_score, **texts
                )
                validate(criterion, exclude=["rubric"])
                criterion.save()
    log_action(actor=actor, verb="review.rubric.save", target=rubric, changes=changes_since(before, rubric))
    return rubric


# ------------------------------------------------------------------------------------------ screening


@transaction.atomic
def screen(*, actor: User, application_id: int, passed: bool, reason: str = "") -> Screening:
    """Staff's eligibility screening, with the calls' eligibility check kept beside it: a pass moves the
    application (submitted -> screening -> in review), a fail with its reason ends it as not funded, the reason
    told to the applicant. Once per application."""
    _require_staff(actor)
    application = Application.objects.select_related("call", "organisation").filter(pk=application_id).first()
    if application is None or not selectors.may_open(actor, application):
        raise NotFound(call_permissions.NO_SUCH_APPLICATION, code="no_such_application")
    if application.status not in (Application.Status.SUBMITTED, Application.Status.SCREENING):
        raise Conflict(_("Only a submitted application is screened."), code="not_screenable")
    reason = call_services._checked_text(reason, field="reason", limit=2000)
    if not passed and not reason:
        raise DomainError(_("Say why the application is not eligible."), field="reason", code="reason_required")
    if Screening.objects.filter(application=application).exists():
        raise Conflict(_("This application is already screened."), code="already_screened")
    screening = Screening.objects.create(
        application=application,
        outcome=Screening.Outcome.PASS if passed else Screening.Outcome.FAIL,
        reason=reason,
        checks=call_services.eligibility_problems(application) or [{"code": "eligible"}],
        screened_by=actor,
        screened_at=timezone.now(),
    )
    log_action(
        actor=actor, verb="review.screening.create", target=screening, changes={"outcome": [None, screening.outcome]}
    )
    if application.status == Application.Status.SUBMITTED:
        call_services.move(actor=actor, application_id=application.pk, transition="screen")
    if passed:
        call_services.move(actor=actor, application_id=application.pk, transition="send_to_review", message=reason)
    else:
        call_services.reject(actor=actor, application_id=application.pk, message=reason)
    return screening


# ------------------------------------------------------------------------------------------ bulk actions


@dataclass(frozen=True)
class BulkResult:
    matched: int
    done: int
    skipped: int


@transaction.atomic
def bulk_apply(
    *,
    actor: User,
    applications: QuerySet[Application],
    action: str,
    reviewers: Iterable[User] = (),
    role: str = ReviewerRole.EXPERT,
    transition: str = "",
    message: str = "",
    description: str = "",
) -> BulkResult:
    """Apply one staff action to every application of `applications` (the whole filtered list, which the view
    rebuilds from the filter, never from ids on a page), in one transaction: assign reviewers (never to a
    concept), move them one step or invite the submitted concepts to the full application (those the step does
    not apply to are skipped and counted), or message their applicants. Rows the actor
    may not open are never touched. One audit entry for the whole, besides each row's own."""
    _require_staff(actor)
    if action not in BULK_ACTIONS:
        raise DomainError(_("Choose what to do."), field="action", code="invalid_action")
    reviewers = list(reviewers)
    if action == "assign":
        _role(role)
        if not reviewers:
            raise DomainError(_("Choose at least one reviewer."), field="reviewers", code="reviewers_required")
    if action == "move" and transition not in call_services.STAFF_MOVES:
        raise DomainError(_("Choose a step."), field="transition", code="invalid_transition")
    if action == "message":
        message = call_services._checked_text(message, field="message")
        if not message:
            raise DomainError(_("Write the message."), field="message", code="message_required")
    rows = list(selectors.applications_visible_to(actor, applications).select_for_update(of=("self",)).order_by("pk"))
    done = skipped = 0
    for application in rows:
        if action == "assign":
            if application.is_concept or application.status not in ASSIGNABLE:
                skipped += 1
                continue
            made = [_assign(actor=actor, application=application, reviewer=r, role=role) for r in reviewers]
            done += 1 if any(made) else 0
            skipped += 0 if any(made) else 1
        elif action == "move":
            if transition not in call_services.APPLICATION_FLOW.possible(application, actor):
                skipped += 1
                continue
            call_services.move(actor=actor, application_id=application.pk, transition=transition, message=message)
            done += 1
        elif action == "invite":
            if "invite" not in call_services.APPLICATION_FLOW.possible(application, actor):
                skipped += 1
                continue
            call_services.invite_to_full(actor=actor, application_id=application.pk, message=message)
            done += 1
        else:
            call_services.post_message(user=actor, application_id=application.pk, body=message)
            done += 1
    result = BulkResult(matched=len(rows), done=done, skipped=skipped)
    log_action(
        actor=actor,
        verb=f"review.bulk.{action}",
        target=actor,
        changes={
            "filter": [None, description],
            "matched": [None, result.matched],
            "done": [None, result.done],
            "skipped": [None, result.skipped],
            "transition": [None, transition],
            "reviewers": [None, [r.pk for r in reviewers]],
        },
    )
    return result


# ------------------------------------------------------------------------------------- personal data


def review_personal_data(*, user: User) -> dict[str, Any]:
    assignments = ReviewerAssignment.objects.filter(reviewer=user).select_related("application", "review")
    return {
        "assignments": [
            {
                "application": a.application_id,
                "role": a.role,
                "status": a.status,
                "assigned_at": a.assigned_at,
                "recusal": a.recusal,
                "review": (
                    {
                        "status": a.review.status,
                        "comments": a.review.comments,
                        "total": a.review.total,
                        "scores": {s.criterion_id: s.value for s in a.review.scores.all()},
                    }
                    if hasattr(a, "review")
                    else None
                ),
            }
            for a in assignments
        ],
        "declarations": [
            {
                "application": d.application_id,
                "organisation": d.organisation_id,
                "has_conflict": d.has_conflict,
                "reason": d.reason,
                "declared_at": d.declared_at,
            }
            for d in ConflictDeclaration.objects.filter(reviewer=user)
        ],
        "screenings": [
            {"application": s.application_id, "outcome": s.outcome, "reason": s.reason, "screened_at": s.screened_at}
            for s in Screening.objects.filter(screened_by=user)
        ],
    }
