"""Reads of monitoring. Each says how many queries it makes; none grows with the number of values or activity rows
(automatic indicators ask their module metric, which aggregates in the database, one query per figure)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.core.validators import slug_re
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from talentas.accounts import permissions as roles
from talentas.accounts.permissions import AnyUser
from talentas.core import metrics
from talentas.core.choices import ResponsibleEntity
from talentas.plans import selectors as plan_selectors

from . import periods, progress
from .models import (
    BREAKDOWN_CATEGORIES,
    ActionSettings,
    Alert,
    Breakdown,
    BudgetEntry,
    BudgetLine,
    Decision,
    IndicatorGoal,
    IndicatorSettings,
    IndicatorValue,
    Notification,
    Report,
    ReportingPeriod,
    SteeringMeeting,
    ValueAuditEntry,
    ValueState,
)
from .periods import Span
from .status import thresholds

# Every write through a service moves the data version at once; the expiry bounds staleness when a module forgets
# to, or when each server process keeps its own (local-memory) cache.
CACHE_SECONDS = 10  # "real time": a change made in another process shows within seconds


# --- Plans and indicators -----------------------------------------------------------------------------------------


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


# --- Budget -------------------------------------------------------------------------------------------------------


@dataclass
class BudgetRow:
    label: str
    reference_eur: Decimal | None  # the plan's own figure (a phase's amount), when it has one
    planned_eur: Decimal
    committed_eur: Decimal
    spent_eur: Decimal

    @property
    def spent_share(self) -> Decimal | None:
        base = self.planned_eur or self.reference_eur
        return (self.spent_eur / base) if base else None

    @property
    def committed_share(self) -> Decimal | None:
        base = self.planned_eur or self.reference_eur
        return (self.committed_eur / base) if base else None


@dataclass
class BudgetSummary:
    by_phase: list[BudgetRow]
    by_source: list[BudgetRow]
    by_action: list[BudgetRow]
    total: BudgetRow


def budget_summary(*, plan) -> BudgetSummary:
    """Planned vs committed vs spent by phase, by funding source and by action. Two queries (the plan's phases
    and sources come prefetched)."""
    committed = Sum("entries__amount_eur", filter=Q(entries__kind=BudgetEntry.Kind.COMMITMENT))
    spent = Sum("entries__amount_eur", filter=Q(entries__kind=BudgetEntry.Kind.EXPENDITURE))
    lines = list(
        BudgetLine.objects.filter(plan_id=plan.pk)
        .values("id", "phase_id", "source_id", "action_id", "planned_eur")
        .annotate(committed=committed, spent=spent)
    )
    actions = {
        action.pk: f"{action.code} {action.title}"
        for objective in plan.objectives.all()
        for action in objective.actions.all()
    }

    def rows(key: str, labels: dict, references: dict | None = None) -> list[BudgetRow]:
        totals: dict = defaultdict(lambda: [Decimal(0), Decimal(0), Decimal(0)])
        for line in lines:
            bucket = totals[line[key]]
            bucket[0] += line["planned_eur"]
            bucket[1] += line["committed"] or 0
            bucket[2] += line["spent"] or 0
        keys = list(labels) + ([None] if None in totals else [])
        result = []
        for item in keys:
            planned_eur, committed_eur, spent_eur = totals.get(item, [Decimal(0)] * 3)
            if references is None and not (planned_eur or committed_eur or spent_eur):
                continue
            result.append(
                BudgetRow(
                    labels.get(item, _("Not assigned")),
                    (references or {}).get(item),
                    planned_eur,
                    committed_eur,
                    spent_eur,
                )
            )
        return result

    phases = list(plan.budget_phases.all())
    by_phase = rows(
        "phase_id",
        {phase.pk: f"{phase.name} {phase.start_year}\u2013{phase.end_year}" for phase in phases},
        {phase.pk: phase.amount_eur for phase in phases},
    )
    by_source = rows("source_id", {source.pk: source.name for source in plan.funding_sources.all()})
    by_action = rows("action_id", actions)
    total = BudgetRow(
        _("Total"),
        plan.total_budget_eur,
        sum((row.planned_eur for row in by_phase), Decimal(0)),
        sum((row.committed_eur for row in by_phase), Decimal(0)),
        sum((row.spent_eur for row in by_phase), Decimal(0)),
    )
    return BudgetSummary(by_phase, by_source, by_action, total)


def budget_lines(*, plan) -> QuerySet[BudgetLine]:
    """The plan's budget lines with phase, source and action, and their committed and spent sums. One query."""
    return (
        BudgetLine.objects.filter(plan=plan)
        .select_related("phase", "source", "action")
        .annotate(
            committed=Sum("entries__amount_eur", filter=Q(entries__kind=BudgetEntry.Kind.COMMITMENT)),
            spent=Sum("entries__amount_eur", filter=Q(entries__kind=BudgetEntry.Kind.EXPENDITURE)),
        )
        .order_by("phase__order", "action__order", "pk")
    )


