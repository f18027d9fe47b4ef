"""How far the plan has got: each indicator's value against its target and the pace its timeline expects, and
the roll-up of indicators into actions and of actions into objectives. Pure computation over what
`selectors.plan_progress` loaded: no query here except the module metrics of automatic indicators.

Roll-up: an action's progress is the weighted mean of its indicators' progress (each capped at 100%, so one
over-achieved indicator cannot hide another's shortfall), weights normalised over the indicators that have data.
Indicators without data are never counted as 0: they lower the roll-up's *coverage* (the share of the weight
that has data), which is shown beside the figure, and the roll-up is "no data" when none has data. Indicators
without a target take no part and are listed as such. Objectives roll up from actions in the same way.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from talentas.core import metrics
from talentas.plans.selectors import unit_name

from . import periods
from .models import Accumulation, Direction, Frequency
from .periods import Span
from .status import Status, Thresholds, indicator_status

TREND_QUARTERS = 8
MetricReader = Callable[[str, datetime.date, datetime.date], Decimal]


def read_metric(key: str, start: datetime.date, end: datetime.date) -> Decimal:
    return metrics.metric_value(key, start=start, end=end)


def automatic_metric(key: str) -> metrics.Metric | None:
    """The registered metric feeding an indicator, or None while no module reports it (then it is manual)."""
    if not key:
        return None
    try:
        return metrics.resolve_metric(key)[0]
    except metrics.UnknownMetric:
        return None


def percent(share: Decimal | None) -> str:
    if share is None:
        return "—"
    return f"{number_format(share * 100, 0, use_l10n=True)}%"


def plain(value: Decimal | None) -> str:
    if value is None:
        return "—"
    places = 0 if value == value.to_integral_value() else 2
    return number_format(value, places, use_l10n=True, force_grouping=True)


@dataclass
class SettingsView:
    """An indicator's monitoring settings, or the defaults when none were saved."""

    weight: Decimal = Decimal(1)
    direction: str = Direction.UP
    accumulation: str = Accumulation.SUM
    frequency: str = Frequency.QUARTERLY
    due_days: int = 30
    breakdowns: list[str] = field(default_factory=list)


@dataclass
class TrendPoint:
    code: str
    label: str
    value: Decimal | None
    partial: bool = False


@dataclass
class StatusMixin:
    status: str = Status.NO_DATA
    progress: Decimal | None = None
    expected: Decimal = Decimal(0)

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def progress_percent(self) -> str:
        return percent(self.progress)

    @property
    def expected_percent(self) -> str:
        return percent(self.expected)

    @property
    def bar_width(self) -> Decimal:
        """Progress for a 0-100 bar: capped, and 0 when unknown (the text says "no data" then)."""
        if self.progress is None:
            return Decimal(0)
        return min(self.progress, Decimal(1)) * 100

    @property
    def expected_x(self) -> Decimal:
        return min(self.expected, Decimal(1)) * 100


@dataclass
class IndicatorFigure(StatusMixin):
    id: int = 0
    code: str = ""
    name: str = ""
    unit: str = ""  # the unit's name (plural); unit_forms has every form, for `unit_for` beside a number
    unit_forms: str = ""
    kind: str = ""
    responsible: str = ""
    responsible_label: str = ""
    action_code: str = ""
    metric: str = ""
    automatic: bool = False
    target: Decimal | None = None
    target_period: str = ""
    target_period_label: str = ""
    baseline: Decimal | None = None
    baseline_year: int | None = None
    value: Decimal | None = None
    window_label: str = ""
    evaluated_on: datetime.date | None = None
    explanation: str = ""
    goal_year: int | None = None  # the year of the dated goal used as the target; None: the plan's target
    weight: Decimal = Decimal(1)
    share: Decimal | None = None  # normalised weight in the action
    trend: list[TrendPoint] = field(default_factory=list)

    @property
    def in_roll_up(self) -> bool:
        return self.target is not None

    @property
    def trend_values(self) -> list[Decimal | None]:
        return [point.value for point in self.trend]

    @property
    def trend_labels(self) -> list[str]:
        """The periods for the trend chart's table; the period still running says so (it has no value yet)."""
        return [
            _("%(period)s (so far)") % {"period": point.label} if point.partial else point.label for point in self.trend
        ]


