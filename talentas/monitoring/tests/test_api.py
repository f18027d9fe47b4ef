"""GET /api/v1/plans/{slug}/indicators, GET and POST /api/v1/indicators/{id}/values."""

import pytest

from talentas.accounts import services as account_services
from talentas.monitoring.models import IndicatorValue, ValueState

from .factories import IndicatorValueFactory, approved, period


@pytest.fixture(autouse=True)
def english(client):
    """These tests read the API's English messages; without Accept-Language the API answers in Lithuanian."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def bearer(user) -> dict:
    _token, raw = account_services.create_api_token(user=user, name=f"monitoring {user.api_tokens.count()}")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_plan_indicators_have_code_action_target_value_progress_status(client, plan, indicators, today):
    approved(indicators["O1.1"], "2026-Q1", 2)
    rows = client.get(f"/api/v1/plans/{plan.slug}/indicators").json()
    row = next(r for r in rows if r["code"] == "O1.1")
    assert (row["action"], row["target"], row["current_value"], row["progress"], row["status"]) == (
        "1.1",
        4,
        2,
        0.5,
        "on_track",
    )
    assert next(r for r in rows if r["code"] == "O1.2")["status"] == "no_data"
    assert next(r for r in rows if r["code"] == "R1")["action"] is None


def test_plan_indicators_query_count_is_fixed(client, plan, indicators, today, django_assert_max_num_queries):
    for quarter in ("2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"):
        approved(indicators["O1.1"], quarter, 1)
    with django_assert_max_num_queries(30):
        client.get(f"/api/v1/plans/{plan.slug}/indicators")
    with django_assert_max_num_queries(0):
        client.get(f"/api/v1/plans/{plan.slug}/indicators")


def test_unknown_plan_is_404(client, db):
    response = client.get("/api/v1/plans/nope/indicators")
    assert response.status_code == 404 and response.json()["detail"]


def test_values_anonymous_see_approved_revisions_only(client, indicators, today):
    approved(indicators["O1.1"], "2026-Q1", 2)
    IndicatorValueFactory(
        indicator=indicators["O1.1"], period=period("2026-Q1"), revision=2, value=3, state=ValueState.SUBMITTED
    )
    values = client.get(f"/api/v1/indicators/{indicators['O1.1'].pk}/values").json()
    assert [(v["period"], v["revision"], v["value"], v["current"]) for v in values] == [("2026-Q1", 1, 2, True)]


def test_values_the_department_sees_its_submissions(client, indicators, owner, today, django_assert_max_num_queries):
    IndicatorValueFactory(indicator=indicators["O1.1"], period=period("2026-Q1"), value=3, state=ValueState.SUBMITTED)
    headers = bearer(owner)
    with django_assert_max_num_queries(6):
        values = client.get(f"/api/v1/indicators/{indicators['O1.1'].pk}/values", **headers).json()
    assert [v["state"] for v in values] == ["submitted"]


def test_post_a_value(client, indicators, owner, today):
    response = client.post(
        f"/api/v1/indicators/{indicators['O1.1'].pk}/values",
        {"period": "2026-Q1", "value": "2.5", "comment": "register", "breakdown": None},
        content_type="application/json",
        **bearer(owner),
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["indicator"], body["period"], body["value"], body["state"], body["revision"]) == (
        "O1.1",
        "2026-Q1",
        2.5,
        "submitted",
        1,
    )


@pytest.mark.parametrize(
    ("payload", "status", "field", "message"),
    [
        ({"period": "2026-Q7", "value": 1}, 400, "period", "not a period"),
        ({"period": "2024", "value": 1}, 400, "period", "outside the plan"),
        ({"period": "2027-Q1", "value": 1}, 400, "period", "not begun"),
        ({"period": "2026-Q1", "value": -1}, 400, "value", "negative"),
        ({"period": "2026-Q1", "value": "12.345"}, 400, "value", "two decimals"),
        ({"period": "2026-Q1", "value": "lots"}, 422, "value", "decimal"),
        ({"period": "2026-Q1"}, 422, "value", "required"),
    ],
)
def test_post_bad_input_gets_a_clear_4xx(client, indicators, owner, today, payload, status, field, message):
    response = client.post(
        f"/api/v1/indicators/{indicators['O1.1'].pk}/values", payload, content_type="application/json", **bearer(owner)
    )
    assert response.status_code == status
    body = response.json()
    assert body["field"] == field and message in body["detail"]
    assert not IndicatorValue.objects.exists()


def test_post_rights(client, indicators, owner, education_owner, outsider, today):
    url = f"/api/v1/indicators/{indicators['O1.1'].pk}/values"
    payload = {"period": "2026-Q1", "value": 1}
    assert client.post(url, payload, content_type="application/json").status_code == 401
    for user in (education_owner, outsider):
        response = client.post(url, payload, content_type="application/json", **bearer(user))
        assert response.status_code == 403 and "may enter this indicator's values" in response.json()["detail"]
    automatic = client.post(
        f"/api/v1/indicators/{indicators['A1.1'].pk}/values", payload, content_type="application/json", **bearer(owner)
    )
    assert automatic.status_code == 400 and automatic.json()["field"] == "indicator"
    assert (
        client.post(
            "/api/v1/indicators/999999/values", payload, content_type="application/json", **bearer(owner)
        ).status_code
        == 404
    )
    client.post(url, payload, content_type="application/json", **bearer(owner))
    again = client.post(url, payload, content_type="application/json", **bearer(owner))
    assert again.status_code == 409 and again.json()["field"] == "period"
