"""The API: a talent applies, lists and withdraws; the organisation lists and moves its applicants."""

import itertools
import json

import pytest

from talentas.accounts import services as account_services
from talentas.hiring.models import Application

from .conftest import apply_for, make_profile

pytestmark = pytest.mark.django_db
_numbers = itertools.count()


def _auth(user):
    _token, raw = account_services.create_api_token(user=user, name=f"test {next(_numbers)}")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}", "HTTP_ACCEPT_LANGUAGE": "en"}


def _post(client, url, body, user):
    return client.post(url, json.dumps(body), content_type="application/json", **_auth(user))


def test_apply_list_and_withdraw(client, opportunity, talent, questions):
    url = f"/api/v1/opportunities/{opportunity.pk}/applications"
    answers = [{"question": questions[0].pk, "answer": "Family."}, {"question": questions[1].pk, "answer": "no"}]
    refused = _post(client, url, {"consent": True, "answers": answers[1:]}, talent.user)
    assert refused.status_code == 400 and refused.json()["code"] == "answer_required"
    assert refused.json()["field"] == f"question_{questions[0].pk}"
    response = _post(client, url, {"consent": True, "message": "Hello", "answers": answers}, talent.user)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "new" and body["status_label"] == "Submitted" and body["consent_version"]
    again = _post(client, url, {"consent": True, "interest_only": True}, talent.user)
    assert again.status_code == 409 and again.json()["code"] == "already_applied"
    mine = client.get("/api/v1/applications/mine", **_auth(talent.user)).json()
    assert [item["id"] for item in mine["items"]] == [body["id"]]
    withdrawn = _post(client, f"/api/v1/applications/{body['id']}/withdraw", {}, talent.user)
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    assert _post(client, f"/api/v1/applications/{body['id']}/withdraw", {}, talent.user).status_code == 409


def test_consent_is_required(client, opportunity, talent):
    response = _post(client, f"/api/v1/opportunities/{opportunity.pk}/applications", {"consent": False}, talent.user)
    assert response.status_code == 400 and response.json()["code"] == "consent_required"


def test_the_organisation_lists_and_moves_applicants(
    client, opportunity, application, employer, other_employer, talent, django_assert_num_queries
):
    url = f"/api/v1/opportunities/{opportunity.pk}/applications"
    assert client.get(url, **_auth(other_employer)).status_code == 404
    assert client.get(url, **_auth(talent.user)).status_code == 404
    headers = _auth(employer)
    items = client.get(url, **headers).json()["items"]
    assert items[0]["email"] == talent.user.email and items[0]["status"] == "new"
    move = f"/api/v1/applications/{application.pk}/status"
    assert _post(client, move, {"status": "shortlisted"}, other_employer).status_code == 404
    assert _post(client, move, {"status": "withdrawn"}, employer).status_code == 422
    moved = _post(client, move, {"status": "hired", "message": "Welcome aboard"}, employer)
    assert moved.status_code == 200 and moved.json()["status"] == "hired"
    stuck = _post(client, move, {"status": "reviewing"}, employer)
    assert stuck.status_code == 409 and stuck.json()["code"] == "transition_not_allowed"


@pytest.mark.parametrize("extra", [0, 10])
def test_the_applicant_list_takes_constant_queries(
    client, opportunity, employer, vocabulary, extra, django_assert_num_queries
):
    for _n in range(extra + 1):
        apply_for(opportunity, make_profile(skills=[(vocabulary["python"], 2)]))
    headers = _auth(employer)
    url = f"/api/v1/opportunities/{opportunity.pk}/applications"
    client.get(url, **headers)
    with django_assert_num_queries(7):
        assert client.get(url, **headers).json()["count"] == extra + 1
    assert Application.objects.count() == extra + 1
