"""Reads of review: which applications a person may open (the one rule every page, list, search, export and API
route goes through), a reviewer's assignments, and the figures of a call's reviews.

`applications_visible_to(user)` is the rule: the applicant organisation's members see their own applications;
programme staff see every submitted one; a reviewer sees the applications they are assigned to and have
declared no conflict for; and nobody ever sees an application they are recused from or declared a conflict for
(a staff member included), unless it is their own organisation's.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from talentas.accounts.permissions import AnyUser, can_manage_plan
from talentas.calls import selectors as call_selectors
from talentas.calls.models import Application, Call
from talentas.organisations import selectors as organisation_selectors

from . import scoring
from .models import ConflictDeclaration, Criterion, Review, ReviewerAssignment, Rubric, Score

Assignment = ReviewerAssignment


def _rows() -> QuerySet[Application]:
    return Application.objects.select_related("call", "call__programme", "organisation", "response")


def recused_from(user: AnyUser) -> Q:
    """Applications (as a filter on Application) the person is recused from or declared a conflict for."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    recused = ReviewerAssignment.objects.filter(
        application=OuterRef("pk"), reviewer=user, status=ReviewerAssignment.Status.RECUSED
    )
    declared = ConflictDeclaration.objects.filter(reviewer=user, has_conflict=True).filter(
        Q(application=OuterRef("pk")) | Q(organisation=OuterRef("organisation"))
    )
    return Q(Exists(recused)) | Q(Exists(declared))


def applications_visible_to(user: AnyUser, queryset: QuerySet[Application] | None = None) -> QuerySet[Application]:
    """The applications (of `queryset`, by default all, with their call and organisation) the person may open."""
    rows = _rows() if queryset is None else queryset
    if not user.is_authenticated:
        return rows.none()
    own = Q(organisation_id__in=organisation_selectors.organisation_ids_of(user))
    reviewing = Q(
        Exists(
            ReviewerAssignment.objects.filter(
                application=OuterRef("pk"), reviewer=user, status=ReviewerAssignment.Status.ACTIVE
            )
        )
    ) & ~Q(status=Application.Status.DRAFT)
    allowed = own | reviewing
    if can_manage_plan(user):
        allowed |= call_selectors.seen_by_staff()
    return rows.filter(allowed).exclude(recused_from(user) & ~own)


def may_open(user: AnyUser, application: Application) -> bool:
    return applications_visible_to(user, Application.objects.filter(pk=application.pk)).exists()


def is_recused(user: AnyUser, application: Application) -> bool:
    return (
        user.is_authenticated
        and Application.objects.filter(pk=application.pk).filter(recused_from(user)).exists()
        and application.organisation_id not in organisation_selectors.organisation_ids_of(user)
    )


def is_reviewer(user: AnyUser) -> bool:
    """Someone asked to review at least one application (recused from it or not)."""
    return user.is_authenticated and ReviewerAssignment.objects.filter(reviewer=user).exists()


@dataclass(frozen=True)
class OrganisationsToDeclare:
    """What a reviewer's up-front declaration page may show: the organisations that applied to the calls the
    reviewer reviews openly, and the blind calls, whose applicants stay unnamed."""

    organisations: QuerySet
    blind_calls: list[Call]


def organisations_to_declare(user: AnyUser) -> OrganisationsToDeclare:
    """The organisations (by name) with a submitted application to a call the person reviews (any of its
    applications), never their own (members are recused from those anyway). Blind calls name no applicant:
    listing theirs would tell the reviewer who applied, so their organisations are left out unless an open
    call the person reviews names them too."""
    from talentas.organisations.models import Organisation

    if not user.is_authenticated:
        return OrganisationsToDeclare(organisations=Organisation.objects.none(), blind_calls=[])
    calls = list(
        Call.objects.filter(pk__in=ReviewerAssignment.objects.filter(reviewer=user).values("application__call_id"))
        .select_related("rubric")
        .order_by("title", "pk")
    )
    blind = [call for call in calls if getattr(call, "rubric", None) is not None and call.rubric.blind_review]
    open_ids = [call.pk for call in calls if call not in blind]
    applied = Application.objects.filter(call_id__in=open_ids).exclude(status=Application.Status.DRAFT)
    organisations = (
        Organisation.objects.filter(pk__in=applied.values("organisation_id"))
        .exclude(pk__in=organisation_selectors.organisation_ids_of(user))
        .order_by("name", "pk")
    )
    return OrganisationsToDeclare(organisations=organisations, blind_calls=blind)


