"""The calls API: public calls; the applicant organisation's members start, save and submit; everyone else 404."""

import datetime
import itertools
import json

import pytest
import time_machine
from django.utils import timezone

from talentas.accounts import services as account_services
from talentas.calls.models import Application

from .factories import CallFactory

pytestmark = pytest.mark.django_db
_numbers = itertools.count()


def _auth(user):
    _token, raw = account_services.create_api_token(user=user, name=f"test {next(_numbers)}")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}", "HTTP_ACCEPT_LANGUAGE": "en"}


def _send(client, method, url, body, user):
    return client.generic(method, url, json.dumps(body), content_type="application/json", **_auth(user))


def test_the_public_list_by_phase_and_language(client, django_assert_max_num_queries):
    open_call = CallFactory(title_en="Open grants", title_lt="Atviros dotacijos")
    CallFactory(
        opens_at=timezone.now() + datetime.timedelta(days=3), closes_at=timezone.now() + datetime.timedelta(days=9)
    )
    CallFactory(is_published=False)
    with django_assert_max_num_queries(3):
        everything = client.get("/api/v1/calls").json()
    assert everything["count"] == 2
    opened = client.get("/api/v1/calls?phase=open&lang=lt").json()
    assert [(item["id"], item["title"], item["phase"]) for item in opened["items"]] == [
        (open_call.pk, "Atviros dotacijos", "open")
    ]
    detail = client.get(f"/api/v1/calls/{open_call.pk}?lang=en").json()
    assert detail["title"] == "Open grants" and detail["eligibility"]["max_company_age_years"] == 5
    assert detail["max_award_eur"] == "5000.00"


def test_an_unpublished_call_is_not_found(client):
    hidden = CallFactory(is_published=False)
    response = client.get(f"/api/v1/calls/{hidden.pk}")
    assert response.status_code == 404 and response.json()["code"] == "no_such_call"


def test_start_save_and_submit_then_409_on_a_second_submission(client, owner, member, organisation, call_form):
    call = CallFactory(form=call_form)
    url = f"/api/v1/calls/{call.pk}/applications"
    created = _send(client, "POST", url, {"organisation": organisation.slug}, owner)
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == "draft" and body["editable"]
    assert [gap["field"] for gap in body["missing"]] == [
        "project_title", "summary", "requested_eur", "founded_on", "answers-team_story",
    ]  # fmt: skip
    again = _send(client, "POST", url, {"organisation": organisation.slug}, member)
    assert again.status_code == 409 and again.json()["code"] == "already_applied"
    listed = client.get(url, **_auth(member)).json()
    assert [item["id"] for item in listed["items"]] == [body["id"]]

    app_url = f"/api/v1/applications/{body['id']}"
    bad = _send(client, "PUT", app_url, {"answers": {"own_money": "lots"}}, member)
    assert bad.status_code == 400 and bad.json()["field"] == "own_money"
    draft = {
        "project_title": "Drone mapping",
        "summary": "Maps of Alytus farms.",
        "requested_eur": "4500.00",
        "registered_in_city": True,
        "founded_on": str(timezone.localdate() - datetime.timedelta(days=300)),
        "answers": {"team_story": "Two engineers from Alytus."},
    }
    saved = _send(client, "PUT", app_url, draft, member)
    assert saved.status_code == 200, saved.json()
    assert saved.json()["missing"] == [] and saved.json()["answers"]["team_story"] == "Two engineers from Alytus."
    submitted = _send(client, "POST", f"{app_url}/submit", {}, owner)
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    twice = _send(client, "POST", f"{app_url}/submit", {}, owner)
    assert twice.status_code == 409 and twice.json()["code"] == "already_submitted"
    locked = _send(client, "PUT", app_url, {"project_title": "Changed"}, owner)
    assert locked.status_code == 409 and locked.json()["code"] == "not_editable"
    assert Application.objects.get(pk=body["id"]).response.status == "submitted"


def test_incomplete_and_late_submissions_are_refused_and_the_draft_kept(client, owner, organisation):
    call = CallFactory()
    body = _send(client, "POST", f"/api/v1/calls/{call.pk}/applications", {"organisation": organisation.slug}, owner)
    app_url = f"/api/v1/applications/{body.json()['id']}"
    incomplete = _send(client, "POST", f"{app_url}/submit", {}, owner)
    assert incomplete.status_code == 400 and incomplete.json()["code"] == "incomplete"
    assert len(incomplete.json()["errors"]) == 4
    _send(client, "PUT", app_url, {"project_title": "Late project", "summary": "S", "requested_eur": "100",
                                   "founded_on": "2025-01-01"}, owner)  # fmt: skip
    with time_machine.travel(call.closes_at + datetime.timedelta(minutes=1), tick=False):
        late = _send(client, "POST", f"{app_url}/submit", {}, owner)
    assert late.status_code == 409 and late.json()["code"] == "deadline_passed"
    kept = client.get(app_url, **_auth(owner)).json()
    assert kept["status"] == "draft" and kept["project_title"] == "Late project"


def test_other_people_get_404_or_403(client, owner, organisation, outsider, plan_manager):
    call = CallFactory()
    url = f"/api/v1/calls/{call.pk}/applications"
    refused = _send(client, "POST", url, {"organisation": organisation.slug}, outsider)
    assert refused.status_code == 403 and refused.json()["code"] == "not_a_member"
    application_id = _send(client, "POST", url, {"organisation": organisation.slug}, owner).json()["id"]
    app_url = f"/api/v1/applications/{application_id}"
    for person in (outsider, plan_manager):
        assert client.get(app_url, **_auth(person)).status_code == 404
        assert _send(client, "PUT", app_url, {"project_title": "Mine now"}, person).status_code == 404
        assert _send(client, "POST", f"{app_url}/submit", {}, person).status_code == 404
        assert client.get(url, **_auth(person)).json()["items"] == []
    assert client.get(app_url).status_code == 401


def test_the_schema_documents_the_answers(client):
    document = client.get("/api/v1/openapi.json").json()
    submit = document["paths"]["/api/v1/applications/{pk}/submit"]["post"]
    assert {"200", "400", "401", "404", "409"} <= set(submit["responses"])
    schema = document["components"]["schemas"]["CallApplicationOut"]
    assert {"status", "missing", "answers", "editable"} <= set(schema["properties"])
