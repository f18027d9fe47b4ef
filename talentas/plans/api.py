"""The action plans as open data: GET /api/v1/plans and GET /api/v1/plans/{slug}.

Texts come in the language asked for with `?lang=lt|en`, else the one Accept-Language picks. Numbers are JSON
numbers (a target of 5 is `5`, not `"5.00"`).
"""

import json
from datetime import date
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from ninja import Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.responses import NinjaJSONEncoder

from talentas.core.api import ErrorOut, in_requested_language
from talentas.core.choices import ResponsibleEntity
from talentas.core.metrics import cached_while_data_unchanged

from . import selectors
from .choices import Horizon, IndicatorCategory, IndicatorKind, MeetingFrequency, TargetPeriod
from .models import Action, Indicator, Plan
from .plan_file import plain_number
from .units import unit_name

router = Router(tags=["plans"])

Number = int | float
Language = Literal["lt", "en"]


class LanguageQuery(Schema):
    lang: Language | None = None


class PeriodOut(Schema):
    start_year: int
    end_year: int


class PlanSummaryOut(Schema):
    slug: str
    city: str
    country: str
    title: str
    period: PeriodOut
    is_default: bool

    @staticmethod
    def resolve_period(plan: Plan) -> dict:
        return {"start_year": plan.start_year, "end_year": plan.end_year}


class TargetOut(Schema):
    value: Number
    unit: str
    period: TargetPeriod
    text: str


class IndicatorTargetOut(Schema):
    value: Number
    period: TargetPeriod


class BaselineOut(Schema):
    value: Number
    year: int | None


class IndicatorOut(Schema):
    code: str
    name: str
    description: str
    kind: IndicatorKind
    category: IndicatorCategory
    responsible: ResponsibleEntity
    unit: str
    target: IndicatorTargetOut | None
    baseline: BaselineOut | None
    metric: str | None

    @staticmethod
    def resolve_target(indicator: Indicator) -> dict | None:
        if indicator.target_value is None:
            return None
        return {"value": plain_number(indicator.target_value), "period": indicator.target_period}

    @staticmethod
    def resolve_baseline(indicator: Indicator) -> dict | None:
        if indicator.baseline_value is None:
            return None
        return {"value": plain_number(indicator.baseline_value), "year": indicator.baseline_year}

    @staticmethod
    def resolve_unit(indicator: Indicator) -> str:
        return unit_name(indicator.unit)

    @staticmethod
    def resolve_metric(indicator: Indicator) -> str | None:
        return indicator.metric or None


class ScheduleOut(Schema):
    start: str
    end: str
    ready_by: str | None


class ActionOut(Schema):
    code: str
    title: str
    description: str
    lead: str
    partners: list[str]
    partner_labels: list[str]
    resourcing: list[str]
    resourcing_labels: list[str]
    timeframe: str
    horizon: Horizon | None
    schedule: ScheduleOut | None
    target: TargetOut
    indicators: list[IndicatorOut]

    @staticmethod
    def resolve_partner_labels(action: Action) -> list[str]:
        return action.partner_labels()

    @staticmethod
    def resolve_resourcing_labels(action: Action) -> list[str]:
        return action.resourcing_labels()

    @staticmethod
    def resolve_horizon(action: Action) -> str | None:
        return action.horizon or None

    @staticmethod
    def resolve_schedule(action: Action) -> dict | None:
        if action.planned_start is None or action.planned_end is None:
            return None
        return {
            "start": _month(action.planned_start),
            "end": _month(action.planned_end),
            "ready_by": _month(action.ready_by),
        }

    @staticmethod
    def resolve_target(action: Action) -> dict:
        return {
            "value": plain_number(action.target_value),
            "unit": unit_name(action.target_unit),
            "period": action.target_period,
            "text": action.target_text,
        }

    @staticmethod
    def resolve_indicators(action: Action) -> list[Indicator]:
        return list(action.indicators.all())


class ObjectiveOut(Schema):
    code: str
    title: str
    actions: list[ActionOut]

    @staticmethod
    def resolve_actions(objective) -> list[Action]:
        return list(objective.actions.all())


