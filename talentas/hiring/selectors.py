"""Reads of job applications, with the joins each page needs already applied."""

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Count, QuerySet

from talentas.accounts.models import User
from talentas.accounts.permissions import AnyUser
from talentas.talent.models import Opportunity

from .models import Application, Note, Question


def questions_of(opportunity: Opportunity) -> list[Question]:
    return list(Question.objects.filter(opportunity=opportunity).order_by("position", "pk"))


def _applications() -> QuerySet[Application]:
    return Application.objects.select_related("opportunity__organisation", "profile__user")


def application_by_id(pk: int) -> Application | None:
    return _applications().filter(pk=pk).first()


def application_of(user: AnyUser, opportunity: Opportunity) -> Application | None:
    """The person's own application for the opportunity, if any."""
    if not user.is_authenticated:
        return None
    return Application.objects.filter(opportunity=opportunity, profile__user=user).first()


def applications_of_person(user: User) -> QuerySet[Application]:
    """Everything the person applied for, newest first."""
    return _applications().filter(profile__user=user).order_by("-created_at", "-pk")


def pipeline(opportunity: Opportunity, *, status: str = "") -> QuerySet[Application]:
    """The opportunity's applicants for its organisation, newest first, with how many notes each has: one query
    for a page of them whatever its length."""
    applications = (
        Application.objects.filter(opportunity=opportunity)
        .select_related("profile__user", "profile__occupation")
        .annotate(note_count=Count("notes"))
        .order_by("-created_at", "-pk")
    )
    return applications.filter(status=status) if status else applications


def stage_counts(opportunity: Opportunity) -> list[tuple[str, str, int]]:
    """(state, its label, how many applicants are in it), in the pipeline's order, empty stages too."""
    rows = Application.objects.filter(opportunity=opportunity).order_by().values_list("status").annotate(n=Count("pk"))
    counts = dict(rows)
    return [(value, str(label), counts.get(value, 0)) for value, label in Application.Status.choices]


def applications_in(opportunity: Opportunity, ids: Iterable[int]) -> list[int]:
    """Which of these ids are applications for this opportunity (a bulk move touches no other)."""
    return list(Application.objects.filter(opportunity=opportunity, pk__in=list(ids)).values_list("pk", flat=True))


def notes_of(application: Application) -> QuerySet[Note]:
    return application.notes.select_related("author")


def hires_before(moment: datetime) -> list[tuple[int, int, datetime | None]]:
    """(organisation id, profile id, when hired) of every hire before the moment: the placements metric's part."""
    return list(
        Application.objects.filter(hired_at__lt=moment).values_list(
            "opportunity__organisation_id", "profile_id", "hired_at"
        )
    )


def applicant_count(opportunity: Opportunity) -> int:
    return Application.objects.filter(opportunity=opportunity).count()


# The states in which an application still waits for a decision (the applicant's or the organisation's).
OPEN_STATES = (
    Application.Status.NEW,
    Application.Status.REVIEWING,
    Application.Status.SHORTLISTED,
    Application.Status.INTERVIEW,
    Application.Status.OFFER,
)


def open_applications_count(user: User) -> int:
    """How many of the person's applications are still open (not hired, not selected or withdrawn). One query."""
    return Application.objects.filter(profile__user=user, status__in=OPEN_STATES).count()


def applicants_to_review_count(organisations: Iterable) -> int:
    """How many new applications, not yet looked at, wait for these organisations. One query."""
    return Application.objects.filter(
        opportunity__organisation__in=list(organisations), status=Application.Status.NEW
    ).count()
