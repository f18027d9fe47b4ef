"""Synthetic plans for tests: each factory makes a valid row with both languages filled in."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from talentas.core.choices import ResponsibleEntity
from talentas.plans.choices import Horizon, IndicatorCategory, IndicatorKind, MeetingFrequency, TargetPeriod
from talentas.plans.models import (
    Action,
    BudgetPhase,
    FundingSource,
    GovernanceBody,
    Indicator,
    MonitoringResponsibility,
    Plan,
    PlanFact,
    ProblemCause,
    StrategicObjective,
)


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = Plan

    slug = factory.Sequence(lambda n: f"plan-{n}")
    city_en = factory.Sequence(lambda n: f"Town {n}")
    city_lt = factory.Sequence(lambda n: f"Miestas {n}")
    country_en = "Lithuania"
    country_lt = "Lietuva"
    title_en = factory.Sequence(lambda n: f"Talent plan {n}")
    title_lt = factory.Sequence(lambda n: f"Talentų planas {n}")
    core_problem_en = "Young people leave"
    core_problem_lt = "Jaunimas išvyksta"
    vision_en = "A town young people stay in"
    vision_lt = "Miestas, kuriame jaunimas lieka"
    start_year = 2025
    end_year = 2028
    total_budget_eur = Decimal("1000000")


class StrategicObjectiveFactory(DjangoModelFactory):
    class Meta:
        model = StrategicObjective

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: str(n + 1))
    order = factory.Sequence(int)
    title_en = factory.LazyAttribute(lambda o: f"Objective {o.code}")
    title_lt = factory.LazyAttribute(lambda o: f"Tikslas {o.code}")


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action

    objective = factory.SubFactory(StrategicObjectiveFactory)
    plan = factory.SelfAttribute("objective.plan")
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.objective.code}.{n + 1}")
    order = factory.Sequence(int)
    title_en = factory.LazyAttribute(lambda o: f"Action {o.code}")
    title_lt = factory.LazyAttribute(lambda o: f"Veiksmas {o.code}")
    description_en = "Do something useful"
    description_lt = "Padaryti ką nors naudingo"
    target_value = Decimal(5)
    target_unit_en = "events"
    target_unit_lt = "renginiai"
    target_period = TargetPeriod.ANNUAL
    target_text_en = "At least 5 events annually"
    target_text_lt = "Kasmet bent 5 renginiai"
    lead_en = "Town hall"
    lead_lt = "Rotušė"
    partners = factory.LazyFunction(lambda: ["social_partners", "business"])
    resourcing = factory.LazyFunction(lambda: ["city_budget"])
    timeframe_en = "12 months"
    timeframe_lt = "12 mėnesių"
    horizon = Horizon.SHORT
    planned_start = datetime.date(2025, 1, 1)
    planned_end = datetime.date(2025, 12, 1)


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    action = factory.SubFactory(ActionFactory)
    plan = factory.LazyAttribute(lambda o: o.action.plan if o.action else PlanFactory())
    code = factory.Sequence(lambda n: f"I{n}")
    order = factory.Sequence(int)
    name_en = factory.LazyAttribute(lambda o: f"Indicator {o.code}")
    name_lt = factory.LazyAttribute(lambda o: f"Rodiklis {o.code}")
    kind = IndicatorKind.OUTPUT
    category = IndicatorCategory.STARTUPS_ECOSYSTEM
    responsible = ResponsibleEntity.BUSINESS_SUPPORT
    unit_en = "events"
    unit_lt = "renginiai"
    target_value = Decimal(5)
    target_period = TargetPeriod.ANNUAL
    metric = "events.held"


class PlanFactFactory(DjangoModelFactory):
    class Meta:
        model = PlanFact

    plan = factory.SubFactory(PlanFactory)
    order = factory.Sequence(int)
    label_en = "Residents"
    label_lt = "Gyventojai"
    value = Decimal(51340)


class ProblemCauseFactory(DjangoModelFactory):
    class Meta:
        model = ProblemCause

    plan = factory.SubFactory(PlanFactory)
    order = factory.Sequence(int)
    text_en = "No university"
    text_lt = "Nėra universiteto"


class BudgetPhaseFactory(DjangoModelFactory):
    class Meta:
        model = BudgetPhase

    plan = factory.SubFactory(PlanFactory)
    horizon = Horizon.SHORT
    order = factory.Sequence(int)
    name_en = "Short-Term"
    name_lt = "Trumpasis laikotarpis"
    start_year = 2025
    end_year = 2026
    amount_eur = Decimal(220000)


class FundingSourceFactory(DjangoModelFactory):
    class Meta:
        model = FundingSource

    plan = factory.SubFactory(PlanFactory)
    order = factory.Sequence(int)
    group_en = "EU funds"
    group_lt = "ES fondai"
    name_en = factory.Sequence(lambda n: f"Fund {n}")
    name_lt = factory.Sequence(lambda n: f"Fondas {n}")


class GovernanceBodyFactory(DjangoModelFactory):
    class Meta:
        model = GovernanceBody

    plan = factory.SubFactory(PlanFactory)
    order = factory.Sequence(int)
    name_en = factory.Sequence(lambda n: f"Committee {n}")
    name_lt = factory.Sequence(lambda n: f"Komitetas {n}")
    members_en = factory.LazyFunction(lambda: ["Officials"])
    members_lt = factory.LazyFunction(lambda: ["Valdininkai"])
    meeting_frequency = MeetingFrequency.QUARTERLY


class MonitoringResponsibilityFactory(DjangoModelFactory):
    class Meta:
        model = MonitoringResponsibility

    plan = factory.SubFactory(PlanFactory)
    order = factory.Sequence(int)
    category = IndicatorCategory.STARTUPS_ECOSYSTEM
    indicator_type_en = "Startup creation"
    indicator_type_lt = "Startuolių kūrimas"
    responsible = ResponsibleEntity.BUSINESS_SUPPORT


def full_plan(*, objectives: int = 1, actions_per_objective: int = 1, **plan_fields) -> Plan:
    """A plan with every part filled in: `objectives` x `actions_per_objective` actions, one output indicator
    each, a plan-level result indicator, facts, causes, budget phases, funding sources, bodies and the M&E table."""
    plan = PlanFactory(**plan_fields)
    for _ in range(2):
        PlanFactFactory(plan=plan)
        ProblemCauseFactory(plan=plan)
        FundingSourceFactory(plan=plan)
        GovernanceBodyFactory(plan=plan)
    for horizon in Horizon.values:
        BudgetPhaseFactory(plan=plan, horizon=horizon)
    for category in (IndicatorCategory.STARTUPS_ECOSYSTEM, IndicatorCategory.FINANCIAL):
        MonitoringResponsibilityFactory(plan=plan, category=category)
    for objective_number in range(1, objectives + 1):
        objective = StrategicObjectiveFactory(plan=plan, code=str(objective_number), order=objective_number)
        for action_number in range(1, actions_per_objective + 1):
            action = ActionFactory(objective=objective, code=f"{objective_number}.{action_number}", order=action_number)
            IndicatorFactory(action=action, code=f"O{action.code}")
    IndicatorFactory(
        action=None, plan=plan, code="R1", kind=IndicatorKind.RESULT, target_value=None, target_period="", metric=""
    )
    return plan
