import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from talentas.plans.models import Action, Indicator, Plan

from .factories import (
    ActionFactory,
    BudgetPhaseFactory,
    IndicatorFactory,
    MonitoringResponsibilityFactory,
    PlanFactory,
    StrategicObjectiveFactory,
)

pytestmark = pytest.mark.django_db


def rejected_by_database(make) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_codes_are_unique_within_a_plan_but_not_across_plans():
    action = ActionFactory(code="1.1")
    rejected_by_database(lambda: StrategicObjectiveFactory(plan=action.plan, code=action.objective.code))
    rejected_by_database(lambda: ActionFactory(objective=action.objective, code="1.1"))
    IndicatorFactory(action=action, code="O1")
    rejected_by_database(lambda: IndicatorFactory(action=action, code="O1"))

    other = StrategicObjectiveFactory(code=action.objective.code)
    ActionFactory(objective=other, code="1.1")
    assert Action.objects.filter(code="1.1").count() == 2


def test_years_and_months_must_be_in_order():
    rejected_by_database(lambda: PlanFactory(start_year=2029, end_year=2025))
    rejected_by_database(lambda: BudgetPhaseFactory(start_year=2027, end_year=2026))
    rejected_by_database(
        lambda: ActionFactory(planned_start=datetime.date(2026, 1, 1), planned_end=datetime.date(2025, 1, 1))
    )
    rejected_by_database(lambda: ActionFactory(ready_by=datetime.date(2027, 1, 1)))
    rejected_by_database(
        lambda: ActionFactory(planned_start=None, planned_end=None, ready_by=datetime.date(2025, 3, 1))
    )
    ActionFactory(planned_start=None, planned_end=None)


def test_amounts_and_targets_are_not_negative():
    rejected_by_database(lambda: PlanFactory(total_budget_eur=Decimal(-1)))
    rejected_by_database(lambda: BudgetPhaseFactory(amount_eur=Decimal(-1)))
    rejected_by_database(lambda: ActionFactory(target_value=Decimal(-5)))
    rejected_by_database(lambda: IndicatorFactory(target_value=Decimal(-5)))


def test_vocabularies_are_enforced_by_the_database():
    rejected_by_database(lambda: ActionFactory(horizon="eternal"))
    rejected_by_database(lambda: ActionFactory(target_period="weekly"))
    rejected_by_database(lambda: IndicatorFactory(category="sports"))
    rejected_by_database(lambda: IndicatorFactory(responsible="mayor"))
    rejected_by_database(lambda: MonitoringResponsibilityFactory(responsible="mayor"))


def test_one_category_per_monitoring_row_and_one_phase_per_horizon():
    phase = BudgetPhaseFactory(horizon="short")
    rejected_by_database(lambda: BudgetPhaseFactory(plan=phase.plan, horizon="short"))
    row = MonitoringResponsibilityFactory(category="education")
    rejected_by_database(lambda: MonitoringResponsibilityFactory(plan=row.plan, category="education"))


def test_an_indicator_target_comes_with_its_period_and_a_baseline_year_with_a_value():
    rejected_by_database(lambda: IndicatorFactory(target_value=Decimal(3), target_period=""))
    rejected_by_database(lambda: IndicatorFactory(target_value=None, target_period="annual"))
    rejected_by_database(lambda: IndicatorFactory(baseline_value=None, baseline_year=2024))
    IndicatorFactory(target_value=None, target_period="", baseline_value=Decimal(22), baseline_year=2024)


def test_only_one_plan_is_the_default():
    PlanFactory(is_default=True)
    rejected_by_database(lambda: PlanFactory(is_default=True))
    PlanFactory(is_default=False)
    assert Plan.objects.filter(is_default=True).count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("partners", ["investors"], "Unknown key(s): investors"),
        ("partners", ["media", "media"], "Each key may be listed once"),
        ("partners", "media", "Must be a list of keys"),
        ("resourcing", ["eu_fonds"], "Unknown key(s): eu_fonds"),
        ("planned_start", datetime.date(2025, 1, 15), "first day of a month"),
        ("code", "1 1", "Use letters and digits"),
    ],
)
def test_full_clean_checks_vocabularies_codes_and_months(field, value, message):
    action = ActionFactory()
    setattr(action, field, value)
    with pytest.raises(ValidationError) as error, translation.override("en"):
        action.full_clean()
    with translation.override("en"):
        assert message in str(error.value.message_dict[field])


def test_an_action_belongs_to_the_plan_of_its_objective():
    action = ActionFactory()
    action.plan = PlanFactory()
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert "objective" in error.value.message_dict


@pytest.mark.parametrize("metric", ["events.held", "calls.participants.accelerator", "talent.registered_persons"])
def test_metric_keys_name_a_module_metric(metric):
    IndicatorFactory(metric=metric).full_clean()


@pytest.mark.parametrize("metric", ["events", "Events.Held", "events held", "events..held", ".held"])
def test_malformed_metric_keys_are_refused(metric):
    indicator = IndicatorFactory()
    indicator.metric = metric
    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    assert "metric" in error.value.message_dict


def test_indicators_outlive_their_action():
    indicator = IndicatorFactory()
    indicator.action.delete()
    indicator.refresh_from_db()
    assert indicator.action is None


def test_texts_are_read_in_the_active_language_and_fall_back_to_the_other():
    plan = PlanFactory(title_en="Talent plan", title_lt="Talentų planas", vision_en="", vision_lt="Vizija")
    plan = Plan.objects.get(pk=plan.pk)
    with translation.override("en"):
        assert plan.title == "Talent plan"
        assert plan.vision == "Vizija"
    with translation.override("lt"):
        assert plan.title == "Talentų planas"


def test_labels_of_partners_and_resourcing_follow_the_vocabulary_order_given():
    action = ActionFactory(partners=["media", "social_partners"], resourcing=["eu_funds", "business"])
    with translation.override("en"):
        assert action.partner_labels() == ["Media", "Social partners"]
        assert action.resourcing_labels() == ["EU funds", "Business"]
    with translation.override("lt"):
        assert action.partner_labels() == ["Žiniasklaida", "Socialiniai partneriai"]


def test_indicator_clean_refuses_an_action_of_another_plan():
    indicator = IndicatorFactory()
    indicator.plan = PlanFactory()
    with pytest.raises(ValidationError):
        indicator.full_clean()
    assert Indicator.objects.count() == 1
