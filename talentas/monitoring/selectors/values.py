"""Indicator values: revisions, breakdowns, the audit trail, what awaits review and what is due."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from talentas.accounts import permissions as roles
from talentas.accounts.permissions import AnyUser
from talentas.plans import selectors as plan_selectors

from .. import periods, progress
from ..models import (
    BREAKDOWN_CATEGORIES,
    Breakdown,
    IndicatorSettings,
    IndicatorValue,
    ValueAuditEntry,
    ValueState,
)
from ..periods import Span
from .indicators import settings_view


def values_of_indicator(*, indicator, include_unapproved: bool) -> QuerySet[IndicatorValue]:
    """Every revision of an indicator's values (only approved ones unless asked), newest period first. One query."""
    found = IndicatorValue.objects.filter(indicator=indicator).select_related(
        "indicator", "period", "entered_by", "reviewed_by"
    )
    if not include_unapproved:
        found = found.filter(state=ValueState.APPROVED)
    return found.order_by("-period__start", "period__kind", "-revision")


@dataclass
class BreakdownRow:
    period: str
    value: Decimal
    cells: list[Decimal | None]
    not_broken_down: Decimal


@dataclass
class BreakdownTable:
    dimension: str
    label: str
    categories: list[str]
    rows: list[BreakdownRow] = field(default_factory=list)
    totals: list[Decimal] = field(default_factory=list)
    total_value: Decimal = Decimal(0)
    total_not_broken_down: Decimal = Decimal(0)


def breakdown_tables(*, indicator, dimensions: list[str]) -> list[BreakdownTable]:
    """The indicator's current approved values split by each breakdown (gender, age group, kind of talent), a row
    per period; what a value's breakdown does not cover is shown as "not broken down". One query."""
    rows = list(
        IndicatorValue.objects.filter(indicator=indicator, state=ValueState.APPROVED, superseded_at=None)
        .select_related("period")
        .order_by("period__start", "-period__end")
    )
    found = {dimension for row in rows for dimension in (row.breakdown or {})}
    tables = []
    for dimension in [d for d in Breakdown.values if d in set(dimensions) | found]:
        categories = BREAKDOWN_CATEGORIES[dimension]
        table = BreakdownTable(dimension, str(Breakdown(dimension).label), [str(label) for _key, label in categories])
        totals = [Decimal(0)] * len(categories)
        for row in rows:
            parts = (row.breakdown or {}).get(dimension, {})
            cells = [Decimal(parts[key]) if key in parts else None for key, _label in categories]
            covered = sum((cell for cell in cells if cell is not None), Decimal(0))
            table.rows.append(BreakdownRow(row.period.label, row.value, cells, row.value - covered))
            totals = [total + (cell or 0) for total, cell in zip(totals, cells, strict=True)]
            table.total_value += row.value
            table.total_not_broken_down += row.value - covered
        table.totals = totals
        tables.append(table)
    return tables


def value_with_indicator(*, pk: int) -> IndicatorValue:
    found = (
        IndicatorValue.objects.select_related("indicator__plan", "period", "entered_by", "reviewed_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404(_("There is no such value."))
    return found


def audit_trail(*, indicator) -> QuerySet[ValueAuditEntry]:
    """Every change to the indicator's values, oldest first, with who made it and on which revision. One query."""
    return (
        ValueAuditEntry.objects.filter(indicator=indicator)
        .select_related("actor", "value__period")
        .order_by("at", "pk")
    )


def submissions_to_review(*, user: AnyUser) -> QuerySet[IndicatorValue]:
    """Submitted values awaiting an M&E decision, oldest first, not those the person entered. One query."""
    if not roles.can_run_monitoring(user):
        return IndicatorValue.objects.none()
    return (
        IndicatorValue.objects.filter(state=ValueState.SUBMITTED, indicator__is_active=True)
        .exclude(entered_by_id=user.pk)
        .select_related("indicator", "period", "entered_by")
        .order_by("submitted_at", "pk")
    )


@dataclass
class DueItem:
    indicator: Any
    span: Span
    due: datetime.date
    state: str  # "" when nothing was entered, else the open revision's state
    today: datetime.date

    @property
    def overdue(self) -> bool:
        return self.due < self.today


def values_due(
    *, today: datetime.date, horizon_days: int = 7, departments: set[str] | None = None, look_back_days: int = 120
) -> list[DueItem]:
    """Manual indicator values due within `horizon_days` or overdue (for periods that ended in the last
    `look_back_days`) and not yet submitted or approved, for the given departments (all when None). Three queries."""
    indicators = [
        indicator
        for indicator in plan_selectors.ACTIVE_INDICATORS.select_related(
            "plan", "action__monitoring_settings"
        ).order_by("plan_id", "order", "pk")
        if progress.automatic_metric(indicator.metric) is None
        and (departments is None or indicator.responsible in departments)
    ]
    settings_by_indicator = {
        s.indicator_id: s for s in IndicatorSettings.objects.filter(indicator__in=[i.pk for i in indicators])
    }
    candidates: list[tuple[Any, Span, datetime.date]] = []
    for indicator in indicators:
        setting = settings_view(settings_by_indicator.get(indicator.pk))
        annual = setting.frequency == "annual"
        first = datetime.date(indicator.plan.start_year, 1, 1)
        last = min(today, datetime.date(indicator.plan.end_year + 1, 1, 1))
        spans = (
            [periods.year(y) for y in range(first.year, last.year + 1)]
            if annual
            else periods.quarters_between(first, last)
        )
        action = indicator.action
        finished = getattr(getattr(action, "monitoring_settings", None), "actual_end", None) if action else None
        last_month = finished or (action.planned_end if action else None)
        for span in spans:
            if span.end > today or (today - span.end).days > look_back_days:
                continue
            if last_month is not None and span.start > last_month:
                continue  # nothing is reported after the action has ended
            due = span.end + datetime.timedelta(days=setting.due_days)
            if due <= today + datetime.timedelta(days=horizon_days):
                candidates.append((indicator, span, due))
    if not candidates:
        return []
    states: dict[tuple[int, str], str] = {}
    for indicator_id, year, quarter, state in IndicatorValue.objects.filter(
        indicator__in={indicator.pk for indicator, _span, _due in candidates}
    ).values_list("indicator_id", "period__year", "period__quarter", "state"):
        code = f"{year}-Q{quarter}" if quarter else str(year)
        if states.get((indicator_id, code)) not in (ValueState.APPROVED, ValueState.SUBMITTED):
            states[(indicator_id, code)] = state
    items = []
    for indicator, span, due in candidates:
        state = states.get((indicator.pk, span.code), "")
        if state in (ValueState.APPROVED, ValueState.SUBMITTED):
            continue
        items.append(DueItem(indicator, span, due, state, today))
    return sorted(items, key=lambda item: (item.due, item.indicator.code))
