"""Dated goals: an indicator's target for one year, used by progress and status in place of the plan's target."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError

from talentas.core.errors import Conflict, DomainError, PermissionDenied
from talentas.monitoring.models import IndicatorGoal
from talentas.monitoring.selectors import indicators as indicator_selectors
from talentas.monitoring.services import goals
from talentas.monitoring.services.goals import GoalRow
from talentas.monitoring.status import Status

from .factories import approved

D = Decimal
AS_OF = datetime.date(2026, 5, 20)


def figures(plan):
    found = indicator_selectors.plan_progress(plan=indicator_selectors.plan_for_monitoring(slug=plan.slug), as_of=AS_OF)
    return {figure.code: figure for figure in found.indicators}


def test_the_goal_of_the_year_replaces_an_annual_target(plan, indicators, me_officer):
    approved(indicators["O1.1"], "2026-Q1", 1)
    goals.add_goal(user=me_officer, indicator=indicators["O1.1"], year=2026, target_value="2", note="IAP 2026")
    figure = figures(plan)["O1.1"]
    assert figure.target == D(2)
    assert figure.goal_year == 2026
    assert figure.progress == D("0.5")
    assert figure.status == Status.ON_TRACK
    assert "dated goal set for 2026" in figure.explanation


def test_without_a_goal_for_the_year_the_plan_s_target_applies(plan, indicators, me_officer):
    approved(indicators["O1.1"], "2026-Q1", 1)
    goals.add_goal(user=me_officer, indicator=indicators["O1.1"], year=2027, target_value="10")
    figure = figures(plan)["O1.1"]
    assert figure.target == D(4)
    assert figure.goal_year is None
    assert figure.progress == D("0.25")
    assert "plan's target" in figure.explanation


def test_a_goal_on_a_whole_plan_target_is_the_milestone_due_by_the_year_s_end(plan, indicators, plan_manager):
    approved(indicators["O1.2"], "2025", 40)
    approved(indicators["O1.2"], "2026-Q1", 10)
    goals.add_goal(user=plan_manager, indicator=indicators["O1.2"], year=2026, target_value=80)
    figure = figures(plan)["O1.2"]
    assert figure.target == D(80)
    assert figure.progress == D("0.625")
    assert figure.expected == D("0.6233")  # the action and the milestone both end with 2026
    assert figure.status == Status.ON_TRACK


def test_one_goal_a_year(plan, indicators, me_officer):
    goals.add_goal(user=me_officer, indicator=indicators["O1.1"], year=2026, target_value=3)
    with pytest.raises(Conflict) as refused:
        goals.add_goal(user=me_officer, indicator=indicators["O1.1"], year=2026, target_value=5)
    assert refused.value.field == "year"
    with pytest.raises(IntegrityError):
        IndicatorGoal.objects.create(indicator=indicators["O1.1"], year=2026, target_value=D(5))


@pytest.mark.parametrize(
    ("year", "target", "field"),
    [(2026, "-1", "target_value"), (2026, "many", "target_value"), (2024, "3", "year"), ("next", "3", "year")],
)
def test_bad_goals_are_refused_with_the_field(plan, indicators, me_officer, year, target, field):
    with pytest.raises(DomainError) as refused:
        goals.add_goal(user=me_officer, indicator=indicators["O1.1"], year=year, target_value=target)
    assert refused.value.field == field
    assert not IndicatorGoal.objects.exists()


def test_the_database_refuses_a_negative_goal(plan, indicators):
    with pytest.raises(IntegrityError):
        IndicatorGoal.objects.create(indicator=indicators["O1.1"], year=2026, target_value=D(-1))


def test_only_plan_managers_and_m_e_officers_set_goals(plan, indicators, owner, steering, outsider):
    from django.contrib.auth.models import AnonymousUser

    for user in (owner, steering, outsider, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            goals.add_goal(user=user, indicator=indicators["O1.1"], year=2026, target_value=3)
    assert not IndicatorGoal.objects.exists()


def test_replace_goals_updates_adds_and_removes(plan, indicators, me_officer):
    indicator = indicators["O1.1"]
    goals.add_goal(user=me_officer, indicator=indicator, year=2025, target_value=3)
    goals.add_goal(user=me_officer, indicator=indicator, year=2026, target_value=4)
    goals.replace_goals(
        user=me_officer, indicator=indicator, goals=[GoalRow(2026, D(6), "raised"), GoalRow(2027, D(7))]
    )
    assert list(indicator_selectors.goals_of(indicator=indicator).values_list("year", "target_value", "note")) == [
        (2026, D(6), "raised"),
        (2027, D(7), ""),
    ]
    with pytest.raises(DomainError) as refused:
        goals.replace_goals(user=me_officer, indicator=indicator, goals=[GoalRow(2026, D(1)), GoalRow(2026, D(2))])
    assert refused.value.field == "goals"
    assert indicator_selectors.goals_of(indicator=indicator).count() == 2


def test_a_card_names_the_year_of_the_dated_goal_it_measures_against(plan, indicators, me_officer):
    indicator = indicators["A1.1"]  # the plan's target is for the whole plan period
    goals.add_goal(user=me_officer, indicator=indicator, year=2026, target_value=6, note="")
    figure = figures(plan)["A1.1"]
    assert (figure.goal_year, figure.target, figure.target_period_label) == (2026, 6, "in 2026")
    assert "target 6 in 2026" in figure.explanation
