"""Demo data for review (run by `load_demo_review`, after `load_demo_calls`): the rubric of last year's grant round
with three reviewers' submitted scores for each application (one reviewer recused from one application by a
declared conflict), and this year's open call reviewed blind, its submitted application screened and waiting for
the mentor's conflict declaration.

Last year's round is already decided, so its reviews are written as they stood at the time (demo data only);
this year's screening and assignment go through the services. Safe to run again: nothing is added once last
year's round has a rubric.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from talentas.accounts.models import User
from talentas.calls.models import Application, Call, ProgrammeKind

from . import scoring, services
from .models import ConflictDeclaration, Criterion, Review, ReviewerAssignment, ReviewerRole, Rubric, Score

STAFF_EMAIL = "plan.manager@talentas.example"
REVIEWERS = (
    ("mentor@talentas.example", ReviewerRole.EXPERT),
    ("plan.manager@talentas.example", ReviewerRole.STAFF),
    ("steering@talentas.example", ReviewerRole.JURY),
)
CRITERIA = [
    ("Inovatyvumas", "Innovation", "Kuo sprendimas naujas rinkai?", "What is new about the solution?", "3", 10),
    ("Rinka ir klientai", "Market and customers", "Ar aišku, kas mokės ir kodėl?", "Is it clear who pays, and why?",
     "2", 10),
    ("Komanda", "Team", "Ar komanda gali tai įgyvendinti?", "Can the team deliver it?", "2", 5),
    ("Poveikis Alytui", "Impact for Alytus", "Darbo vietos, paslaugos, įvaizdis.", "Jobs, services, reputation.",
     "1", 5),
]  # fmt: skip
# Per decision: each reviewer's scores per criterion (the waitlisted one split the reviewers).
SCORES = {
    Application.Status.APPROVED: [(9, 8, 5, 4), (8, 8, 4, 5), (8, 7, 4, 4)],
    Application.Status.WAITLISTED: [(9, 8, 5, 5), (4, 3, 2, 2), (6, 6, 3, 3)],
    Application.Status.REJECTED: [(4, 3, 3, 2), (3, 4, 2, 2), (5, 3, 3, 2)],
}


def _rubric(call: Call, *, blind: bool) -> Rubric:
    rubric = Rubric.objects.create(
        call=call, title_lt="Vertinimo kriterijai", title_en="Evaluation criteria", blind_review=blind,
        disagreement_threshold=Decimal("25"),
    )  # fmt: skip
    for position, (title_lt, title_en, text_lt, text_en, weight, max_score) in enumerate(CRITERIA):
        Criterion.objects.create(
            rubric=rubric, position=position, title_lt=title_lt, title_en=title_en, description_lt=text_lt,
            description_en=text_en, weight=Decimal(weight), max_score=max_score,
        )  # fmt: skip
    return rubric


def _last_years_reviews(call: Call, rubric: Rubric, staff: User, people: dict[str, User]) -> int:
    criteria = list(rubric.criteria.order_by("position"))
    when = (call.closes_at + datetime.timedelta(days=14)).replace(hour=10)
    made = 0
    applications = list(call.applications.exclude(status=Application.Status.DRAFT).order_by("pk"))
    for index, application in enumerate(applications):
        # The decided ones keep their lowest and highest scores a little apart from one another.
        sets = SCORES.get(application.status, SCORES[Application.Status.APPROVED])
        for number, (email, role) in enumerate(REVIEWERS):
            reviewer = people[email]
            assignment = ReviewerAssignment.objects.create(
                application=application, reviewer=reviewer, role=role, assigned_by=staff, assigned_at=when,
                status=ReviewerAssignment.Status.ACTIVE,
            )  # fmt: skip
            conflict = index == 2 and role == ReviewerRole.JURY
            ConflictDeclaration.objects.create(
                reviewer=reviewer, application=application, has_conflict=conflict, declared_at=when,
                reason="Esu šios įmonės akcininko giminaitis." if conflict else "",
            )  # fmt: skip
            if conflict:
                ReviewerAssignment.objects.filter(pk=assignment.pk).update(
                    status=ReviewerAssignment.Status.RECUSED,
                    recusal=ReviewerAssignment.Recusal.DECLARED,
                    recused_at=when,
                )
                continue
            values = sets[(number + index) % len(sets)]
            scores = {criterion.pk: value for criterion, value in zip(criteria, values, strict=True)}
            review = Review.objects.create(
                assignment=assignment, status=Review.Status.SUBMITTED, comments="Įvertinta pagal kvietimo kriterijus.",
                total=scoring.weighted_total(criteria, scores), submitted_at=when + datetime.timedelta(days=3),
            )  # fmt: skip
            Score.objects.bulk_create(
                Score(review=review, criterion_id=key, value=value) for key, value in scores.items()
            )
            made += 1
    return made


@transaction.atomic
def load_demo_review() -> dict[str, int]:
    """The demo's rubrics, reviewer assignments and reviews; {"rubrics", "reviews"} added."""
    year = timezone.localdate().year
    calls = Call.objects.filter(programme__kind=ProgrammeKind.GRANT_FUND).order_by("budget_year")
    last_year = calls.filter(budget_year=year - 1).first()
    this_year = calls.filter(budget_year=year).first()
    if last_year is None or this_year is None:
        raise LookupError("Run `load_demo_calls` first: the review demo reviews its grant calls.")
    if Rubric.objects.filter(call=last_year).exists():
        return {"rubrics": 0, "reviews": 0}
    people = {user.email: user for user in User.objects.filter(email__in=[email for email, _ in REVIEWERS])}
    if len(people) < len(REVIEWERS):
        raise LookupError("Run `load_demo` first: the review demo needs the demo accounts.")
    staff = people[STAFF_EMAIL]
    rubrics = [_rubric(last_year, blind=False), _rubric(this_year, blind=True)]
    reviews = _last_years_reviews(last_year, rubrics[0], staff, people)
    # This year: the submitted application passes the screening and waits for the mentor's declaration.
    for application in this_year.applications.filter(status=Application.Status.SUBMITTED):
        services.screen(actor=staff, application_id=application.pk, passed=True)
        services.assign_reviewer(
            actor=staff, application_id=application.pk, reviewer=people["mentor@talentas.example"], role="expert"
        )
    return {"rubrics": len(rubrics), "reviews": reviews}