def organisation_declarations(user: AnyUser, organisation_ids) -> dict[int, ConflictDeclaration]:
    """Each organisation's standing declaration by the person: a conflict once declared stands for good (it
    recused them); otherwise the latest "no conflict"."""
    standing: dict[int, ConflictDeclaration] = {}
    if not user.is_authenticated:
        return standing
    rows = ConflictDeclaration.objects.filter(reviewer=user, organisation_id__in=list(organisation_ids))
    for declaration in rows.order_by("declared_at", "pk"):
        organisation_id = declaration.organisation_id
        assert organisation_id is not None  # the filter above
        current = standing.get(organisation_id)
        if current is None or not current.has_conflict:
            standing[organisation_id] = declaration
    return standing


def declarations_of(user: AnyUser) -> QuerySet[ConflictDeclaration]:
    """The person's declarations, newest first, each with its organisation (none for one about a single
    application, which names no applicant: the call may be blind)."""
    if not user.is_authenticated:
        return ConflictDeclaration.objects.none()
    return (
        ConflictDeclaration.objects.filter(reviewer=user).select_related("organisation").order_by("-declared_at", "-pk")
    )


def rubric_of_call(call_id: int) -> Rubric | None:
    return (
        Rubric.objects.filter(call_id=call_id)
        .prefetch_related(Prefetch("criteria", queryset=Criterion.objects.order_by("position", "pk")))
        .first()
    )


def _assignment_rows() -> QuerySet[ReviewerAssignment]:
    from talentas.organisations.models import Membership

    return ReviewerAssignment.objects.select_related(
        "application",
        "application__call",
        "application__call__rubric",
        "application__organisation",
        "application__response",
        "reviewer",
        "review",
    ).prefetch_related(
        "application__files",
        "review__scores",
        Prefetch("application__call__rubric__criteria", queryset=Criterion.objects.order_by("position", "pk")),
        Prefetch(
            "application__organisation__memberships",
            queryset=Membership.objects.select_related("user").order_by("role", "user__full_name", "user__email"),
        ),
    )


def assignments_of(user: AnyUser, *, query: str = "") -> QuerySet[ReviewerAssignment]:
    """The person's assignments they may still act on (never one they are recused from), newest first; `query`
    searches the project titles (and, where the review is not blind, the organisations' names)."""
    if not user.is_authenticated:
        return ReviewerAssignment.objects.none()
    visible = applications_visible_to(user, Application.objects.all()) | Application.objects.filter(
        reviewer_assignments__reviewer=user,
        reviewer_assignments__status=ReviewerAssignment.Status.AWAITING_DECLARATION,
    )
    rows = (
        _assignment_rows()
        .filter(reviewer=user)
        .exclude(status=ReviewerAssignment.Status.RECUSED)
        # someone who joined the applicant organisation after being assigned never reviews it
        .exclude(application__organisation_id__in=organisation_selectors.organisation_ids_of(user))
        .filter(application__in=visible.exclude(recused_from(user)).values("pk"))
    )
    if query:
        named = Q(application__organisation__name__icontains=query) & (
            Q(application__call__rubric__isnull=True) | Q(application__call__rubric__blind_review=False)
        )
        rows = rows.filter(Q(application__project_title__icontains=query) | named)
    return rows.order_by("-assigned_at", "-pk")


