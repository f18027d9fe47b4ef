"""The shipped plans/alytus-iap.yaml against the IAP summary, value by value."""

import datetime
from decimal import Decimal

import pytest

from talentas.plans.models import (
    Action,
    BudgetPhase,
    FundingSource,
    GovernanceBody,
    Indicator,
    MonitoringResponsibility,
    PlanFact,
    StrategicObjective,
)
from talentas.plans.translation import TRANSLATED_FIELDS
from talentas.plans.units import unit_for

LEAD = "Alytus city municipality"

# code: (objective, title, target value, unit, period, partners, resourcing, timeframe, horizon, start, end, ready by)
ACTIONS = {
    "1.1": ("1", "Establish regional co-working and innovation Hub", 1, "hub", "total", [],
            ["eu_funds", "city_budget", "state_budget"], "48 months", "long", "2025-01", "2028-12", None),
    "1.2": ("1", "Develop a business accelerator program. Better conditions for women's business.", 5, "startups",
            "annual", ["social_partners", "business_angels"], ["city_budget", "business", "state_budget"],
            "18 months", "medium", "2025-01", "2026-06", None),
    "1.3": ("1", "Launch a business incubator program. Better conditions for women's business.", 5, "startups",
            "total", [], ["city_budget"], "6 \N{EN DASH} 12 months", "short", "2025-01", "2025-12", None),
    "1.4": ("1", "Organize regular regional networking events and workshops", 5, "events and workshops", "annual",
            ["social_partners", "business"], ["city_budget", "business", "eu_funds"],
            "Start within 3 months, with quarterly events", "long", "2025-01", "2028-12", "2025-03"),
    "1.5": ("1", "Provide STEAM lessons for basic school students", 2, "hours per grade", "annual",
            ["social_partners", "business"], ["city_budget", "state_budget", "business"], "Start within 6 months",
            "long", "2025-01", "2028-12", "2025-06"),
    "2.1": ("2", "Establish a startup grant fund", 50000, "EUR", "annual", ["social_partners", "business_angels"],
            ["city_budget", "business", "state_budget"], "20 months to establish; ongoing grant cycles", "long",
            "2025-01", "2028-12", "2026-08"),
    "2.2": ("2", "Organize pitch competitions with financial rewards", 5, "startups", "annual",
            ["social_partners", "business_angels"], ["city_budget", "state_budget", "eu_funds", "business"],
            "6 months to organize the first event; annual or bi-annual competition", "long", "2025-01", "2028-12",
            "2025-06"),
    "2.3": ("2", "Set up a startup financing workshop series", 3, "workshops", "annual",
            ["social_partners", "business"], ["city_budget", "eu_funds", "business"],
            "3-6 months to set up; ongoing workshops quarterly", "long", "2025-01", "2028-12", "2025-06"),
    "3.1": ("3", "Create a business stakeholder forum", 1, "stakeholder forum", "annual",
            ["social_partners", "business"], ["city_budget", "state_budget", "business"],
            "4-6 months to establish; ongoing meetings", "long", "2025-01", "2028-12", "2025-06"),
    "3.2": ("3", "Develop an online business ecosystem platform", 20, "registered users", "total",
            ["social_partners", "business"], ["city_budget", "business"],
            "9-12 months to develop and launch; ongoing maintenance", "long", "2025-01", "2028-12", "2025-12"),
    "3.3": ("3", "Organize cross-sector collaboration workshops", 2, "workshops", "annual",
            ["social_partners", "business"], ["city_budget", "eu_funds", "business"],
            "6 months to organize the first workshop; bi-annual workshops afterward", "long", "2025-01", "2028-12",
            "2025-06"),
    "3.4": ("3", "To develop platform for learners, students, expatriates", 100, "registered persons", "total",
            ["social_partners", "business", "media"], ["city_budget", "eu_funds"], "12 months", "short", "2025-01",
            "2025-12", None),
    "3.5": ("3", "Prepare city branding and talent attraction program.", 1, "programme", "total",
            ["social_partners", "business", "media"], ["city_budget", "business"], "18 months", "medium", "2025-01",
            "2026-06", None),
}  # fmt: skip

TARGET_TEXTS = {
    "1.1": "At least 1 co-working and innovation hubs established",
    "1.2": "At least 5 startups participating in the accelerator program annually",
    "1.3": "At least 5 early-stage startups supported by the incubator",
    "1.4": "At least 5 networking events and workshops organized annually",
    "1.5": "At least 2 hour learning for each grade during the year",
    "2.1": "At least EUR 50 000 of grant funding distributed annually",
    "2.2": "At least 5 startups participating in pitch competitions annually",
    "2.3": "At least 3 financial literacy and funding workshops organized annually",
    "3.1": "At least 1 stakeholder forums held annually",
    "3.2": "At least 20 registered users on the business ecosystem platform",
    "3.3": "At least 2 cross-sector collaboration workshops organized annually",
    "3.4": "At least 100 registered persons",
    "3.5": "Prepared program",
}

