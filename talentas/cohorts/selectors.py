"""Reads of cohorts, with the joins each page needs already applied."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from talentas.accounts.models import Role, User
from talentas.accounts.permissions import AnyUser
from talentas.events import selectors as event_selectors
from talentas.organisations import selectors as organisation_selectors

from . import permissions
from .models import Cohort, CohortMember, CohortMentor, MentoringSession, Milestone


def _cohorts() -> QuerySet[Cohort]:
    return Cohort.objects.select_related("programme").prefetch_related(
        Prefetch("mentors", queryset=CohortMentor.objects.select_related("user")),
        Prefetch("members", queryset=CohortMember.objects.select_related("organisation")),
    )


def cohorts_for(user: AnyUser) -> list[Cohort]:
    """The cohorts a person may open: all for the programme team, else those they mentor or their startup is in."""
    if permissions.can_manage_cohorts(user):
        return list(_cohorts())
    organisations = organisation_selectors.organisation_ids_of(user)
    return list(
        _cohorts().filter(Q(mentors__user_id=user.pk) | Q(members__organisation_id__in=organisations)).distinct()
    )


def cohort_by_id(pk: int) -> Cohort | None:
    return _cohorts().filter(pk=pk).first()


def member_rows(cohort: Cohort) -> QuerySet[CohortMember]:
    """The cohort's startups with their mentoring hours, sessions and milestones done (for staff and mentors)."""
    return (
        CohortMember.objects.filter(cohort=cohort)
        .select_related("organisation")
        .annotate(
            session_count=Count("sessions", distinct=True),
            session_hours=Sum("sessions__hours"),
            milestones_total=Count("milestones", distinct=True),
            milestones_done=Count("milestones", filter=Q(milestones__done_at__isnull=False), distinct=True),
        )
        .order_by("organisation__name", "pk")
    )


def member_by_id(pk: int) -> CohortMember | None:
    return (
        CohortMember.objects.select_related("cohort__programme", "organisation")
        .prefetch_related(
            Prefetch("cohort__mentors", queryset=CohortMentor.objects.select_related("user")),
            Prefetch("sessions", queryset=MentoringSession.objects.select_related("mentor")),
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "pk")),
        )
        .filter(pk=pk)
        .first()
    )


def mentoring_hours(member: CohortMember) -> Decimal:
    return sum((session.hours for session in member.sessions.all()), Decimal(0))


def training_of(member: CohortMember):
    """The startup's members' attendance at events of the programme's plan action during the cohort."""
    cohort = member.cohort
    return event_selectors.training_attendance(
        organisation_ids=[member.organisation_id],
        action_id=cohort.programme.action_id,
        start=cohort.starts_on,
        end=cohort.ends_on,
    )


def mentor_choices() -> QuerySet[User]:
    """People with the reviewer-or-mentor role, by name."""
    return User.objects.filter(role_assignments__role=Role.REVIEWER).distinct().order_by("full_name", "email")


def organisation_choices():
    return organisation_selectors.directory()


def organisations_in_cohorts(*, kind: str, start, end) -> QuerySet:
    """The ids of the organisations in a cohort of a programme of this kind that ran during [start, end): the
    startups an accelerator or incubator really worked with, also those the programme team added by hand."""
    return (
        CohortMember.objects.filter(cohort__programme__kind=kind, cohort__starts_on__lt=end, cohort__ends_on__gte=start)
        .values_list("organisation_id", flat=True)
        .distinct()
    )
