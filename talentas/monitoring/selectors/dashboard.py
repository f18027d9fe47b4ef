"""The public dashboard, cached until the data changes, and its open data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.core.validators import slug_re
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from talentas.core import metrics

from .. import progress
from ..models import (
    Report,
)
from .budget import BudgetSummary, budget_summary
from .indicators import default_plan_slug, plan_for_monitoring, plan_progress

# Every write through a service moves the data version at once; the expiry bounds staleness when a module forgets
# to, or when each server process keeps its own (local-memory) cache.
CACHE_SECONDS = 10  # "real time": a change made in another process shows within seconds


@dataclass
class Dashboard:
    progress: progress.PlanProgress
    budget: BudgetSummary
    plan_slug: str
    plan_title: str
    plan_years: tuple[int, int]
    annual_reports: list[dict] = field(default_factory=list)
    data_version: int = 0


def public_dashboard(*, slug: str | None = None, as_of: datetime.date | None = None) -> Dashboard:
    """Everything the public dashboard shows, in the active language, cached under the metric registry's data
    version: any write to data a figure depends on changes the version, so the next request recomputes.

    On a cache hit: no query. On a miss: the plan's fixed number of queries, three for values and settings,
    two for the budget, one for reports, plus one per automatic figure.
    """
    as_of = as_of or timezone.localdate()
    slug = slug or default_plan_slug()
    if slug is None:
        raise Http404(_("No action plan has been loaded yet."))
    if not slug_re.match(slug):  # from the URL: no plan has such a slug, and it must not reach a cache key
        raise Http404(_("There is no plan “%(slug)s”.") % {"slug": slug})
    version = metrics.data_version()
    key = f"monitoring:dashboard:{slug}:{translation.get_language()}:{as_of.isoformat()}:{version}"
    found = cache.get(key)
    if found is not None:
        return found
    plan = plan_for_monitoring(slug=slug)
    dashboard = Dashboard(
        progress=plan_progress(plan=plan, as_of=as_of),
        budget=budget_summary(plan=plan),
        plan_slug=plan.slug,
        plan_title=plan.title,
        plan_years=(plan.start_year, plan.end_year),
        annual_reports=[
            {"id": report.pk, "period": report.period.code, "language": report.language}
            for report in Report.objects.filter(
                plan_id=plan.pk, kind=Report.Kind.ANNUAL, state=Report.State.READY
            ).select_related("period")
        ],
        data_version=version,
    )
    cache.set(key, dashboard, CACHE_SECONDS)
    return dashboard


def open_data_rows(dashboard: Dashboard) -> list[dict]:
    """The dashboard's indicators as flat rows for CSV and JSON."""
    rows = []
    for figure in dashboard.progress.indicators:
        rows.append(
            {
                "plan": dashboard.plan_slug,
                "id": figure.id,
                "code": figure.code,
                "name": figure.name,
                "action": figure.action_code or None,
                "unit": figure.unit,
                "responsible": figure.responsible,
                "source": "automatic" if figure.automatic else "manual",
                "metric": figure.metric or None,
                "target": _number(figure.target),
                "target_period": figure.target_period or None,
                "window": figure.window_label,
                "evaluated_on": figure.evaluated_on.isoformat() if figure.evaluated_on else None,
                "current_value": _number(figure.value),
                "progress": _number(figure.progress),
                "expected": _number(figure.expected),
                "status": figure.status,
                "trend": {point.code: _number(point.value) for point in figure.trend},
            }
        )
    return rows


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)
