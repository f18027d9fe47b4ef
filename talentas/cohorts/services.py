"""Writes of cohorts: the programme team forms cohorts, admits startups and assigns mentors; mentors record their
sessions and milestones; the startup ticks its milestones. Every write checks the actor's right, validates, keeps
the audit trail and commits in one transaction."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talentas.accounts import permissions as account_permissions
from talentas.accounts.models import User
from talentas.accounts.permissions import AnyUser
from talentas.audit.services import log_action
from talentas.calls.models import Application, Programme, ProgrammeKind
from talentas.core.errors import Conflict, DomainError, NotFound, require, validate
from talentas.organisations.models import Organisation

from . import permissions
from .models import Cohort, CohortMember, CohortMentor, MentoringSession, Milestone

COHORT_KINDS = (ProgrammeKind.ACCELERATOR, ProgrammeKind.INCUBATOR)
_STAFF_ONLY = _("Only the programme team may do this.")

# The co-working module, when it lands, registers here what gives an incubator resident a free membership:
# `register_resident_hook(grant_free_membership)`; each hook is called with the new CohortMember after commit.
_resident_hooks: list[Callable[[CohortMember], None]] = []


def register_resident_hook(hook: Callable[[CohortMember], None]) -> None:
    """Called with every new member of an incubator cohort (a resident) once the admission is committed."""
    if hook not in _resident_hooks:
        _resident_hooks.append(hook)


def _tell_resident_hooks(member: CohortMember) -> None:
    if member.cohort.programme.kind != ProgrammeKind.INCUBATOR:
        return
    for hook in list(_resident_hooks):
        transaction.on_commit(partial(hook, member))


def _require_staff(actor: AnyUser) -> None:
    require(permissions.can_manage_cohorts(actor), _STAFF_ONLY, code="forbidden")


@transaction.atomic
def create_cohort(
    *,
    actor: User,
    programme: Programme,
    year: int,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    demo_day_on: datetime.date | None = None,
    demo_day_place: str = "",
) -> Cohort:
    """A new cohort of an accelerator or incubator programme."""
    _require_staff(actor)
    if programme.kind not in COHORT_KINDS:
        raise DomainError(
            _("Only the accelerator and the incubator have cohorts."), field="programme", code="not_a_cohort_programme"
        )
    cohort = Cohort(
        programme=programme,
        year=year,
        name=(name or "").strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        demo_day_on=demo_day_on,
        demo_day_place=(demo_day_place or "").strip(),
    )
    validate(cohort)
    cohort.save()
    log_action(actor=actor, verb="cohorts.cohort.create", target=cohort, changes={"name": [None, cohort.name]})
    return cohort


def _join(cohort: Cohort, organisation: Organisation, *, source: str, application=None) -> CohortMember | None:
    member, created = CohortMember.objects.get_or_create(
        cohort=cohort,
        organisation=organisation,
        defaults={"source": source, "application": application, "joined_on": timezone.localdate()},
    )
    if not created:
        return None
    member.cohort = cohort
    _tell_resident_hooks(member)
    return member


@transaction.atomic
def admit_approved(*, actor: User, cohort: Cohort) -> int:
    """Admit every organisation whose application to a call of the cohort's programme for its year was approved;
    those already in stay as they are. Returns how many joined."""
    _require_staff(actor)
    approved = Application.objects.filter(
        call__programme_id=cohort.programme_id, call__budget_year=cohort.year, status=Application.Status.APPROVED
    ).select_related("organisation")
    joined = [_join(cohort, a.organisation, source=CohortMember.Source.APPLICATION, application=a) for a in approved]
    count = sum(member is not None for member in joined)
    log_action(actor=actor, verb="cohorts.cohort.admit", target=cohort, changes={"joined": [None, count]})
    return count


@transaction.atomic
def add_member(*, actor: User, cohort: Cohort, organisation: Organisation) -> CohortMember:
    """The programme team adds a startup that came another way (a partner's referral, last year's cohort)."""
    _require_staff(actor)
    member = _join(cohort, organisation, source=CohortMember.Source.STAFF)
    if member is None:
        raise Conflict(_("This startup is already in the cohort."), field="organisation", code="already_member")
    log_action(actor=actor, verb="cohorts.member.add", target=cohort, changes={"organisation": [None, organisation.pk]})
    return member


@transaction.atomic
def remove_member(*, actor: User, member_id: int) -> None:
    _require_staff(actor)
    member = CohortMember.objects.select_related("cohort").filter(pk=member_id).first()
    if member is None:
        raise NotFound(permissions.NO_SUCH_MEMBER, code="no_such_member")
    log_action(
        actor=actor, verb="cohorts.member.remove", target=member.cohort, changes={"organisation": [member.pk, None]}
    )
    member.delete()


@transaction.atomic
def assign_mentor(*, actor: User, cohort: Cohort, mentor: User, expertise: str = "") -> CohortMentor:
    """A person with the reviewer-or-mentor role mentors the cohort's startups."""
    _require_staff(actor)
    if not account_permissions.can_mentor(mentor):
        raise DomainError(
            _("This person does not have the reviewer or mentor role."), field="mentor", code="not_a_mentor"
        )
    try:
        with transaction.atomic():
            assignment = CohortMentor.objects.create(cohort=cohort, user=mentor, expertise=(expertise or "")[:200])
    except IntegrityError:
        raise Conflict(_("This person already mentors the cohort."), field="mentor", code="already_mentor") from None
    log_action(actor=actor, verb="cohorts.mentor.assign", target=cohort, changes={"mentor": [None, mentor.pk]})
    return assignment