pytestmark = pytest.mark.django_db


def month(text: str | None) -> datetime.date | None:
    return None if text is None else datetime.date.fromisoformat(f"{text}-01")


def test_plan_facts_problem_and_vision(alytus):
    assert (alytus.city_en, alytus.country_en, alytus.country_lt) == ("Alytus", "Lithuania", "Lietuva")
    assert (alytus.network, alytus.programme) == ("C4TALENT", "URBACT")
    assert (alytus.start_year, alytus.end_year) == (2025, 2028)
    assert alytus.is_default
    assert alytus.vision_en == (
        "Alytus - digital startup and innovation capital of Southern Lithuania, a modern, exciting place where "
        "young people and talents want to live, work, and build their future"
    )
    assert alytus.core_problem_en == "Outflow of young people/talents from Alytus city"
    assert [cause.label_en for cause in alytus.causes.all()] == [
        "No universities",
        "Few tech companies",
        "Poor startup infrastructure",
        "Limited financial support",
    ]
    facts = {fact.label_en: (fact.value, fact.unit_en) for fact in PlanFact.objects.filter(plan=alytus)}
    assert facts["Residents"] == (Decimal(51340), "")
    assert facts["Land area"] == (Decimal("39.45"), "km²")
    assert facts["Distance to Vilnius"] == (Decimal(109), "km")
    assert facts["Businesses"] == (Decimal(2279), "")
    assert facts["Natural population change"] == (Decimal(-410), "per year")
    assert "51,340 residents" in alytus.context_en
    assert "51 340 gyventojų" in alytus.context_lt
    assert "Žuvinto g. 4" in alytus.non_financial_resources_en
    assert "Žuvinto g. 4" in alytus.non_financial_resources_lt


def test_three_objectives_in_order(alytus):
    objectives = [(o.code, o.title_en) for o in StrategicObjective.objects.filter(plan=alytus)]
    assert objectives == [
        ("1", "Improve access to state-of-the-art infrastructure for startup businesses"),
        ("2", "Improving access to financial resources for startups"),
        ("3", "Building and improving local business ecosystem"),
    ]


def test_every_action_as_the_iap_states_it(alytus):
    actions = {action.code: action for action in Action.objects.filter(plan=alytus).select_related("objective")}
    assert list(actions) == list(ACTIONS)
    for code, expected in ACTIONS.items():
        action = actions[code]
        objective, title, value, unit, period, partners, resourcing, timeframe, horizon, start, end, ready = expected
        actual = (
            action.objective.code,
            action.title_en,
            action.target_value,
            unit_for(action.target_unit_en, action.target_value),  # the form beside the target's number
            action.target_period,
            action.partners,
            action.resourcing,
            action.timeframe_en,
            action.horizon,
            action.planned_start,
            action.planned_end,
            action.ready_by,
        )
        assert actual == (
            objective,
            title,
            Decimal(value),
            unit,
            period,
            partners,
            resourcing,
            timeframe,
            horizon,
            month(start),
            month(end),
            month(ready),
        ), code
        assert action.target_text_en == TARGET_TEXTS[code]
        assert (action.lead_en, action.lead_lt) == (LEAD, "Alytaus miesto savivaldybė")


def test_one_output_indicator_per_action_mirrors_its_target(alytus):
    for action in Action.objects.filter(plan=alytus).prefetch_related("indicators"):
        (indicator,) = action.indicators.all()
        assert indicator.kind == "output"
        assert indicator.code == f"O{action.code}"
        assert (indicator.target_value, indicator.target_period) == (action.target_value, action.target_period)
    metrics = dict(Indicator.objects.filter(plan=alytus).values_list("code", "metric"))
    assert metrics["O1.4"] == "events.held_under.action_1_4"
    assert metrics["O3.4"] == "talent.registered_persons"
    assert metrics["O1.5"] == "events.steam_hours"
    assert metrics["O1.1"] == metrics["O3.5"] == ""


def test_result_indicators_the_iap_names(alytus):
    results = Indicator.objects.filter(plan=alytus, action=None).order_by("code")
    assert [(i.code, i.name_en, i.kind, i.target_value) for i in results] == [
        ("R1", "Number of startups funded", "result", None),
        ("R2", "New business spaces", "result", None),
    ]


def test_indicators_default_to_the_responsible_entity_of_their_category(alytus):
    responsible = dict(Indicator.objects.filter(plan=alytus).values_list("code", "responsible"))
    assert responsible["O2.1"] == "finance-and-investment"
    assert responsible["O1.5"] == "education"
    assert responsible["O1.2"] == "business-support"
    assert responsible["O3.4"] == "ulg-coordinator"


