"""The plan's budget lines, commitments and expenditure, and when actions really started and finished."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from talentas.accounts.permissions import AnyUser
from talentas.audit.services import changes_since, log_action, snapshot
from talentas.core.errors import DomainError, PermissionDenied
from talentas.core.metrics import mark_data_changed

from .. import permissions
from ..models import (
    ActionSettings,
    BudgetEntry,
    BudgetLine,
)
from .values import acting_person, clean_number


def _require_budget(user: AnyUser) -> None:
    if not permissions.can_record_budget(user):
        raise PermissionDenied(
            _("Only the Finance and Investment Department or plan managers may record the budget."),
            code="budget_forbidden",
        )


@transaction.atomic
def save_budget_line(
    *, user: AnyUser, plan, phase, planned_eur: Any, action=None, source=None, note: str = ""
) -> BudgetLine:
    """Plan an amount for an action (or the whole plan) in a phase from a source; the same combination is
    updated rather than duplicated."""
    _require_budget(user)
    amount = clean_number(planned_eur, field="planned_eur")
    for name, part in (("phase", phase), ("action", action), ("source", source)):
        if part is not None and part.plan_id != plan.pk:
            raise DomainError(_("This belongs to another plan."), field=name, code="other_plan")
    line = (
        BudgetLine.objects.select_for_update()
        .filter(plan=plan, phase=phase, action=action, source=source)
        .order_by("pk")  # no join: PostgreSQL locks no outer join's nullable side
        .first()
    )
    if line is None:
        line = BudgetLine(plan=plan, phase=phase, action=action, source=source)
    before = snapshot(line)
    line.planned_eur, line.note = amount, (note or "").strip()
    line.full_clean()
    line.save()
    log_action(actor=user, verb="monitoring.budget_line.save", target=line, changes=changes_since(before, line))
    transaction.on_commit(mark_data_changed)
    return line


@transaction.atomic
def record_budget_entry(
    *, user: AnyUser, line: BudgetLine, kind: str, amount_eur: Any, date: datetime.date, description: str
) -> BudgetEntry:
    """A commitment or an expenditure against a budget line. The amount must be positive."""
    _require_budget(user)
    if kind not in BudgetEntry.Kind.values:
        raise DomainError(_("Choose commitment or expenditure."), field="kind", code="budget_kind_unknown")
    amount = clean_number(amount_eur, field="amount_eur")
    if amount <= 0:
        raise DomainError(_("The amount must be more than zero."), field="amount_eur", code="amount_not_positive")
    description = (description or "").strip()
    if not description:
        raise DomainError(_("Say what the money is for."), field="description", code="description_missing")
    entry = BudgetEntry(
        line=line, kind=kind, amount_eur=amount, date=date, description=description, recorded_by=acting_person(user)
    )
    entry.full_clean()
    entry.save()
    log_action(actor=user, verb="monitoring.budget_entry.record", target=entry, changes=changes_since({}, entry))
    transaction.on_commit(mark_data_changed)
    return entry


@transaction.atomic
def record_action_dates(
    *, user: AnyUser, action, actual_start: datetime.date | None, actual_end: datetime.date | None
) -> ActionSettings:
    """When an action really started and finished. A finish needs a start on or before it."""
    if not permissions.can_record_action_dates(user):
        raise PermissionDenied(
            _("Only the M&E team and plan managers may record when actions start and finish."),
            code="action_dates_forbidden",
        )
    if actual_end is not None and actual_start is None:
        raise DomainError(
            _("An action cannot finish before it has started."), field="actual_start", code="finish_before_start"
        )
    if actual_end is not None and actual_start is not None and actual_end < actual_start:
        raise DomainError(_("The finish cannot be before the start."), field="actual_end", code="finish_before_start")
    found, _created = ActionSettings.objects.select_for_update().get_or_create(action=action)
    before = snapshot(found)
    found.actual_start, found.actual_end = actual_start, actual_end
    found.save()
    log_action(actor=user, verb="monitoring.action_dates.record", target=found, changes=changes_since(before, found))
    transaction.on_commit(mark_data_changed)
    return found


def budget_line_for(*, action, year: int) -> BudgetLine | None:
    """The action's budget line for the phase that holds `year` (the first one planned when several sources fund
    it), or None when the plan has no budget for the action then."""
    return (
        BudgetLine.objects.filter(action=action, phase__start_year__lte=year, phase__end_year__gte=year)
        .order_by("phase__order", "pk")
        .first()
    )


@transaction.atomic
def follow_money(
    *,
    origin: str,
    action,
    year: int,
    kind: str,
    amount_eur: Any,
    date: datetime.date,
    description: str,
    actor: AnyUser | None = None,
) -> BudgetEntry | None:
    """Keep one commitment or expenditure in step with money another module decided or paid (an award, a paid
    instalment), on the action's budget line for `year`.

    Idempotent: the same `origin` always names one entry, updated when the amount, date or words change and left
    alone otherwise; None (and nothing recorded) when the action has no budget line for that year or the amount
    is not positive. Called inside the deciding module's own transaction, so the entry and the decision commit
    together."""
    if action is None or kind not in BudgetEntry.Kind.values:
        return None
    amount = clean_number(amount_eur, field="amount_eur")
    if amount <= 0:
        return None
    line = budget_line_for(action=action, year=year)
    if line is None:
        return None
    wanted = {"line": line, "kind": kind, "amount_eur": amount, "date": date, "description": description[:300]}
    entry = BudgetEntry.objects.select_for_update().filter(origin=origin).first()
    if entry is None:
        entry = BudgetEntry(origin=origin, recorded_by=acting_person(actor) if actor is not None else None, **wanted)
        before: dict = {}
    elif all(getattr(entry, name) == value for name, value in wanted.items()):
        return entry
    else:
        before = snapshot(entry)
        for name, value in wanted.items():
            setattr(entry, name, value)
    entry.full_clean()
    entry.save()
    log_action(actor=actor, verb="monitoring.budget_entry.follow", target=entry, changes=changes_since(before, entry))
    transaction.on_commit(mark_data_changed)
    return entry


def money_followed(origin_prefix: str) -> list[BudgetEntry]:
    """The entries kept in step from origins that start with `origin_prefix` (for the deciding module's tests and
    pages)."""
    return list(BudgetEntry.objects.filter(origin__startswith=origin_prefix).select_related("line").order_by("pk"))