class BudgetPhaseOut(Schema):
    name: str
    horizon: Horizon
    start_year: int
    end_year: int
    amount_eur: Number
    purpose: str

    @staticmethod
    def resolve_amount_eur(phase) -> Number:
        return plain_number(phase.amount_eur)


class BudgetOut(Schema):
    total_eur: Number
    phases: list[BudgetPhaseOut]


class FundingSourceOut(Schema):
    group: str
    name: str
    purpose: str


class GovernanceBodyOut(Schema):
    name: str
    role: str
    members: list[str]
    meeting_frequency: MeetingFrequency | None

    @staticmethod
    def resolve_meeting_frequency(body) -> str | None:
        return body.meeting_frequency or None


class MonitoringResponsibilityOut(Schema):
    category: IndicatorCategory
    indicator_type: str
    responsible: ResponsibleEntity


class MonitoringOut(Schema):
    coordinator: str
    quarterly_internal_reports: bool
    annual_public_reports: bool
    midterm_evaluation: bool
    final_evaluation: bool
    independent_evaluations: bool
    realtime_dashboard: bool
    responsibilities: list[MonitoringResponsibilityOut]


class PlanOut(PlanSummaryOut):
    language: str
    network: str
    programme: str
    vision: str
    core_problem: str
    budget: BudgetOut
    objectives: list[ObjectiveOut]
    indicators: list[IndicatorOut]
    funding_sources: list[FundingSourceOut]
    non_financial_resources: str
    governance: list[GovernanceBodyOut]
    monitoring: MonitoringOut

    @staticmethod
    def resolve_language(plan: Plan) -> str:
        return translation.get_language()

    @staticmethod
    def resolve_budget(plan: Plan) -> dict:
        return {"total_eur": plain_number(plan.total_budget_eur), "phases": list(plan.budget_phases.all())}

    @staticmethod
    def resolve_objectives(plan: Plan) -> list:
        return list(plan.objectives.all())

    @staticmethod
    def resolve_indicators(plan: Plan) -> list[Indicator]:
        return plan.plan_indicators

    @staticmethod
    def resolve_funding_sources(plan: Plan) -> list:
        return list(plan.funding_sources.all())

    @staticmethod
    def resolve_governance(plan: Plan) -> list:
        return list(plan.governance_bodies.all())

    @staticmethod
    def resolve_monitoring(plan: Plan) -> dict:
        return {
            "coordinator": plan.monitoring_coordinator,
            "quarterly_internal_reports": plan.quarterly_internal_reports,
            "annual_public_reports": plan.annual_public_reports,
            "midterm_evaluation": plan.midterm_evaluation,
            "final_evaluation": plan.final_evaluation,
            "independent_evaluations": plan.independent_evaluations,
            "realtime_dashboard": plan.realtime_dashboard,
            "responsibilities": list(plan.monitoring_responsibilities.all()),
        }


def _month(day: date | None) -> str | None:
    return None if day is None else f"{day:%Y-%m}"


@router.get("/plans", response=list[PlanSummaryOut], summary="List the action plans")
@decorate_view(in_requested_language)
def list_plans(request: HttpRequest, query: Query[LanguageQuery]):
    """Every action plan, the default one first. One database query."""
    return selectors.plans_for_list()


@router.get(
    "/plans/{slug}",
    response={200: PlanOut, 404: ErrorOut},
    summary="One action plan, with its objectives, actions, targets and indicators",
)
@decorate_view(in_requested_language)
def get_plan(request: HttpRequest, slug: str, query: Query[LanguageQuery]):
    """The whole plan. Served from the cache until the plan changes; a fixed number of database queries on a
    miss, however large the plan. 404 if there is no such plan."""
    body = cached_while_data_unchanged("plans.api", slug, compute=lambda: _plan_json(slug))
    return HttpResponse(body, content_type="application/json; charset=utf-8")


def _plan_json(slug: str) -> bytes:
    """The plan serialised as the API's PlanOut, as ninja would send it; the same for everyone asking."""
    plan = PlanOut.from_orm(selectors.plan_with_actions(slug=slug))  # Http404 for an unknown plan: not cached
    return json.dumps(plan.model_dump(), cls=NinjaJSONEncoder).encode()