@dataclass
class ActionFigure(StatusMixin):
    id: int = 0
    code: str = ""
    title: str = ""
    objective_code: str = ""
    planned_start: datetime.date | None = None
    planned_end: datetime.date | None = None
    ready_by: datetime.date | None = None
    actual_start: datetime.date | None = None
    actual_end: datetime.date | None = None
    weight: Decimal = Decimal(1)
    share: Decimal | None = None
    coverage: Decimal | None = None
    explanation: str = ""
    indicators: list[IndicatorFigure] = field(default_factory=list)

    @property
    def coverage_percent(self) -> str:
        return percent(self.coverage)


@dataclass
class ObjectiveFigure(StatusMixin):
    code: str = ""
    title: str = ""
    coverage: Decimal | None = None
    explanation: str = ""
    actions: list[ActionFigure] = field(default_factory=list)

    @property
    def coverage_percent(self) -> str:
        return percent(self.coverage)


@dataclass
class PlanProgress:
    slug: str
    title: str
    city: str
    as_of: datetime.date
    limits: Thresholds
    objectives: list[ObjectiveFigure]
    plan_indicators: list[IndicatorFigure]

    @property
    def indicators(self) -> list[IndicatorFigure]:
        found = [i for o in self.objectives for a in o.actions for i in a.indicators]
        return found + self.plan_indicators

    @property
    def actions(self) -> list[ActionFigure]:
        return [a for o in self.objectives for a in o.actions]

    def status_counts(self) -> list[tuple[str, str, int]]:
        counts: dict[str, int] = {}
        for figure in self.indicators:
            counts[figure.status] = counts.get(figure.status, 0) + 1
        return [(value, str(label), counts[value]) for value, label in Status.choices if value in counts]


# --- One indicator ------------------------------------------------------------------------------------------------


def _aggregate(values: list[tuple[Span, Decimal]], accumulation: str) -> Decimal | None:
    """Period values as one figure: quarters are used, and a year's own value where it has no quarters."""
    quarter_years = {span.year for span, _value in values if span.quarter}
    used = sorted((span, value) for span, value in values if span.quarter or span.year not in quarter_years)
    if not used:
        return None
    if accumulation == Accumulation.LATEST:
        return used[-1][1]
    return sum((value for _span, value in used), Decimal(0))


def _expected_share(
    window: tuple[datetime.date, datetime.date], pace: tuple[datetime.date, datetime.date], evaluated_end: datetime.date
) -> Decimal:
    """The share of the target the timeline expects by `evaluated_end` (exclusive): elapsed active days / all."""
    start, end = max(window[0], pace[0]), min(window[1], pace[1])
    if end <= start:
        return Decimal(0)
    elapsed = min(max((evaluated_end - start).days, 0), (end - start).days)
    return (Decimal(elapsed) / Decimal((end - start).days)).quantize(Decimal("0.0001"))


def _progress(value: Decimal | None, target: Decimal | None, settings: SettingsView, baseline: Decimal | None):
    if value is None or target is None:
        return None
    if settings.accumulation == Accumulation.LATEST and baseline is not None and target != baseline:
        share = (value - baseline) / (target - baseline)
    elif settings.direction == Direction.DOWN:
        share = Decimal(1) if value <= target else (target / value)
    elif target == 0:
        share = Decimal(1)
    else:
        share = value / target
    return max(share, Decimal(0)).quantize(Decimal("0.0001"))


