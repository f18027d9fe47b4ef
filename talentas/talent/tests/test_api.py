"""The talent API: /talents/me, my matches, opportunities CRUD for the owning organisation, and their matches."""

import itertools

import pytest

from talentas.accounts import services as account_services
from talentas.talent.models import Opportunity

from .conftest import make_profile


def _auth(user):
    _token, raw = account_services.create_api_token(user=user, name=f"test {next(_numbers)}")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}", "HTTP_ACCEPT_LANGUAGE": "en"}


_numbers = itertools.count()

PROFILE = {
    "kind": "return-migrant",
    "headline": "Data analyst back from London",
    "city": "Alytus",
    "education_level": 6,
    "looking_for": ["job"],
    "skills": [{"skill": "python", "level": 3}, {"skill": "SQL", "level": 4}],
    "languages": [{"language": "lt", "level": 6}],
    "consent": True,
}


def test_put_and_get_my_profile(client, vocabulary, outsider):
    headers = _auth(outsider)
    assert client.get("/api/v1/talents/me", **headers).status_code == 404
    response = client.put("/api/v1/talents/me", PROFILE, content_type="application/json", **headers)
    assert response.status_code == 200, response.content
    body = response.json()
    assert {s["uri"] for s in body["skills"]} == {vocabulary["python"].uri, vocabulary["sql"].uri}
    assert body["consent_at"]
    assert client.get("/api/v1/talents/me", **headers).json()["headline"] == PROFILE["headline"]


def test_bad_input_names_the_field(client, vocabulary, outsider):
    headers = _auth(outsider)
    bad = {**PROFILE, "skills": [{"skill": "no such skill"}]}
    response = client.put("/api/v1/talents/me", bad, content_type="application/json", **headers)
    assert response.status_code == 400 and response.json()["field"] == "skills[0]"
    assert response.json()["code"] == "unknown_skill"
    response = client.put(
        "/api/v1/talents/me", {**PROFILE, "kind": "alien"}, content_type="application/json", **headers
    )
    assert response.json()["field"] == "kind"
    response = client.put(
        "/api/v1/talents/me",
        {**PROFILE, "languages": [{"language": "lt", "level": 9}]},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 422 and "languages" in response.json()["field"]


def test_anonymous_calls_are_refused(client, opportunity):
    for url in [
        "/api/v1/talents/me",
        "/api/v1/talents/me/matches",
        "/api/v1/opportunities",
        f"/api/v1/opportunities/{opportunity.pk}/matches",
    ]:
        response = client.get(url)
        assert response.status_code == 401 and "detail" in response.json()


def test_my_matches(client, talent, opportunity):
    response = client.get("/api/v1/talents/me/matches", **_auth(talent.user))
    [match] = response.json()
    assert match["opportunity_id"] == opportunity.pk
    assert set(match["explanation"]["matched_skills"]) == {"Python (computer programming)", "SQL"}


def test_opportunity_matches_best_first_for_the_organisation_only(
    client, opportunity, talent, vocabulary, employer, other_employer, outsider, django_assert_num_queries
):
    weaker = make_profile(skills=[(vocabulary["python"], 1)])
    make_profile(skills=[(vocabulary["python"], 4), (vocabulary["sql"], 4)], visibility="nobody")
    url = f"/api/v1/opportunities/{opportunity.pk}/matches?limit=5"
    headers = _auth(employer)
    client.get(url, **headers)
    # token, opportunity with its skills and languages, memberships, index state, profiles, labels
    with django_assert_num_queries(8):
        response = client.get(url, **headers)
    body = response.json()
    assert [row["talent_id"] for row in body] == [talent.pk, weaker.pk]
    assert body[0]["score"] >= body[1]["score"]
    assert body[1]["explanation"]["missing_skills"] == ["SQL"]
    refused = client.get(url, **_auth(other_employer))
    assert (refused.status_code, refused.json()["code"]) == (403, "not_your_opportunity")
    assert client.get(url, **_auth(outsider)).status_code == 403
    assert client.get(f"/api/v1/opportunities/{opportunity.pk}/matches?limit=0", **headers).status_code == 422
    assert client.get("/api/v1/opportunities/999999/matches", **headers).status_code == 404


def test_crud_for_the_owning_organisation(client, employer, colleague, other_employer, organisation, vocabulary):
    payload = {
        "kind": "job",
        "title": "Backend developer",
        "description": "Python and SQL for our clients.",
        "salary_min": 1500,
        "salary_max": 2200,
        "skills": [{"skill": "python"}, {"skill": "graphic design", "required": False}],
        "languages": [{"language": "lt", "min_level": 4}],
    }
    response = client.post("/api/v1/opportunities", payload, content_type="application/json", **_auth(employer))
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["organisation"] == organisation.slug
    assert [o["id"] for o in client.get("/api/v1/opportunities", **_auth(colleague)).json()] == [pk]
    assert client.get("/api/v1/opportunities", **_auth(other_employer)).json() == []
    changed = {**payload, "title": "Senior backend developer"}
    assert (
        client.put(
            f"/api/v1/opportunities/{pk}", changed, content_type="application/json", **_auth(other_employer)
        ).status_code
        == 403
    )
    response = client.put(f"/api/v1/opportunities/{pk}", changed, content_type="application/json", **_auth(colleague))
    assert response.json()["title"] == "Senior backend developer"
    bad = {**payload, "salary_min": 3000, "salary_max": 1000}
    response = client.post("/api/v1/opportunities", bad, content_type="application/json", **_auth(employer))
    assert response.status_code == 400 and response.json()["field"] == "salary_max"
    assert client.delete(f"/api/v1/opportunities/{pk}", **_auth(other_employer)).status_code == 403
    assert client.delete(f"/api/v1/opportunities/{pk}", **_auth(employer)).status_code == 204
    assert not Opportunity.objects.filter(pk=pk).exists()


def test_outsiders_cannot_post(client, outsider, unverified_member, vocabulary):
    payload = {"kind": "job", "title": "Something", "description": "Something to do here."}
    for user in (outsider, unverified_member):
        response = client.post("/api/v1/opportunities", payload, content_type="application/json", **_auth(user))
        assert response.status_code == 403


@pytest.mark.parametrize("limit", [1, 100])
def test_limit_bounds_are_accepted(client, opportunity, employer, limit):
    assert (
        client.get(f"/api/v1/opportunities/{opportunity.pk}/matches?limit={limit}", **_auth(employer)).status_code
        == 200
    )
