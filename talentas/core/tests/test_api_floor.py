"""The API's floor (core/api.py): token auth, the one error format, bounded pagination, the OpenAPI answers."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.test import Client
from ninja import Router
from ninja.testing import TestClient

from talentas.accounts import services as account_services
from talentas.accounts.tests.factories import UserFactory
from talentas.api.urls import api
from talentas.core.api import MAX_LIMIT, ApiWithOneErrorFormat, InputSchema
from talentas.core.errors import Conflict, PermissionDenied

# A scratch API on the same floor, with one endpoint per kind of failure the error net must answer.
scratch = Router()


class TextIn(InputSchema):
    text: str
    tags: list[str] = []


@scratch.post("/text")
def echo(request, payload: TextIn):
    return {"text": payload.text}


FAILURES = {
    "forbidden": PermissionDenied("Not yours.", code="not_yours"),
    "conflict": Conflict("Taken.", field="slug", code="slug_taken"),
    "model": ValidationError({"title": ValidationError("Too long.", code="max_length")}),
    "integrity": IntegrityError("UNIQUE constraint failed"),
    "missing": Http404("Gone."),
}


@scratch.get("/fail/{kind}")
def fail(request, kind: str):
    raise FAILURES[kind]


scratch_api = ApiWithOneErrorFormat(urls_namespace="scratch")
scratch_api.add_router("/", scratch)
scratch_client = TestClient(scratch_api)


@pytest.mark.parametrize(
    ("kind", "status", "field", "code"),
    [
        ("forbidden", 403, None, "not_yours"),
        ("conflict", 409, "slug", "slug_taken"),
        ("model", 422, "title", "max_length"),
        ("integrity", 409, None, "conflict"),
        ("missing", 404, None, "not_found"),
    ],
)
def test_every_failure_answers_the_one_format_with_its_status(kind, status, field, code):
    response = scratch_client.get(f"/fail/{kind}")
    assert response.status_code == status
    body = response.json()
    assert (body["field"], body["code"]) == (field, code)
    assert body["detail"]


@pytest.mark.parametrize(
    ("payload", "field", "code"),
    [
        ({}, "text", "missing"),
        ({"text": "nul \x00 byte"}, "text", "nul_in_text"),
        ({"text": "ok", "tags": ["fine", "nul\x00"]}, "tags", "nul_in_text"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(payload, field, code):
    response = scratch_client.post("/text", json=payload)
    assert response.status_code == 422
    assert (response.json()["field"], response.json()["code"]) == (field, code)


def test_a_body_that_is_not_json_is_a_400(client):
    response = scratch_client.post("/text", data=b"{", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"


# ------------------------------------------------------------------------------------ authentication


def test_a_bad_token_is_401_not_a_csrf_refusal(client, db):
    for headers in ({"Authorization": "Bearer tal_nope"}, {}):
        response = client.get("/api/v1/me", headers=headers)
        assert response.status_code == 401
        assert response.json()["code"] == "unauthenticated"
    # a POST, where the session check behind the token would refuse with 403 "CSRF check failed"
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/api/v1/events/1/registrations", headers={"Authorization": "Bearer tal_nope"})
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_a_post_with_no_token_and_no_session_is_401_not_a_csrf_refusal(db):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/api/v1/events/1/registrations", data={}, content_type="application/json")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_a_signed_in_session_still_needs_its_csrf_token_to_post(db):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(UserFactory())
    response = strict.post("/api/v1/events/1/registrations", data={}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "bad_request"


def test_a_good_token_still_works(client, db):
    raw = account_services.create_api_token(user=UserFactory(), name="floor")[1]
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 200


# ---------------------------------------------------------------------------------------- pagination


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=1000000", "limit"),
        ("limit=101", "limit"),
        ("limit=0", "limit"),
        ("offset=9223372036854775808", "offset"),
        ("offset=1000001", "offset"),
        ("offset=-1", "offset"),
    ],
)
def test_pagination_out_of_bounds_is_a_422_naming_the_parameter(client, db, query, field):
    response = client.get(f"/api/v1/events?{query}")
    assert response.status_code == 422
    assert response.json()["field"] == field


def test_pagination_within_bounds_answers(client, db):
    assert client.get("/api/v1/events?limit=100&offset=1000000").status_code == 200


# ------------------------------------------------------------------------------------------- OpenAPI


@pytest.fixture(scope="module")
def document():
    return api.get_openapi_schema()


def _operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


def test_every_operation_documents_its_400_401_and_422(document):
    for name, operation in _operations(document):
        responses = {str(status) for status in operation["responses"]}
        if operation.get("security"):
            assert "401" in responses, name
        if operation.get("parameters") or operation.get("requestBody"):
            assert "422" in responses, name
        if operation.get("requestBody"):  # a body that is not JSON
            assert "400" in responses, name


def test_errors_documented_with_the_one_schema(document):
    error = document["components"]["schemas"]["ErrorOut"]
    assert {"detail", "field", "code", "errors"} <= set(error["properties"])
    for _name, operation in _operations(document):
        for status, response in operation["responses"].items():
            if str(status)[0] == "4":
                assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorOut"}


def test_limit_shows_its_bounds_everywhere(document):
    limits = [
        parameter["schema"]
        for _name, operation in _operations(document)
        for parameter in operation.get("parameters", [])
        if parameter["name"] in ("limit", "offset")
    ]
    assert len(limits) >= 4
    for schema in limits:
        assert "maximum" in schema and "minimum" in schema


def test_enum_fields_list_their_values(document):
    schemas = document["components"]["schemas"]

    def values(schema_name, field):
        prop = schemas[schema_name]["properties"][field]
        options = prop.get("anyOf") or prop.get("allOf") or [prop]
        found = set()
        for option in options:
            target = schemas[option["$ref"].rsplit("/", 1)[1]] if "$ref" in option else option
            found |= set(target.get("enum", [])) | ({target["const"]} if "const" in target else set())
        return found

    assert "return-migrant" in values("TalentIn", "kind")
    assert {"lives-here", ""} <= values("TalentIn", "mobility")
    assert {"job", "internship"} <= values("OpportunityIn", "kind")
    assert {"on-site", "remote"} <= values("OpportunityIn", "workplace")
    assert {"open", "suspended"} <= values("OpportunityOut", "status")
    assert {"scheduled", "cancelled"} <= values("EventOut", "status")
    assert schemas["Status"]["enum"][0] == "no_target"  # monitoring's own Status, not overwritten by these


# ------------------------------------------------------------------------- one limit rule everywhere


def _operations_with(parameter: str) -> list[tuple[str, str]]:
    document = api.get_openapi_schema()
    return [
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if any(p["name"] == parameter and p["in"] == "query" for p in operation.get("parameters", []))
    ]


LIMITED = _operations_with("limit")


def test_the_lists_with_a_limit_are_all_found():
    assert {path for _method, path in LIMITED} >= {
        "/api/v1/events",
        "/api/v1/talents/me/matches",
        "/api/v1/opportunities/{pk}/matches",
    }


@pytest.mark.parametrize(("method", "path"), LIMITED, ids=[f"{m} {p}" for m, p in LIMITED])
def test_every_limit_is_1_to_100_and_above_is_the_same_422(client, db, document, method, path):
    (schema,) = [p["schema"] for p in document["paths"][path][method.lower()]["parameters"] if p["name"] == "limit"]
    assert (schema["minimum"], schema["maximum"]) == (1, MAX_LIMIT)
    raw = account_services.create_api_token(user=UserFactory(), name="limits")[1]
    url = re.sub(r"\{[^}]+\}", "1", path)
    headers = {"Authorization": f"Bearer {raw}"}
    answers = {limit: client.generic(method, f"{url}?limit={limit}", headers=headers) for limit in (0, 101, 100)}
    for limit in (0, 101):
        assert answers[limit].status_code == 422, limit
        assert answers[limit].json()["field"] == "limit"
    assert answers[101].json()["code"] == "less_than_equal"
    assert answers[100].status_code != 422  # within bounds the operation itself answers (200, or 404 here)
