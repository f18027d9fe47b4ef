import datetime

import pytest

from talentas.plans.selectors import plan_with_actions
from talentas.plans.status import PlanStatuses, ShownStatus
from talentas.plans.timeline import build_timeline

from .factories import ActionFactory, PlanFactory, StrategicObjectiveFactory

pytestmark = pytest.mark.django_db


def plan_of(*schedules):
    plan = PlanFactory(start_year=2025, end_year=2028)
    objective = StrategicObjectiveFactory(plan=plan, code="1")
    for number, (start, end) in enumerate(schedules, start=1):
        ActionFactory(objective=objective, code=f"1.{number}", planned_start=start, planned_end=end)
    return plan_with_actions(slug=plan.slug)


def test_the_rows_cover_the_plans_whole_years_by_objective(django_assert_num_queries):
    plan = plan_of((datetime.date(2025, 1, 1), datetime.date(2026, 6, 1)), (None, None))
    with django_assert_num_queries(0):  # only what plan_with_actions prefetched
        timeline = build_timeline(plan, today=datetime.date(2030, 1, 1))
        (group,) = timeline.groups
        labels = [row.label for row in group.rows]
    assert (timeline.period_start, timeline.period_end) == (datetime.date(2025, 1, 1), datetime.date(2028, 12, 31))
    assert group.objective.code == "1" and [label.split()[0] for label in labels] == ["1.1", "1.2"]
    assert timeline.today is None and timeline.statuses == []  # today outside the plan's years; no statuses given


def test_each_row_has_its_actions_status_and_the_legend_each_status_once_in_order():
    plan = plan_of(*[(datetime.date(2026, 1, 1), datetime.date(2026, 12, 1))] * 3)
    first, second, _third = plan.objectives.all()[0].actions.all()
    behind, on_track = ShownStatus("behind", "Behind"), ShownStatus("on_track", "On track")
    statuses = PlanStatuses(as_of=datetime.date(2026, 5, 1), actions={first.pk: behind, second.pk: on_track})
    timeline = build_timeline(plan, statuses, today=datetime.date(2026, 5, 1))
    assert [row.status for row in timeline.groups[0].rows] == [behind, on_track, None]
    assert timeline.statuses == [on_track, behind]  # the statuses' usual order, not the rows'
    assert timeline.today == datetime.date(2026, 5, 1)