def evaluate_indicator(
    indicator,
    settings: SettingsView,
    values: list[tuple[Span, Decimal]],
    *,
    plan_years: tuple[int, int],
    as_of: datetime.date,
    limits: Thresholds,
    schedule: tuple[datetime.date | None, datetime.date | None, datetime.date | None] = (None, None, None),
    read: MetricReader = read_metric,
    goals: dict[int, Decimal] | None = None,
) -> IndicatorFigure:
    """Value, progress, expected pace, status, explanation and trend of one indicator on `as_of`.

    `goals` are the indicator's dated goals by year: the goal of the evaluated year, when there is one, is the
    target (for an annual target, that year's; for a whole-plan target, the milestone due by the end of that year,
    so the expected pace runs to that year's end); otherwise the plan's target applies.

    Automatic indicators are read live from their module metric up to `as_of`; manual ones use approved values
    up to the last period that has ended (a quarter, or a year for yearly reporting).
    """
    plan_start, plan_end = datetime.date(plan_years[0], 1, 1), datetime.date(plan_years[1] + 1, 1, 1)
    metric = automatic_metric(indicator.metric)
    annual_target = indicator.target_period == "annual"
    planned_start, planned_end, ready_by = schedule
    pace = (
        ready_by or planned_start or plan_start,
        periods.month_after(planned_end) if planned_end else plan_end,
    )
    if metric is not None:
        evaluated_end = as_of + datetime.timedelta(days=1)
        window_span = periods.year(as_of.year) if annual_target else Span(plan_start, plan_end, plan_years[0])
        value: Decimal | None = _live_value(indicator.metric, metric, values, window_span.start, evaluated_end, read)
    else:
        # A period counts from its last day on (the period-end run evaluates on that day).
        closed = periods.last_closed(as_of + datetime.timedelta(days=1), annual=settings.frequency == Frequency.ANNUAL)
        evaluated_end = closed.end
        window_span = periods.year(closed.year) if annual_target else Span(plan_start, plan_end, plan_years[0])
        in_window = [(span, v) for span, v in values if span.start >= window_span.start and span.end <= evaluated_end]
        value = _aggregate(in_window, settings.accumulation)
    goal_year = (evaluated_end - datetime.timedelta(days=1)).year
    goal = (goals or {}).get(goal_year)
    pace_window_end = window_span.end
    if goal is not None and not annual_target:
        pace_window_end = min(window_span.end, datetime.date(goal_year + 1, 1, 1))
    expected = _expected_share((window_span.start, pace_window_end), pace, evaluated_end)
    target = goal if goal is not None else indicator.target_value
    progress = _progress(value, target, settings, indicator.baseline_value)
    status = indicator_status(progress=progress, expected=expected, has_target=target is not None, limits=limits)
    evaluated_on = evaluated_end - datetime.timedelta(days=1)
    window_label = (
        _("in %(year)s") % {"year": window_span.year}
        if annual_target
        else _("since %(year)s") % {"year": plan_years[0]}
    )
    figure = IndicatorFigure(
        id=indicator.pk,
        code=indicator.code,
        name=indicator.name,
        unit=unit_name(indicator.unit),
        unit_forms=indicator.unit,
        kind=indicator.kind,
        responsible=indicator.responsible,
        responsible_label=str(indicator.get_responsible_display()),
        metric=indicator.metric,
        automatic=metric is not None,
        target=target,
        target_period=indicator.target_period,
        target_period_label=_target_period_label(indicator, goal_year if goal is not None else None),
        goal_year=goal_year if goal is not None else None,
        baseline=indicator.baseline_value,
        baseline_year=indicator.baseline_year,
        value=value,
        window_label=window_label,
        evaluated_on=evaluated_on,
        progress=progress,
        expected=expected,
        status=status,
        weight=settings.weight,
    )
    figure.explanation = _explain_indicator(figure, limits)
    figure.trend = _trend(
        indicator, metric is not None, values, plan_start, as_of, read, yearly=settings.frequency == Frequency.ANNUAL
    )
    return figure


def _live_value(key: str, metric, values, start: datetime.date, end: datetime.date, read: MetricReader) -> Decimal:
    """A module metric over [start, end). For a flow (not a stock), quarters already frozen by the period-end run
    count with their frozen values and only the rest is read: the same figure, without re-counting the past."""
    if metric.cumulative:
        return read(key, start, end)
    frozen = {span.code: value for span, value in values if span.quarter}
    total, live_from = Decimal(0), start
    for span in periods.quarters_between(start, end - datetime.timedelta(days=1)):
        if span.start != live_from or span.end > end or span.code not in frozen:
            break
        total, live_from = total + frozen[span.code], span.end
    return total + (read(key, live_from, end) if live_from < end else Decimal(0))


