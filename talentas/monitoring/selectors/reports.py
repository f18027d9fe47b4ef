"""Reports, the corrections since one was made, and the evaluation export."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from talentas.plans.selectors import unit_name

from .. import periods
from ..models import (
    IndicatorValue,
    Report,
    ReportingPeriod,
    ValueState,
)
from ..periods import Span


def reports_of(*, plan, include_internal: bool) -> QuerySet[Report]:
    found = Report.objects.filter(plan=plan).select_related("period")
    if not include_internal:
        found = found.filter(kind=Report.Kind.ANNUAL, state=Report.State.READY)
    return found.order_by("-period__start", "kind", "language")


def report_detail(*, pk: int) -> Report:
    found = Report.objects.select_related("plan", "period").filter(pk=pk).first()
    if found is None:
        raise Http404(_("There is no such report."))
    return found


def corrections_since(*, report: Report) -> list[dict]:
    """Values approved after the report was frozen that change a figure it shows: the indicator, period, the value
    in the report and the corrected one. One query."""
    frozen = {(row["indicator"], row["period"]): row for row in report.snapshot.get("values", [])}
    if not frozen:
        return []
    changed = IndicatorValue.objects.filter(
        indicator__plan_id=report.plan_id,
        state=ValueState.APPROVED,
        superseded_at=None,
        revision__gt=1,
        period__start__gte=report.period.start,
        period__end__lte=report.period.end,
    ).select_related("indicator", "period")
    found = []
    for value in changed:
        before = frozen.get((value.indicator.code, value.period.code))
        if before is not None and Decimal(before["value"]) != value.value:
            found.append(
                {
                    "indicator": value.indicator.code,
                    "period": value.period.code,
                    "reported": before["value"],
                    "corrected": str(value.value),
                    "revision": value.revision,
                    "approved": value.reviewed_at,
                }
            )
    return found


def periods_for_reports(*, plan, today: datetime.date) -> list[Span]:
    """Ended quarters and years of the plan, newest first, for choosing a report's period."""
    last = min(today, datetime.date(plan.end_year, 12, 31))
    quarters = [
        span for span in periods.quarters_between(datetime.date(plan.start_year, 1, 1), last) if span.end <= today
    ]
    years = [periods.year(y) for y in range(plan.start_year, plan.end_year + 1) if periods.year(y).end <= today]
    return sorted(quarters + years, key=lambda span: (span.end, span.quarter is None), reverse=True)


def stored_period(*, span: Span) -> ReportingPeriod | None:
    return ReportingPeriod.objects.filter(kind=span.kind, year=span.year, quarter=span.quarter).first()


def evaluation_rows(*, plan) -> list[dict]:
    """Every value revision of the plan's indicators, for the mid-term and final evaluations. One query."""
    rows = (
        IndicatorValue.objects.filter(indicator__plan=plan)
        .select_related("indicator__action", "period", "entered_by", "reviewed_by")
        .order_by("indicator__order", "indicator__pk", "period__start", "period__kind", "revision")
    )
    return [
        {
            "indicator": value.indicator.code,
            "action": value.indicator.action.code if value.indicator.action else "",
            "period": value.period.code,
            "revision": value.revision,
            "value": str(value.value),
            "unit": unit_name(value.indicator.unit),
            "target": "" if value.indicator.target_value is None else str(value.indicator.target_value),
            "target_period": value.indicator.target_period,
            "state": value.state,
            "current": "yes" if value.is_current else "no",
            "source": value.source,
            "breakdown": value.breakdown,
            "comment": value.comment,
            "entered_by": str(value.entered_by or ""),
            "reviewed_by": str(value.reviewed_by or ""),
            "reviewed_at": value.reviewed_at.isoformat() if value.reviewed_at else "",
        }
        for value in rows
    ]
