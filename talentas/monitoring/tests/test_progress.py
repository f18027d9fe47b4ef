"""Values, progress, status and the roll-up, computed by indicator_selectors.plan_progress."""

import datetime
from decimal import Decimal

from talentas.monitoring.models import Accumulation, Direction, Frequency
from talentas.monitoring.selectors import indicators as indicator_selectors
from talentas.monitoring.status import Status

from .factories import IndicatorSettingsFactory, approved, events_held

D = Decimal


def progress_of(plan, as_of):
    return indicator_selectors.plan_progress(plan=indicator_selectors.plan_for_monitoring(slug=plan.slug), as_of=as_of)


def by_code(progress):
    return {figure.code: figure for figure in progress.indicators}


def test_manual_annual_indicator_uses_approved_quarters_of_the_last_closed_quarter_s_year(plan, indicators):
    approved(indicators["O1.1"], "2025-Q4", 3)
    approved(indicators["O1.1"], "2026-Q1", 1)
    approved(indicators["O1.1"], "2026-Q2", 9)  # not ended on 20 May: not counted yet
    figure = by_code(progress_of(plan, datetime.date(2026, 5, 20)))["O1.1"]
    assert figure.value == D(1)
    assert figure.window_label == "in 2026"
    assert figure.evaluated_on == datetime.date(2026, 3, 31)
    assert figure.progress == D("0.25")  # 1 of 4
    assert figure.expected == D("0.2466")  # 90 of 365 days
    assert figure.status == Status.ON_TRACK
    assert "1" in figure.explanation and "4" in figure.explanation


def test_manual_indicator_without_values_is_no_data_never_zero(plan, indicators):
    figure = by_code(progress_of(plan, datetime.date(2026, 5, 20)))["O1.1"]
    assert figure.value is None
    assert figure.progress is None
    assert figure.status == Status.NO_DATA


def test_a_year_value_counts_where_there_are_no_quarters(plan, indicators):
    approved(indicators["O1.2"], "2025", 40)
    approved(indicators["O1.2"], "2026-Q1", 10)
    figure = by_code(progress_of(plan, datetime.date(2026, 5, 20)))["O1.2"]
    assert figure.value == D(50)  # total target: everything since the plan's start
    assert figure.progress == D("0.5")
    # action 1.2 runs Jan 2025 - Dec 2026: 455 of 730 days by the end of March 2026
    assert figure.expected == D("0.6233")
    assert figure.status == Status.AT_RISK


def test_automatic_indicator_reads_its_module_metric_live(plan, indicators):
    events_held(indicators["A1.1"].action, datetime.date(2026, 2, 1), 3)
    events_held(indicators["A1.1"].action, datetime.date(2026, 5, 19), 2)
    events_held(
        indicators["A1.1"].action, datetime.date(2025, 12, 31), 7
    )  # last year: outside an annual target's window
    events_held(indicators["A1.1"].action, datetime.date(2026, 2, 1), 5, "workshop")  # another type
    figure = by_code(progress_of(plan, datetime.date(2026, 5, 20)))["A1.1"]
    assert figure.automatic
    assert figure.value == D(5)
    assert figure.evaluated_on == datetime.date(2026, 5, 20)
    assert figure.progress == D("0.625")
    assert figure.status == Status.ON_TRACK
    trend = {point.code: point.value for point in figure.trend}
    assert trend["2026-Q1"] == D(3) and trend["2026-Q2"] == D(2) and trend["2025-Q4"] == D(7)
    assert figure.trend[-1].partial


def test_behind_when_far_below_the_pace(plan, indicators):
    approved(indicators["O1.1"], "2025-Q1", 0)
    approved(indicators["O1.1"], "2025-Q2", 1)
    figure = by_code(progress_of(plan, datetime.date(2025, 7, 15)))["O1.1"]
    assert figure.progress == D("0.25")
    assert figure.expected == D("0.4959")
    assert figure.status == Status.BEHIND


def test_direction_down_and_levels_with_a_baseline(plan, indicators):
    level = indicators["O1.2"]
    level.baseline_value, level.baseline_year, level.target_value = D(20), 2024, D(120)
    level.save()
    IndicatorSettingsFactory(indicator=level, accumulation=Accumulation.LATEST)
    approved(level, "2025-Q4", 50)
    approved(level, "2026-Q1", 70)  # a level: the latest counts, not the sum
    down = indicators["O1.1"]
    IndicatorSettingsFactory(indicator=down, direction=Direction.DOWN, frequency=Frequency.ANNUAL)
    approved(down, "2025", 5)  # target 4, lower is better
    figures = by_code(progress_of(plan, datetime.date(2026, 5, 20)))
    assert figures["O1.2"].value == D(70)
    assert figures["O1.2"].progress == D("0.5")  # (70 - 20) / (120 - 20)
    assert figures["O1.1"].progress == D("0.8")  # 4 / 5
    assert figures["O1.1"].window_label == "in 2025"  # reported yearly: the last ended year
    assert [(point.code, point.value) for point in figures["O1.1"].trend] == [("2025", D(5))]  # one point a year


def test_roll_up_normalises_weights_and_shows_coverage_when_data_is_missing(plan, indicators):
    IndicatorSettingsFactory(indicator=indicators["O1.1"], weight=D(3))
    IndicatorSettingsFactory(indicator=indicators["A1.1"], weight=D(1))
    approved(indicators["O1.1"], "2026-Q1", 2)  # 50%
    progress = progress_of(plan, datetime.date(2026, 5, 20))
    action = progress.actions[0]
    o11, a11 = action.indicators[0], action.indicators[1]
    assert (o11.share, a11.share) == (D("0.75"), D("0.25"))
    # A1.1 reads 0 from its metric: that is data (the module says nothing happened), so both count
    assert action.progress == (D("0.5") * 3 + D(0) * 1) / 4
    assert action.coverage == D(1)
    second = progress.actions[1]
    assert second.indicators[0].status == Status.NO_DATA
    assert second.progress is None and second.status == Status.NO_DATA
    assert second.coverage == D(0)
    assert "no data (not counted as 0)" in second.explanation
    assert "N1.2" in second.explanation  # the indicator without a target is named, not silently skipped
    objective = progress.objectives[0]
    assert objective.coverage == D("0.5")  # action 1.2 has no data
    assert objective.progress == action.progress.quantize(D("0.0001"))


def test_plan_results_are_listed_apart(plan, indicators):
    approved(indicators["R1"], "2026-Q1", 3)
    progress = progress_of(plan, datetime.date(2026, 5, 20))
    assert [figure.code for figure in progress.plan_indicators] == ["R1"]
    assert progress.plan_indicators[0].status == Status.NO_TARGET
    assert progress.plan_indicators[0].value == D(3)
