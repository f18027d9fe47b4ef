"""The plans and indicators monitoring follows, and their progress."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from talentas.core import metrics
from talentas.plans import selectors as plan_selectors

from .. import periods, progress
from ..models import (
    ActionSettings,
    IndicatorGoal,
    IndicatorSettings,
    IndicatorValue,
    ValueState,
)
from ..periods import Span
from ..status import thresholds


def plan_for_monitoring(*, slug: str | None = None):
    """The plan with objectives, actions and indicators prefetched (plans' own selector, a fixed number of
    queries). Without a slug: the default plan. Raises Http404 when there is none."""
    if slug is None:
        default = plan_selectors.default_plan()
        if default is None:
            raise Http404(_("No action plan has been loaded yet."))
        slug = default.slug
    return plan_selectors.plan_with_actions(slug=slug)


def default_plan_slug() -> str | None:
    plan = plan_selectors.default_plan()
    return plan.slug if plan else None


def plan_indicators(*, plan) -> list:
    """The plan's active indicators, in plan order. One query."""
    return list(plan.indicators.filter(is_active=True).select_related("action").order_by("order", "pk"))


def plans_running_in(*, year: int) -> QuerySet:
    return plan_selectors.plans_for_list().filter(start_year__lte=year, end_year__gte=year)


def first_plan_year() -> int | None:
    years = [plan.start_year for plan in plan_selectors.plans_for_list()]
    return min(years) if years else None


def metric_value_for(*, indicator, start: datetime.date, end: datetime.date) -> Decimal:
    return metrics.metric_value(indicator.metric, start=start, end=end)


def indicator_in_plan(*, pk: int):
    """One active indicator with its plan and action. One query; Http404 if there is none."""
    from talentas.plans.selectors import ACTIVE_INDICATORS

    indicator = ACTIVE_INDICATORS.select_related("plan", "action").filter(pk=pk).first()
    if indicator is None:
        raise Http404(_("There is no indicator %(pk)s.") % {"pk": pk})
    return indicator


def settings_view(found: IndicatorSettings | None) -> progress.SettingsView:
    if found is None:
        return progress.SettingsView()
    return progress.SettingsView(
        weight=found.weight,
        direction=found.direction,
        accumulation=found.accumulation,
        frequency=found.frequency,
        due_days=found.due_days,
        breakdowns=list(found.breakdowns),
    )


def _approved_values(*, plan_id: int) -> dict[int, list[tuple[Span, Decimal]]]:
    """The current approved value of each indicator and period. One query."""
    rows = IndicatorValue.objects.filter(
        indicator__plan_id=plan_id, state=ValueState.APPROVED, superseded_at=None
    ).values_list("indicator_id", "period__year", "period__quarter", "value")
    found: dict[int, list[tuple[Span, Decimal]]] = defaultdict(list)
    for indicator_id, year, quarter, value in rows:
        found[indicator_id].append((periods.quarter(year, quarter) if quarter else periods.year(year), value))
    return found


def _goals(*, plan_id: int) -> dict[int, dict[int, Decimal]]:
    """Every indicator's dated goals, by indicator and year. One query."""
    found: dict[int, dict[int, Decimal]] = defaultdict(dict)
    rows = IndicatorGoal.objects.filter(indicator__plan_id=plan_id).values_list("indicator_id", "year", "target_value")
    for indicator_id, year, target in rows:
        found[indicator_id][year] = target
    return found


def goals_of(*, indicator) -> QuerySet[IndicatorGoal]:
    """An indicator's dated goals, by year. One query."""
    return IndicatorGoal.objects.filter(indicator=indicator).order_by("year")


def _remembering(read):
    """The metric reader, asked once per metric and window within one computation (a current quarter's live
    value is also the last point of its trend)."""
    seen: dict = {}

    def remembered(key: str, start: datetime.date, end: datetime.date) -> Decimal:
        if (key, start, end) not in seen:
            seen[key, start, end] = read(key, start, end)
        return seen[key, start, end]

    return remembered


def plan_progress(*, plan, as_of: datetime.date | None = None, read=progress.read_metric) -> progress.PlanProgress:
    """Every indicator's value, progress and status on `as_of`, rolled up to actions and objectives.

    `plan` comes from `plan_for_monitoring`. Three queries here, plus one per automatic figure read from a module.
    """
    as_of = as_of or timezone.localdate()
    limits = thresholds()
    read = _remembering(read)
    indicator_settings = {s.indicator_id: s for s in IndicatorSettings.objects.filter(indicator__plan_id=plan.pk)}
    action_settings = {s.action_id: s for s in ActionSettings.objects.filter(action__plan_id=plan.pk)}
    values = _approved_values(plan_id=plan.pk)
    goals = _goals(plan_id=plan.pk)
    years = (plan.start_year, plan.end_year)

    def figure(indicator, schedule=(None, None, None)):
        return progress.evaluate_indicator(
            indicator,
            settings_view(indicator_settings.get(indicator.pk)),
            values.get(indicator.pk, []),
            plan_years=years,
            as_of=as_of,
            limits=limits,
            schedule=schedule,
            read=read,
            goals=goals.get(indicator.pk),
        )

    objectives = []
    for objective in plan.objectives.all():
        actions = []
        for action in objective.actions.all():
            schedule = (action.planned_start, action.planned_end, action.ready_by)
            figures = [figure(indicator, schedule) for indicator in action.indicators.all()]
            for item in figures:
                item.action_code = action.code
            actions.append(progress.build_action(action, action_settings.get(action.pk), figures, limits))
        objectives.append(progress.build_objective(objective, actions, limits))
    return progress.PlanProgress(
        slug=plan.slug,
        title=plan.title,
        city=plan.city,
        as_of=as_of,
        limits=limits,
        objectives=objectives,
        plan_indicators=[figure(indicator) for indicator in plan.plan_indicators],
    )


def indicator_settings(*, indicator) -> IndicatorSettings:
    """The indicator's monitoring settings (unsaved defaults when none were stored)."""
    found = IndicatorSettings.objects.filter(indicator=indicator).first()
    return found or IndicatorSettings(indicator=indicator)