def _target_period_label(indicator, goal_year: int | None) -> str:
    """ "in 2026" for a dated goal, else the plan's own wording ("in total", "annually")."""
    if goal_year is not None:
        return _("in %(year)s") % {"year": goal_year}
    return str(indicator.get_target_period_display()) if indicator.target_period else ""


def _explain_indicator(figure: IndicatorFigure, limits: Thresholds) -> str:
    day = date_format(figure.evaluated_on, "DATE_FORMAT") if figure.evaluated_on else ""
    source = (
        _("counted live on the platform: %(what)s") % {"what": metrics.metric_label(figure.metric)}
        if figure.automatic
        else _("approved values reported by hand")
    )
    if figure.target is None:
        return _("Value %(value)s %(window)s (%(source)s). The plan sets no target, so there is no status.") % {
            "value": plain(figure.value),
            "window": figure.window_label,
            "source": source,
        }
    parts = [
        _("Value %(value)s %(window)s, counted up to %(day)s (%(source)s); target %(target)s %(period)s.")
        % {
            "value": plain(figure.value) if figure.value is not None else _("not reported"),
            "window": figure.window_label,
            "day": day,
            "source": source,
            "target": plain(figure.target),
            "period": figure.target_period_label,
        }
    ]
    if figure.goal_year is not None:
        parts.append(
            _("The target is the dated goal set for %(year)s, in place of the plan's target.")
            % {"year": figure.goal_year}
        )
    else:
        parts.append(_("The target is the plan's target (no dated goal is set for this year)."))
    if figure.progress is not None:
        parts.append(_("Progress %(progress)s of the target.") % {"progress": percent(figure.progress)})
    parts.append(
        _("The timeline expects %(expected)s by then (elapsed share of the action's active time in the window).")
        % {"expected": percent(figure.expected)}
    )
    if figure.progress is not None and figure.expected > 0 and figure.progress < 1:
        parts.append(
            _("Ratio %(ratio)s: on track from %(on_track)s, at risk from %(at_risk)s, behind below.")
            % {
                "ratio": number_format(figure.progress / figure.expected, 2, use_l10n=True),
                "on_track": number_format(limits.on_track, 2, use_l10n=True),
                "at_risk": number_format(limits.at_risk, 2, use_l10n=True),
            }
        )
    parts.append(_("Status: %(status)s.") % {"status": figure.status_label})
    return " ".join(parts)


def _trend(
    indicator, automatic: bool, values, plan_start: datetime.date, as_of: datetime.date, read, *, yearly: bool = False
) -> list[TrendPoint]:
    if yearly and not automatic:  # reported once a year: one point per ended year
        by_year = {span.year: value for span, value in values if not span.quarter}
        years = range(plan_start.year, (as_of + datetime.timedelta(days=1)).year)
        return [TrendPoint(str(year), str(year), by_year.get(year)) for year in years][-TREND_QUARTERS:]
    current = periods.quarter_of(as_of)
    last = current if automatic else periods.quarter_of(current.start - datetime.timedelta(days=1))
    spans = list(periods.quarters_between(plan_start, last.start))[-TREND_QUARTERS:]
    by_code = {span.code: value for span, value in values if span.quarter}
    if automatic:
        # A quarter frozen by the period-end run shows its frozen value; the others are read live.
        evaluated_end = as_of + datetime.timedelta(days=1)
        points = []
        for span in spans:
            partial = span.end > evaluated_end
            value = by_code.get(span.code) if not partial else None
            if value is None:
                value = read(indicator.metric, span.start, min(span.end, evaluated_end))
            points.append(TrendPoint(span.code, span.label, value, partial=partial))
        return points
    return [TrendPoint(span.code, span.label, by_code.get(span.code)) for span in spans]


# --- Roll-up ------------------------------------------------------------------------------------------------------


@dataclass
class RollUp:
    progress: Decimal | None
    expected: Decimal
    status: str
    coverage: Decimal | None


