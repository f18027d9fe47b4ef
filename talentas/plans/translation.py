"""Which plan texts exist in each language (django-modeltranslation adds a `_lt` and an `_en` column for each)."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
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

TRANSLATED_FIELDS = {
    Plan: (
        "city",
        "country",
        "title",
        "context",
        "methodology",
        "integrated_approach",
        "core_problem",
        "vision",
        "budget_summary",
        "funding_summary",
        "non_financial_resources",
        "governance_summary",
        "monitoring_coordinator",
        "monitoring_summary",
        "source_note",
    ),
    PlanFact: ("label", "unit", "note"),
    ProblemCause: ("label", "text"),
    StrategicObjective: ("title",),
    Action: ("title", "description", "target_unit", "target_text", "lead", "timeframe"),
    Indicator: ("name", "description", "unit"),
    BudgetPhase: ("name", "purpose"),
    FundingSource: ("group", "name", "purpose"),
    GovernanceBody: ("name", "role", "members"),
    MonitoringResponsibility: ("indicator_type",),
}

for _model, _fields in TRANSLATED_FIELDS.items():
    register(_model)(type(f"{_model.__name__}TranslationOptions", (TranslationOptions,), {"fields": _fields}))
