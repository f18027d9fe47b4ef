"""Bad input to the talent API answers a 4xx naming the field, never a 500 (issue 10, defect 3)."""

import itertools

import pytest

from talentas.accounts import services as account_services

_numbers = itertools.count()

PROFILE = {"kind": "graduate", "headline": "Analyst", "consent": True}
OPPORTUNITY = {"kind": "job", "title": "Data analyst", "description": "Analyse the city's open data."}


def _auth(user):
    _token, raw = account_services.create_api_token(user=user, name=f"bad input {next(_numbers)}")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}", "HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"headline": "x" * 5000}, "headline", "string_too_long"),
        ({"education_start": -2020}, "education_start", "greater_than_equal"),
        ({"education_start": 2024, "education_end": 2020}, "education_end", "education_years_reversed"),
        ({"mobility": "bogus"}, "mobility", "enum"),
        ({"kind": "alien"}, "kind", "enum"),
        ({"looking_for": ["job", "treasure"]}, "looking_for.1", "enum"),
        ({"headline": "a\x00b"}, "headline", "nul_in_text"),
        ({"about": "lone \ud800 surrogate"}, "about", "string_unicode"),
        ({"skills": [{"skill": "py\x00thon"}]}, "skills.0.skill", "nul_in_text"),
    ],
)
def test_my_profile_refuses_bad_input(client, outsider, change, field, code):
    response = client.put(
        "/api/v1/talents/me", {**PROFILE, **change}, content_type="application/json", **_auth(outsider)
    )
    assert response.status_code == 422, response.content
    assert (response.json()["field"], response.json()["code"]) == (field, code)


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"kind": "zzz"}, "kind", "enum"),
        ({"workplace": "moon"}, "workplace", "enum"),
        ({"salary_max": 99999999999}, "salary_max", "less_than_equal"),
        ({"salary_min": -1}, "salary_min", "greater_than_equal"),
        ({"city": "A" * 500}, "city", "string_too_long"),
        ({"title": "Nul\x00 title"}, "title", "nul_in_text"),
    ],
)
def test_posting_an_opportunity_refuses_bad_input(client, employer, change, field, code):
    response = client.post(
        "/api/v1/opportunities", {**OPPORTUNITY, **change}, content_type="application/json", **_auth(employer)
    )
    assert response.status_code == 422, response.content
    assert (response.json()["field"], response.json()["code"]) == (field, code)


@pytest.mark.parametrize("limit", ["0", "101", "1000000"])
def test_match_limits_are_bounded_not_clamped(client, talent, limit):
    response = client.get(f"/api/v1/talents/me/matches?limit={limit}", **_auth(talent.user))
    assert response.status_code == 422
    assert response.json()["field"] == "limit"


@pytest.mark.parametrize("skill_id", ["²", "abc", "-1", "", "99999999999999999999999"])
def test_a_skill_row_for_a_bad_id_is_refused(client, db, skill_id):
    assert client.get("/en/talent/skills/row/", {"id": skill_id}).status_code == 400


def test_a_skill_row_for_an_unknown_id_is_a_404(client, db):
    assert client.get("/en/talent/skills/row/", {"id": "999999"}).status_code == 404