def roll_up(parts: Iterable[StatusMixin], weights: list[Decimal], limits: Thresholds) -> RollUp:
    """Weighted progress of the parts with data; coverage = their share of the weight. See the module docstring."""
    items = list(zip(parts, weights, strict=True))
    total = sum((weight for _part, weight in items), Decimal(0))
    with_data = [(part, weight) for part, weight in items if part.progress is not None]
    if not items or not total:
        return RollUp(None, Decimal(0), Status.NO_DATA, None)
    if not with_data:
        not_started = all(part.status == Status.NOT_STARTED for part, _weight in items)
        return RollUp(None, Decimal(0), Status.NOT_STARTED if not_started else Status.NO_DATA, Decimal(0))
    weight_with_data = sum((weight for _part, weight in with_data), Decimal(0))
    progress = sum((min(part.progress or Decimal(0), Decimal(1)) * weight for part, weight in with_data), Decimal(0))
    expected = sum((part.expected * weight for part, weight in with_data), Decimal(0))
    progress = (progress / weight_with_data).quantize(Decimal("0.0001"))
    expected = (expected / weight_with_data).quantize(Decimal("0.0001"))
    status = indicator_status(progress=progress, expected=expected, limits=limits)
    return RollUp(progress, expected, status, (weight_with_data / total).quantize(Decimal("0.0001")))


def _explain_roll_up(parts: list, label: Callable[[Any], str], result: RollUp) -> str:
    if not parts:
        return _("Nothing to roll up.")
    terms = [
        _("%(name)s: weight %(share)s, %(progress)s")
        % {
            "name": label(part),
            "share": percent(part.share),
            "progress": percent(part.progress) if part.progress is not None else _("no data (not counted as 0)"),
        }
        for part in parts
    ]
    summary = _(
        "Weighted progress of the parts with data, %(progress)s, against %(expected)s expected; "
        "they carry %(coverage)s of the weight."
    ) % {
        "progress": percent(result.progress),
        "expected": percent(result.expected),
        "coverage": percent(result.coverage),
    }
    return "; ".join(terms) + ". " + summary


def build_action(action, action_settings, indicators: list[IndicatorFigure], limits: Thresholds) -> ActionFigure:
    counted = [figure for figure in indicators if figure.in_roll_up]
    total = sum((figure.weight for figure in counted), Decimal(0))
    for figure in counted:
        figure.share = (figure.weight / total).quantize(Decimal("0.0001")) if total else None
    result = roll_up(counted, [figure.weight for figure in counted], limits)
    explanation = _explain_roll_up(counted, lambda figure: figure.code, result)
    uncounted = [figure.code for figure in indicators if not figure.in_roll_up]
    if uncounted:
        explanation += " " + _("Not in the roll-up (no target): %(codes)s.") % {"codes": ", ".join(uncounted)}
    return ActionFigure(
        id=action.pk,
        code=action.code,
        title=action.title,
        objective_code="",
        planned_start=action.planned_start,
        planned_end=action.planned_end,
        ready_by=action.ready_by,
        actual_start=getattr(action_settings, "actual_start", None),
        actual_end=getattr(action_settings, "actual_end", None),
        weight=getattr(action_settings, "weight", Decimal(1)),
        progress=result.progress,
        expected=result.expected,
        status=result.status,
        coverage=result.coverage,
        explanation=explanation,
        indicators=indicators,
    )


def build_objective(objective, actions: list[ActionFigure], limits: Thresholds) -> ObjectiveFigure:
    total = sum((action.weight for action in actions), Decimal(0))
    for action in actions:
        action.objective_code = objective.code
        action.share = (action.weight / total).quantize(Decimal("0.0001")) if total else None
    result = roll_up(actions, [action.weight for action in actions], limits)
    return ObjectiveFigure(
        code=objective.code,
        title=objective.title,
        progress=result.progress,
        expected=result.expected,
        status=result.status,
        coverage=result.coverage,
        explanation=_explain_roll_up(actions, lambda action: action.code, result),
        actions=actions,
    )
