"""Monitoring test data: a small plan with manual and automatic indicators, people in each role, values."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from talentas.accounts.models import Role
from talentas.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from talentas.core.choices import ResponsibleEntity
from talentas.monitoring import periods
from talentas.monitoring.models import (
    IndicatorSettings,
    IndicatorValue,
    ReportingPeriod,
    ValueSource,
    ValueState,
)
from talentas.plans.choices import IndicatorKind, TargetPeriod
from talentas.plans.tests.factories import (
    ActionFactory,
    BudgetPhaseFactory,
    FundingSourceFactory,
    IndicatorFactory,
    PlanFactory,
    StrategicObjectiveFactory,
)


def person(role: str | None = None, department: str | None = None, **fields):
    user = UserFactory(**fields)
    if role:
        RoleAssignmentFactory(user=user, role=role, department=department)
    return user


def owner_of(department: str = ResponsibleEntity.BUSINESS_SUPPORT, **fields):
    return person(Role.INDICATOR_OWNER, department, **fields)


class ReportingPeriodFactory(DjangoModelFactory):
    class Meta:
        model = ReportingPeriod
        django_get_or_create = ("kind", "year", "quarter")

    kind = "quarter"
    year = 2025
    quarter = 1
    start = factory.LazyAttribute(
        lambda o: periods.quarter(o.year, o.quarter).start if o.quarter else periods.year(o.year).start
    )
    end = factory.LazyAttribute(
        lambda o: periods.quarter(o.year, o.quarter).end if o.quarter else periods.year(o.year).end
    )


def period(code: str) -> ReportingPeriod:
    span = periods.parse_code(code)
    return ReportingPeriodFactory(kind=span.kind, year=span.year, quarter=span.quarter)


class IndicatorValueFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    period = factory.LazyFunction(lambda: period("2025-Q1"))
    value = Decimal(1)
    state = ValueState.APPROVED
    source = ValueSource.MANUAL
    reviewed_at = factory.LazyFunction(lambda: datetime.datetime(2025, 4, 10, tzinfo=datetime.UTC))


def approved(indicator, code: str, value, revision: int = 1) -> IndicatorValue:
    return IndicatorValueFactory(indicator=indicator, period=period(code), value=Decimal(str(value)), revision=revision)


def events_held(action, day: datetime.date, count: int = 1, event_type: str = "networking") -> None:
    """`count` events of a type held on `day` under `action`, as the events module stores them (read by the
    events.held metric that A1.1 follows)."""
    from talentas.events.models import Event

    ends = datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
    Event.objects.bulk_create(
        Event(
            action=action,
            event_type=event_type,
            title=f"Event {number}",
            title_lt=f"Renginys {number}",
            title_en=f"Event {number}",
            starts_at=ends - datetime.timedelta(hours=2),
            ends_at=ends,
            capacity=20,
            address="Pramonės g. 1, Alytus",
        )
        for number in range(count)
    )


def small_plan(**plan_fields):
    """Objective 1 with two actions: 1.1 has a manual annual indicator (target 4 events a year, Business
    Support) and an automatic one (events.held.networking, 8 a year); 1.2 has a manual total indicator
    (target 100, Education) and one without a target. A plan-level result indicator, two phases, two sources."""
    plan = PlanFactory(slug="alytus-test", start_year=2025, end_year=2028, **plan_fields)
    objective = StrategicObjectiveFactory(plan=plan, code="1")
    first = ActionFactory(
        objective=objective, code="1.1", planned_start=datetime.date(2025, 1, 1), planned_end=datetime.date(2028, 12, 1)
    )
    second = ActionFactory(
        objective=objective, code="1.2", planned_start=datetime.date(2025, 1, 1), planned_end=datetime.date(2026, 12, 1)
    )
    IndicatorFactory(action=first, code="O1.1", target_value=Decimal(4), target_period=TargetPeriod.ANNUAL, metric="")
    IndicatorFactory(
        action=first,
        code="A1.1",
        target_value=Decimal(8),
        target_period=TargetPeriod.ANNUAL,
        metric="events.held.networking",
    )
    IndicatorFactory(
        action=second,
        code="O1.2",
        target_value=Decimal(100),
        target_period=TargetPeriod.TOTAL,
        metric="",
        responsible=ResponsibleEntity.EDUCATION,
    )
    IndicatorFactory(action=second, code="N1.2", target_value=None, target_period="", metric="")
    IndicatorFactory(
        action=None, plan=plan, code="R1", kind=IndicatorKind.RESULT, target_value=None, target_period="", metric=""
    )
    BudgetPhaseFactory(plan=plan, horizon="short", amount_eur=Decimal(220000))
    BudgetPhaseFactory(plan=plan, horizon="medium", name_en="Mid-Term", amount_eur=Decimal(287000))
    FundingSourceFactory(plan=plan, name_en="City budget")
    FundingSourceFactory(plan=plan, name_en="ERDF")
    return plan


class IndicatorSettingsFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorSettings
        django_get_or_create = ("indicator",)

    weight = Decimal(1)