def recent_budget_entries(*, plan, limit: int = 20) -> QuerySet[BudgetEntry]:
    return (
        BudgetEntry.objects.filter(line__plan=plan)
        .select_related("line__phase", "line__action", "line__source", "recorded_by")
        .order_by("-date", "-pk")[:limit]
    )


# --- The public dashboard (cached) --------------------------------------------------------------------------------


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


# --- Values, review and audit -------------------------------------------------------------------------------------


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


@dataclass
class StaffAttention:
    due: list[DueItem]
    to_review: list[IndicatorValue]
    behind: list[progress.IndicatorFigure]
    open_alerts: list[Alert]
    pending_council: list[Decision]
    notifications: list[Notification]
    departments: list[str]


def staff_attention(*, user: AnyUser, today: datetime.date | None = None) -> StaffAttention:
    """What needs this person's attention: their departments' values due or overdue, submissions to approve
    (M&E), behind indicators of the default plan, open alerts, decisions awaiting the City Council, and unread
    notifications. A fixed number of queries."""
    today = today or timezone.localdate()
    departments = roles.indicator_departments(user)
    everything = roles.can_run_monitoring(user)
    due = (
        values_due(today=today, departments=None if everything else departments) if (departments or everything) else []
    )
    slug = default_plan_slug()
    behind = []
    if slug:
        dashboard = public_dashboard(slug=slug, as_of=today)
        behind = [f for f in dashboard.progress.indicators if f.status in ("behind", "at_risk")]
    return StaffAttention(
        due=due,
        to_review=list(submissions_to_review(user=user)),
        behind=behind,
        open_alerts=list(
            Alert.objects.filter(resolved_at=None).select_related("indicator", "period").order_by("-period__start")[:20]
        ),
        pending_council=list(
            Decision.objects.filter(council_status=Decision.Council.PENDING).select_related("meeting").order_by("pk")
        ),
        notifications=list(notifications_of(user=user).filter(read_at=None)[:20]),
        departments=sorted(str(ResponsibleEntity(department).label) for department in departments),
    )


def notifications_of(*, user: AnyUser) -> QuerySet[Notification]:
    """The person's notifications, newest first (none for anonymous people). One query."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user_id=user.pk).order_by("-created_at", "-pk")


# --- Meetings -----------------------------------------------------------------------------------------------------


def meetings_of(*, plan) -> QuerySet[SteeringMeeting]:
    """The plan's Steering Committee meetings, newest first, with agenda and decision counts. One query."""
    return (
        SteeringMeeting.objects.filter(plan=plan)
        .annotate(item_count=Count("agenda_items", distinct=True), decision_count=Count("decisions", distinct=True))
        .order_by("-date")
    )


def meeting_detail(*, pk: int) -> SteeringMeeting:
    """A meeting with its agenda (and each item's alert and indicator) and decisions. Three queries."""
    meeting = (
        SteeringMeeting.objects.select_related("plan")
        .prefetch_related("agenda_items__alert__indicator", "agenda_items__alert__period", "decisions__agenda_item")
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404(_("There is no such meeting."))
    return meeting


# --- Reports ------------------------------------------------------------------------------------------------------


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
            "unit": value.indicator.unit,
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