def _member_for(actor: AnyUser, member_id: int, *, guiding: bool) -> CohortMember:
    member = (
        CohortMember.objects.select_related("cohort__programme", "organisation")
        .prefetch_related("cohort__mentors")
        .filter(pk=member_id)
        .first()
    )
    member = permissions.seen_member(actor, member)
    if guiding:
        require(
            permissions.guides(actor, member.cohort),
            _("Only the programme team and the cohort's mentors may do this."),
            code="forbidden",
        )
    return member


def _hours(value: Any) -> Decimal:
    try:
        hours = Decimal(str(value).replace(",", ".")).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise DomainError(_("Enter the hours as a number."), field="hours", code="invalid_hours") from None
    if not hours.is_finite() or hours <= 0 or hours > 12:
        raise DomainError(_("A session lasts more than 0 and at most 12 hours."), field="hours", code="invalid_hours")
    return hours


@transaction.atomic
def record_session(
    *,
    actor: User,
    member_id: int,
    held_at: datetime.datetime,
    hours: Any,
    notes: str = "",
    staff_notes: str = "",
    mentor: User | None = None,
) -> MentoringSession:
    """A mentoring session with a startup. A mentor records their own; the programme team may record one for any
    of the cohort's mentors. `notes` are for the startup; `staff_notes` never reach it."""
    member = _member_for(actor, member_id, guiding=True)
    cohort = member.cohort
    if permissions.is_mentor_of(actor, cohort) and (mentor is None or mentor.pk == actor.pk):
        mentor = actor
    elif mentor is None or not permissions.is_mentor_of(mentor, cohort):
        raise DomainError(_("Choose one of the cohort's mentors."), field="mentor", code="not_cohort_mentor")
    elif not permissions.can_manage_cohorts(actor):
        raise DomainError(_("Record your own sessions only."), field="mentor", code="not_own_session")
    if timezone.is_naive(held_at):
        held_at = timezone.make_aware(held_at)
    if held_at > timezone.now() + datetime.timedelta(hours=1):
        raise DomainError(_("A session is recorded after it took place."), field="held_at", code="session_in_future")
    session = MentoringSession(
        member=member,
        mentor=mentor,
        held_at=held_at,
        hours=_hours(hours),
        notes=(notes or "").strip(),
        staff_notes=(staff_notes or "").strip(),
        recorded_by=actor,
    )
    validate(session)
    session.save()
    log_action(
        actor=actor, verb="cohorts.session.record", target=member.cohort, changes={"hours": [None, str(session.hours)]}
    )
    return session


@transaction.atomic
def add_milestone(*, actor: User, member_id: int, title: str, due_on: datetime.date) -> Milestone:
    member = _member_for(actor, member_id, guiding=True)
    milestone = Milestone(member=member, title=(title or "").strip(), due_on=due_on)
    validate(milestone)
    milestone.save()
    log_action(actor=actor, verb="cohorts.milestone.add", target=member.cohort, changes={"title": [None, title]})
    return milestone


@transaction.atomic
def mark_milestone(*, actor: User, milestone_id: int, done: bool) -> Milestone:
    """The startup, its mentors or the programme team tick a milestone done (or not done after all)."""
    milestone = Milestone.objects.select_for_update(of=("self",)).filter(pk=milestone_id).first()
    if milestone is None:
        raise NotFound(_("No such milestone."), code="no_such_milestone")
    _member_for(actor, milestone.member_id, guiding=False)
    milestone.done_at = timezone.now() if done else None
    milestone.save(update_fields=["done_at", "updated_at"])
    log_action(actor=actor, verb="cohorts.milestone.mark", target=milestone, changes={"done": [not done, done]})
    return milestone


# ------------------------------------------------------------------------------------------ personal data


def cohorts_personal_data(*, user: User) -> dict[str, Any]:
    """What cohorts keep about a person: the cohorts they mentor and the sessions they held, with their notes."""
    return {
        "mentoring": [
            {"cohort": m.cohort.name, "expertise": m.expertise}
            for m in CohortMentor.objects.filter(user=user).select_related("cohort")
        ],
        "sessions": [
            {
                "startup": s.member.organisation.name,
                "held_at": s.held_at,
                "hours": s.hours,
                "notes": s.notes,
                "private_notes": s.staff_notes,
            }
            for s in MentoringSession.objects.filter(mentor=user).select_related("member__organisation")
        ],
    }


def forget_person(*, user: User) -> None:
    """The mentor's sessions stay with the startup (their hours count), but lose the mentor's words; the mentor
    assignments go with the account (CASCADE)."""
    MentoringSession.objects.filter(mentor=user).update(notes="", staff_notes="")
