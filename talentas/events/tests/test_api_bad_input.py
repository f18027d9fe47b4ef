"""Bad input to the events API answers a 4xx naming the field, never a 500 (issue 10, defect 3)."""

import pytest

from talentas.accounts import services as account_services


@pytest.mark.parametrize(
    ("query", "field", "code"),
    [
        ("offset=9223372036854775808", "offset", "less_than_equal"),
        ("limit=1000000", "limit", "less_than_equal"),
        ("action=1.4%00", "action", "nul_in_text"),
        ("type=bogus", "type", "enum"),
        ("from=yesterday", "from", "date_from_datetime_parsing"),
    ],
)
def test_the_calendar_refuses_bad_queries(client, db, query, field, code):
    response = client.get(f"/api/v1/events?{query}")
    assert response.status_code == 422
    assert (response.json()["field"], response.json()["code"]) == (field, code)


def test_answers_with_a_nul_byte_are_refused(client, event, outsider):
    raw = account_services.create_api_token(user=outsider, name="answers")[1]
    response = client.post(
        f"/api/v1/events/{event.pk}/registrations",
        {"answers": {"Diet?": "none\x00"}},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 422
    assert (response.json()["field"], response.json()["code"]) == ("answers", "nul_in_text")