def assignment_of(user: AnyUser, pk: int) -> ReviewerAssignment | None:
    """One of the person's own assignments they are not recused from, or None."""
    return assignments_of(user).filter(pk=pk).first()


def assignments_of_application(application: Application) -> QuerySet[ReviewerAssignment]:
    return (
        ReviewerAssignment.objects.filter(application=application)
        .select_related("reviewer", "review", "assigned_by")
        .prefetch_related(Prefetch("review__scores", queryset=Score.objects.select_related("criterion")))
        .order_by("assigned_at", "pk")
    )


def scores_of(review: Review | None) -> dict[int, int]:
    if review is None:
        return {}
    return {score.criterion_id: score.value for score in review.scores.all()}


def reviewers() -> QuerySet:
    """People staff may assign: programme staff and anyone with an account who is not an applicant's only
    contact; the service checks conflicts when assigning."""
    from talentas.accounts.models import User

    return User.objects.filter(is_active=True).order_by("email")


@dataclass(frozen=True)
class ApplicationFigures:
    application: Application
    agreement: scoring.Agreement
    women_points: Decimal
    final: Decimal | None
    rank: int = 0
    tie_note: str = ""


def submitted_totals(application_ids) -> dict[int, list[Decimal]]:
    totals: dict[int, list[Decimal]] = {pk: [] for pk in application_ids}
    rows = Review.objects.filter(
        assignment__application_id__in=list(application_ids),
        status=Review.Status.SUBMITTED,
        assignment__status=ReviewerAssignment.Status.ACTIVE,
    ).values_list("assignment__application_id", "total")
    for application_id, total in rows:
        if total is not None:
            totals.setdefault(application_id, []).append(total)
    return totals


def women_points(application: Application) -> Decimal:
    call = application.call
    if call.women_rule == call.WomenRule.EXTRA_POINTS and application.is_women_led:
        return Decimal(call.women_extra_points)
    return Decimal(0)


def figures_for(applications: list[Application], *, threshold: Decimal) -> list[ApplicationFigures]:
    """Each application's reviewers' average, spread, deviation, disagreement and the women-led extra points."""
    totals = submitted_totals([a.pk for a in applications])
    out = []
    for application in applications:
        agreement = scoring.agreement(totals.get(application.pk, []), threshold=threshold)
        points = women_points(application)
        final = agreement.average + points if agreement.average is not None else None
        out.append(ApplicationFigures(application=application, agreement=agreement, women_points=points, final=final))
    return out


def threshold_of(call_id: int) -> Decimal:
    rubric = Rubric.objects.filter(call_id=call_id).only("disagreement_threshold").first()
    return (
        rubric.disagreement_threshold
        if rubric is not None
        else Rubric._meta.get_field("disagreement_threshold").default
    )


RANKED_STATUSES = (
    Application.Status.IN_REVIEW,
    Application.Status.APPROVED,
    Application.Status.WAITLISTED,
    Application.Status.REJECTED,
)


def ranking(user: AnyUser, call_id: int) -> list[ApplicationFigures]:
    """The call's reviewed applications for the decision meeting, best first: by the reviewers' average weighted
    total plus the call's extra points for women-led startups. Equal scores are ordered by the number of
    reviews (more first), then by the earlier submission, and each tied row says so."""
    from django.utils.translation import gettext as _

    rows = list(
        applications_visible_to(user, _rows().select_related("award"))
        .filter(call_id=call_id, status__in=RANKED_STATUSES)
        .order_by("submitted_at", "pk")
    )
    figures = figures_for(rows, threshold=threshold_of(call_id))
    figures.sort(
        key=lambda f: (
            f.final is None,
            -(f.final or 0),
            -f.agreement.count,
            f.application.submitted_at or f.application.created_at,
            f.application.pk,
        )
    )
    ranked: list[ApplicationFigures] = []
    for position, row in enumerate(figures, start=1):
        tied = [other for other in figures if other is not row and other.final is not None and other.final == row.final]
        note = ""
        if tied:
            if any(other.agreement.count != row.agreement.count for other in tied):
                note = _("Tied on %(score)s: ranked by the number of reviews, then by the earlier submission.")
            else:
                note = _("Tied on %(score)s with the same number of reviews: ranked by the earlier submission.")
            note = note % {"score": f"{row.final:.2f}"}
        ranked.append(
            ApplicationFigures(
                application=row.application,
                agreement=row.agreement,
                women_points=row.women_points,
                final=row.final,
                rank=position,
                tie_note=note,
            )
        )
    return ranked


