"""GET /api/v1/plans and /api/v1/plans/{slug}: shape, numbers, languages, errors and query counts."""

import pytest

from talentas.plans.services import load_plan

from .factories import full_plan

pytestmark = pytest.mark.django_db

PLAN_QUERIES = 11  # as the overview page: the plan and ten prefetches


def test_list_of_plans(client, alytus, second_city_text, django_assert_num_queries):
    load_plan(text=second_city_text)
    with django_assert_num_queries(1):
        response = client.get("/api/v1/plans?lang=en")
    assert response.status_code == 200
    assert response.json() == [
        {
            "slug": "alytus-iap",
            "city": "Alytus",
            "country": "Lithuania",
            "title": "Alytus City Integrated Action Plan",
            "period": {"start_year": 2025, "end_year": 2028},
            "is_default": True,
        },
        {
            "slug": "rivertown",
            "city": "Rivertown",
            "country": "Estonia",
            "title": "Rivertown Talent Plan",
            "period": {"start_year": 2026, "end_year": 2027},
            "is_default": False,
        },
    ]


def test_plan_has_the_documented_shape_and_json_numbers(client, alytus):
    plan = client.get("/api/v1/plans/alytus-iap", HTTP_ACCEPT_LANGUAGE="en").json()
    assert {"slug", "city", "title", "vision", "budget", "objectives"} <= plan.keys()
    assert plan["slug"] == "alytus-iap"
    assert plan["city"] == "Alytus"
    assert plan["title"] == "Alytus City Integrated Action Plan"
    assert plan["vision"].startswith("Alytus - digital startup and innovation capital")
    assert plan["budget"] == {
        "total_eur": 7900000,
        "phases": [
            {
                "name": "Short-Term",
                "horizon": "short",
                "start_year": 2025,
                "end_year": 2026,
                "amount_eur": 220000,
                "purpose": "startup grants, forums, and events",
            },
            {
                "name": "Mid-Term",
                "horizon": "medium",
                "start_year": 2026,
                "end_year": 2027,
                "amount_eur": 287000,
                "purpose": "workshops, incubators, and competitions",
            },
            {
                "name": "Long-Term",
                "horizon": "long",
                "start_year": 2027,
                "end_year": 2029,
                "amount_eur": 7400000,
                "purpose": "primarily for the co-working and innovation hub",
            },
        ],
    }
    assert [objective["code"] for objective in plan["objectives"]] == ["1", "2", "3"]
    actions = {action["code"]: action for objective in plan["objectives"] for action in objective["actions"]}
    assert len(actions) == 13
    grant_fund = actions["2.1"]
    assert grant_fund["target"] == {
        "value": 50000,
        "unit": "EUR",
        "period": "annual",
        "text": "At least EUR 50 000 of grant funding distributed annually",
    }
    assert isinstance(grant_fund["target"]["value"], int)
    assert actions["1.2"]["target"]["value"] == 5 and isinstance(actions["1.2"]["target"]["value"], int)
    assert actions["3.4"]["target"] == {
        "value": 100,
        "unit": "registered persons",
        "period": "total",
        "text": "At least 100 registered persons",
    }
    assert grant_fund["title"] == "Establish a startup grant fund"
    assert grant_fund["lead"] == "Alytus city municipality"
    assert grant_fund["partners"] == ["social_partners", "business_angels"]
    assert grant_fund["partner_labels"] == ["Social partners", "Business angels"]
    assert grant_fund["resourcing"] == ["city_budget", "business", "state_budget"]
    assert grant_fund["timeframe"] == "20 months to establish; ongoing grant cycles"
    assert grant_fund["horizon"] == "long"
    assert grant_fund["schedule"] == {"start": "2025-01", "end": "2028-12", "ready_by": "2026-08"}
    assert grant_fund["indicators"] == [
        {
            "code": "O2.1",
            "name": "Grant funding distributed to startups",
            "description": "",
            "kind": "output",
            "category": "financial",
            "responsible": "finance-and-investment",
            "unit": "EUR",
            "target": {"value": 50000, "period": "annual"},
            "baseline": None,
            "metric": "calls.awarded_eur.startup_grants",
        }
    ]
    assert actions["1.1"]["partners"] == []
    assert [indicator["code"] for indicator in plan["indicators"]] == ["R1", "R2"]
    assert plan["monitoring"]["responsibilities"][0] == {
        "category": "financial",
        "indicator_type": "Financial metrics (grants, investments)",
        "responsible": "finance-and-investment",
    }
    steering = next(body for body in plan["governance"] if body["name"] == "Steering Committee")
    assert steering["meeting_frequency"] == "quarterly"


@pytest.mark.parametrize(
    ("query", "headers", "language", "title"),
    [
        ("", {"HTTP_ACCEPT_LANGUAGE": "en"}, "en", "Alytus City Integrated Action Plan"),
        ("", {"HTTP_ACCEPT_LANGUAGE": "lt"}, "lt", "Alytaus miesto integruotas veiksmų planas"),
        ("?lang=lt", {"HTTP_ACCEPT_LANGUAGE": "en"}, "lt", "Alytaus miesto integruotas veiksmų planas"),
        ("?lang=en", {"HTTP_ACCEPT_LANGUAGE": "lt"}, "en", "Alytus City Integrated Action Plan"),
    ],
)
def test_language_follows_the_query_then_accept_language(client, alytus, query, headers, language, title):
    response = client.get(f"/api/v1/plans/alytus-iap{query}", **headers)
    body = response.json()
    assert (body["title"], body["language"], response["Content-Language"]) == (title, language, language)
    units = {a["code"]: a["target"]["unit"] for o in body["objectives"] for a in o["actions"]}
    assert units["1.2"] == {"en": "startups", "lt": "startuoliai"}[language]


def test_unknown_plan_is_a_json_404(client, db):
    response = client.get("/api/v1/plans/nowhere?lang=en")
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no plan “nowhere”.", "field": None, "code": "not_found"}


def test_unknown_language_is_a_422(client, alytus):
    response = client.get("/api/v1/plans/alytus-iap?lang=de")
    assert response.status_code == 422
    assert response.json()["field"] == "lang"


@pytest.mark.parametrize(("objectives", "actions_per_objective"), [(1, 1), (10, 20)])
def test_query_count_does_not_grow_with_the_plan(client, django_assert_num_queries, objectives, actions_per_objective):
    plan = full_plan(objectives=objectives, actions_per_objective=actions_per_objective)
    with django_assert_num_queries(PLAN_QUERIES):
        response = client.get(f"/api/v1/plans/{plan.slug}")
    actions = [action for objective in response.json()["objectives"] for action in objective["actions"]]
    assert len(actions) == objectives * actions_per_objective
    with django_assert_num_queries(1):
        client.get("/api/v1/plans")


def test_openapi_describes_the_plan_schemas(client, db):
    document = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/plans" in document["paths"]
    assert "/api/v1/plans/{slug}" in document["paths"]
    schemas = document["components"]["schemas"]
    assert {"PlanOut", "ObjectiveOut", "ActionOut", "TargetOut", "BudgetOut", "ErrorOut"} <= schemas.keys()
    assert set(schemas["TargetOut"]["properties"]) == {"value", "unit", "period", "text"}
    responses = document["paths"]["/api/v1/plans/{slug}"]["get"]["responses"]
    assert {"200", "404"} <= responses.keys()
    parameters = {p["name"] for p in document["paths"]["/api/v1/plans/{slug}"]["get"]["parameters"]}
    assert parameters == {"slug", "lang"}