def test_budget_total_and_phases(alytus):
    assert alytus.total_budget_eur == Decimal(7_900_000)
    phases = [
        (p.horizon, p.name_en, p.start_year, p.end_year, p.amount_eur, p.purpose_en)
        for p in BudgetPhase.objects.filter(plan=alytus)
    ]
    assert phases == [
        ("short", "Short-Term", 2025, 2026, Decimal(220_000), "startup grants, forums, and events"),
        ("medium", "Mid-Term", 2026, 2027, Decimal(287_000), "workshops, incubators, and competitions"),
        ("long", "Long-Term", 2027, 2029, Decimal(7_400_000), "primarily for the co-working and innovation hub"),
    ]


def test_every_funding_source_in_its_group(alytus):
    sources = [(s.group_en, s.name_en, s.purpose_en) for s in FundingSource.objects.filter(plan=alytus)]
    assert sources == [
        ("EU Structural and Investment Funds", "European Regional Development Fund (ERDF)",
         "infrastructure and innovation hubs"),
        ("EU Structural and Investment Funds", "European Social Fund+ (ESF+)", "skills, entrepreneurship, inclusion"),
        ("EU Programmes and Calls", "Horizon Europe", "innovation and startup accelerator support"),
        ("EU Programmes and Calls", "Digital Europe Programme", "ecosystem platform and digital skills"),
        ("EU Programmes and Calls", "Interreg Europe / URBACT", "cooperation and cross-border knowledge sharing"),
        ("National & Regional Funds", "Lithuanian Innovation Promotion Fund", ""),
        ("National & Regional Funds", "National SME development schemes", ""),
        ("Private Sector / NGOs", "Local sponsorships", "for events, platforms"),
        ("Private Sector / NGOs", "Angel investors and venture capital", "for accelerator/startup support"),
    ]  # fmt: skip


def test_governance_bodies(alytus):
    bodies = {b.name_en: b for b in GovernanceBody.objects.filter(plan=alytus)}
    assert list(bodies) == [
        "City Council",
        "Business Support Department",
        "IAP Task Force",
        "Steering Committee",
        "Urban Local Group (ULG)",
    ]
    assert bodies["City Council"].role_en.startswith("Final authority on major decisions and budget reallocations.")
    assert bodies["Business Support Department"].role_en.startswith(
        "Manages day-to-day operations, reporting, and financial oversight."
    )
    assert bodies["IAP Task Force"].members_en == [
        "Project Manager",
        "Financial Coordinator",
        "Stakeholder Engagement Officer",
    ]
    assert len(bodies["IAP Task Force"].members_lt) == 3
    assert bodies["Steering Committee"].meeting_frequency == "quarterly"
    assert bodies["Steering Committee"].members_en == ["Local officials", "Stakeholders"]
    assert [b.meeting_frequency for name, b in bodies.items() if name != "Steering Committee"] == [""] * 4
    assert "grassroots insight" in bodies["Urban Local Group (ULG)"].role_en


def test_monitoring_arrangements_and_responsibility_table(alytus):
    assert alytus.monitoring_coordinator_en == "Business Support Department's M&E Team"
    assert all(
        getattr(alytus, flag)
        for flag in (
            "quarterly_internal_reports",
            "annual_public_reports",
            "midterm_evaluation",
            "final_evaluation",
            "independent_evaluations",
            "realtime_dashboard",
        )
    )
    table = [
        (row.category, row.indicator_type_en, row.responsible)
        for row in MonitoringResponsibility.objects.filter(plan=alytus)
    ]
    assert table == [
        ("financial", "Financial metrics (grants, investments)", "finance-and-investment"),
        ("startups_ecosystem", "Startup creation, ecosystem activities", "business-support"),
        ("education", "Education-related indicators", "education"),
        ("social_engagement", "Social engagement, ULG impact", "ulg-coordinator"),
    ]


def test_every_text_is_in_both_languages(alytus):
    missing = []
    for model, fields in TRANSLATED_FIELDS.items():
        for obj in model._default_manager.filter(plan=alytus) if model is not type(alytus) else [alytus]:
            for name in fields:
                english, lithuanian = getattr(obj, f"{name}_en"), getattr(obj, f"{name}_lt")
                if bool(english) != bool(lithuanian):
                    missing.append(f"{model.__name__} {obj.pk} {name}")
    assert missing == []


def test_lithuanian_is_a_translation_not_a_copy(alytus):
    for action in Action.objects.filter(plan=alytus):
        assert action.title_lt != action.title_en
        assert action.description_lt != action.description_en
        assert action.timeframe_lt != action.timeframe_en
    assert alytus.vision_lt.startswith("Alytus \N{EN DASH} Pietų Lietuvos skaitmeninių startuolių ir inovacijų sostinė")