# Answers a blind reviewer never sees: files (their names and contents give people away) and team lists.
IDENTIFYING_KINDS = ("file", "team_list")


@dataclass(frozen=True)
class ReviewerView:
    """What a reviewer may read of an application: with blind review, nothing that names the applicant."""

    assignment: ReviewerAssignment
    blind: bool
    organisation: str | None
    members: list[str]
    files: list[str]
    answers: list


def rubric_is_blind(application: Application) -> bool:
    rubric = getattr(application.call, "rubric", None)
    return bool(rubric is not None and rubric.blind_review)


def reviewer_view(assignment: ReviewerAssignment) -> ReviewerView:
    from talentas.forms import services as form_services

    application = assignment.application
    blind = rubric_is_blind(application)
    answers = form_services.answers_for_display(application.response) if application.response is not None else []
    if blind:
        answers = [answer for answer in answers if answer.question.kind not in IDENTIFYING_KINDS]
        return ReviewerView(assignment=assignment, blind=True, organisation=None, members=[], files=[], answers=answers)
    # the memberships and files come prefetched with the reviewer's assignments (owners first, then by name)
    members = [m.user.full_name for m in application.organisation.memberships.all() if m.user.full_name]
    files = [file.name for file in application.files.all()]
    return ReviewerView(
        assignment=assignment,
        blind=False,
        organisation=application.organisation.name,
        members=members,
        files=files,
        answers=answers,
    )


def board_rows(user: AnyUser, call_id: int) -> QuerySet[Application]:
    """A call's submitted applications the person may open, each with its reviewers' figures as annotations:
    assigned (not recused) and submitted reviews, the average, lowest and highest weighted total and the
    standard deviation of the submitted ones."""
    from django.db.models import Avg, Count, Max, Min, StdDev

    submitted = Q(
        reviewer_assignments__review__status=Review.Status.SUBMITTED,
        reviewer_assignments__status=ReviewerAssignment.Status.ACTIVE,
    )
    rows = (
        _rows()
        .filter(call_id=call_id)
        .exclude(status=Application.Status.DRAFT)
        .annotate(
            reviewer_count=Count(
                "reviewer_assignments",
                filter=~Q(reviewer_assignments__status=ReviewerAssignment.Status.RECUSED),
                distinct=True,
            ),
            review_count=Count("reviewer_assignments__review", filter=submitted, distinct=True),
            average=Avg("reviewer_assignments__review__total", filter=submitted),
            lowest=Min("reviewer_assignments__review__total", filter=submitted),
            highest=Max("reviewer_assignments__review__total", filter=submitted),
            deviation=StdDev("reviewer_assignments__review__total", filter=submitted),
        )
        .order_by("-submitted_at", "-pk")
    )
    return applications_visible_to(user, rows)


def calls_under_review() -> QuerySet[Call]:
    """Calls with submitted applications, newest first, with how many are submitted and how many in review: the
    programme team's way to each call's review board."""
    from django.db.models import Count

    return (
        Call.objects.select_related("programme")
        .annotate(
            submitted_count=Count("applications", filter=~Q(applications__status=Application.Status.DRAFT)),
            in_review_count=Count("applications", filter=Q(applications__status=Application.Status.IN_REVIEW)),
        )
        .filter(submitted_count__gt=0)
        .order_by("-closes_at", "-pk")
    )
