import datetime

import pytest

from talentas.plans.selectors import plan_with_actions
from talentas.plans.timeline import LABEL_WIDTH, build_timeline

from .factories import ActionFactory, PlanFactory, StrategicObjectiveFactory

pytestmark = pytest.mark.django_db


def timeline_of(*schedules, today=datetime.date(2030, 1, 1)):
    plan = PlanFactory(start_year=2025, end_year=2028)
    objective = StrategicObjectiveFactory(plan=plan, code="1")
    for number, (start, end, ready, horizon) in enumerate(schedules, start=1):
        ActionFactory(
            objective=objective,
            code=f"1.{number}",
            planned_start=start,
            planned_end=end,
            ready_by=ready,
            horizon=horizon,
        )
    return build_timeline(plan_with_actions(slug=plan.slug), today=today)


def test_bars_span_their_months_over_four_years():
    timeline = timeline_of(
        (datetime.date(2025, 1, 1), datetime.date(2028, 12, 1), None, "long"),
        (datetime.date(2025, 1, 1), datetime.date(2026, 6, 1), datetime.date(2025, 6, 1), "medium"),
    )
    whole, medium = timeline.bars
    chart_width = timeline.width - LABEL_WIDTH - 16
    assert whole.x == LABEL_WIDTH
    assert whole.width == pytest.approx(chart_width, abs=0.2)
    assert medium.width == pytest.approx(chart_width * 18 / 48, abs=0.2)
    assert medium.ready_x == pytest.approx(LABEL_WIDTH + chart_width * 5.5 / 48, abs=0.2)
    assert medium.ready_points
    assert [year.year for year in timeline.years] == [2025, 2026, 2027, 2028]
    assert len(timeline.quarter_lines) == 12  # three per year, the year lines drawn apart
    assert [value for value, _label in timeline.horizons] == ["medium", "long"]
    assert (whole.horizon_label, whole.horizon_inside, whole.horizon_anchor) == ("Long-term", True, "end")
    assert whole.css_class == "bar-long"


def test_a_short_bar_writes_its_horizon_beside_it():
    (bar,) = timeline_of((datetime.date(2026, 1, 1), datetime.date(2026, 1, 1), None, "short")).bars
    assert not bar.horizon_inside
    assert bar.horizon_x > bar.x + bar.width


def test_unscheduled_actions_and_schedules_beyond_the_period():
    unscheduled, beyond = timeline_of(
        (None, None, None, ""),
        (datetime.date(2027, 1, 1), datetime.date(2031, 12, 1), None, "long"),
    ).bars
    assert not unscheduled.scheduled
    assert unscheduled.css_class == "bar-none"
    assert beyond.x + beyond.width == pytest.approx(960 - 16, abs=0.2)


def test_today_is_marked_only_inside_the_period():
    assert timeline_of(today=datetime.date(2030, 1, 1)).today_x is None
    inside = timeline_of(today=datetime.date(2027, 1, 1))
    assert inside.today_x == inside.years[2].x
