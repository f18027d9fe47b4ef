"""An indicator's monitoring settings and its dated goals."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from talentas.accounts.permissions import AnyUser
from talentas.audit.services import changes_since, log_action, snapshot
from talentas.core.errors import Conflict, DomainError, PermissionDenied
from talentas.core.metrics import mark_data_changed
from talentas.plans import services as plan_services

from .. import permissions
from ..models import (
    IndicatorGoal,
    IndicatorSettings,
)
from .values import clean_number


@transaction.atomic
def save_indicator_settings(*, user: AnyUser, indicator, **fields: Any) -> IndicatorSettings:
    """Store weight, direction, accumulation, frequency, due days or breakdowns of an indicator (plan managers)."""
    if not permissions.roles.can_run_monitoring(user):
        raise PermissionDenied(
            _("Only the M&E team may change how an indicator is monitored."), code="indicator_settings_forbidden"
        )
    found, _created = IndicatorSettings.objects.select_for_update().get_or_create(indicator=indicator)
    before = snapshot(found)
    for name, value in fields.items():
        setattr(found, name, value)
    try:
        found.full_clean()
    except ValidationError as error:
        name, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], field=name, code="invalid") from None
    found.save()
    _log_settings(user, before, found)
    mark_data_changed()
    return found


def _log_settings(user: AnyUser, before: dict[str, Any], found: IndicatorSettings) -> None:
    log_action(
        actor=user, verb="monitoring.indicator_settings.change", target=found, changes=changes_since(before, found)
    )


def _require_indicator_settings(user: AnyUser) -> None:
    if not permissions.can_edit_indicator_settings(user):
        raise PermissionDenied(
            _("Only plan managers and the M&E team may change how an indicator is monitored."),
            code="indicator_settings_forbidden",
        )


def _clean_goal_year(*, indicator, year: Any) -> int:
    try:
        number = int(year)
    except (TypeError, ValueError):
        raise DomainError(_("“%(raw)s” is not a year.") % {"raw": year}, field="year", code="year_invalid") from None
    plan = indicator.plan
    if not plan.start_year <= number <= plan.end_year:
        raise DomainError(
            _("A goal's year must be within the plan, %(start)s–%(end)s.")  # noqa: RUF001 (an en dash)
            % {"start": plan.start_year, "end": plan.end_year},
            field="year",
            code="year_outside_plan",
        )
    return number


@dataclass
class GoalRow:
    year: int
    target_value: Decimal
    note: str = ""


@transaction.atomic
def add_goal(*, user: AnyUser, indicator, year: Any, target_value: Any, note: str = "") -> IndicatorGoal:
    """A dated goal: the indicator's target for one year of the plan (one per year, not negative)."""
    _require_indicator_settings(user)
    number = _clean_goal_year(indicator=indicator, year=year)
    target = clean_number(target_value, field="target_value")
    if IndicatorGoal.objects.select_for_update().filter(indicator=indicator, year=number).exists():
        raise Conflict(_("There is already a goal for %(year)s.") % {"year": number}, field="year", code="goal_exists")
    goal = IndicatorGoal(indicator=indicator, year=number, target_value=target, note=(note or "").strip())
    try:
        goal.full_clean()
        with transaction.atomic():
            goal.save()
    except ValidationError as error:
        name, errors = next(iter(error.message_dict.items()))
        raise DomainError(errors[0], field=name, code="invalid") from None
    except IntegrityError:  # a goal for the same year saved at the same moment
        raise Conflict(
            _("There is already a goal for %(year)s.") % {"year": number}, field="year", code="goal_exists"
        ) from None
    log_action(actor=user, verb="monitoring.goal.add", target=goal, changes=changes_since({}, goal))
    transaction.on_commit(mark_data_changed)
    return goal


@transaction.atomic
def replace_goals(*, user: AnyUser, indicator, goals: list[GoalRow]) -> list[IndicatorGoal]:
    """Make the indicator's dated goals exactly `goals`: changed years updated, new ones added, missing removed."""
    _require_indicator_settings(user)
    cleaned: dict[int, GoalRow] = {}
    for row in goals:
        number = _clean_goal_year(indicator=indicator, year=row.year)
        if number in cleaned:
            raise DomainError(
                _("There are two goals for %(year)s; keep one.") % {"year": number}, field="goals", code="goal_repeated"
            )
        cleaned[number] = GoalRow(number, clean_number(row.target_value, field="target_value"), row.note.strip())
    existing = {goal.year: goal for goal in IndicatorGoal.objects.select_for_update().filter(indicator=indicator)}
    IndicatorGoal.objects.filter(indicator=indicator).exclude(year__in=list(cleaned)).delete()
    saved = []
    for number, row in sorted(cleaned.items()):
        goal = existing.get(number) or IndicatorGoal(indicator=indicator, year=number)
        goal.target_value, goal.note = row.target_value, row.note
        goal.full_clean(validate_unique=False)
        goal.save()
        saved.append(goal)
    # One entry on the indicator: each year's target as it was and as it is (None: no goal that year).
    old = {year: str(goal.target_value) for year, goal in existing.items()}
    new = {goal.year: str(goal.target_value) for goal in saved}
    changes = {
        str(year): [old.get(year), new.get(year)] for year in sorted({*old, *new}) if old.get(year) != new.get(year)
    }
    if changes:
        log_action(actor=user, verb="monitoring.goals.replace", target=indicator, changes=changes)
    transaction.on_commit(mark_data_changed)
    return saved


@transaction.atomic
def save_indicator_setup(
    *,
    user: AnyUser,
    indicator,
    weight: Any,
    direction: str,
    due_days: int,
    baseline_value: Decimal | None,
    baseline_year: int | None,
    goals: list[GoalRow],
) -> IndicatorSettings:
    """The staff page's save: weight, direction, due days, baseline and dated goals of one indicator, all or none.

    The baseline belongs to the plan's indicator, so the plans app validates and writes it.
    """
    _require_indicator_settings(user)
    plan_services.set_indicator_baseline(indicator=indicator, value=baseline_value, year=baseline_year)
    found, _created = IndicatorSettings.objects.select_for_update().get_or_create(indicator=indicator)
    before = snapshot(found)
    found.weight, found.direction, found.due_days = weight, direction, due_days
    try:
        found.full_clean()
    except ValidationError as error:
        name, errors = next(iter(error.message_dict.items()))
        raise DomainError(errors[0], field=name, code="invalid") from None
    found.save()
    _log_settings(user, before, found)
    replace_goals(user=user, indicator=indicator, goals=goals)
    transaction.on_commit(mark_data_changed)
    return found
