"""Errors reach people one way: services validate through `validate()`, forms show a service's refusal with
`add_to_form`, and any other DomainError that escapes a view is the error page with its own status."""

import pytest
from django import forms
from django.http import QueryDict
from django.test import RequestFactory

from talentas.accounts.models import User
from talentas.accounts.tests.factories import UserFactory
from talentas.core.errors import Conflict, DomainError, NotFound, PermissionDenied, add_to_form, validate
from talentas.core.forms import object_id
from talentas.core.middleware import DomainErrorMiddleware


def test_validate_names_the_first_bad_field_and_keeps_them_all(db):
    person = User(email="not an address", full_name="x" * 1000)
    with pytest.raises(DomainError) as caught:
        validate(person, exclude=["password"])
    assert caught.value.status_code == 400
    assert {problem["field"] for problem in caught.value.errors} == {"email", "full_name"}
    assert caught.value.field in {"email", "full_name"}
    assert {problem["code"] for problem in caught.value.errors} == {"invalid", "max_length"}


class NameForm(forms.Form):
    name = forms.CharField()


def test_add_to_form_puts_each_problem_on_its_field_or_on_top():
    form = NameForm({"name": "Ona"})
    assert form.is_valid()
    error = DomainError(
        "Two problems.",
        errors=[
            {"field": "name", "message": "Taken.", "code": "taken"},
            {"field": "elsewhere", "message": "Not now.", "code": "closed"},
        ],
    )
    add_to_form(form, error)
    assert form.errors["name"] == ["Taken."]
    assert form.non_field_errors() == ["Not now."]


@pytest.mark.parametrize(
    ("error", "status"),
    [(DomainError("Bad."), 400), (PermissionDenied("No."), 403), (NotFound("Gone."), 404), (Conflict("Full."), 409)],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_an_escaping_domain_error_is_the_error_page_with_its_status(db, error, status, htmx):
    request = RequestFactory().get("/en/")
    request.user = UserFactory.build()
    request.htmx = htmx
    response = DomainErrorMiddleware(lambda request: None).process_exception(request, error)
    assert response.status_code == status
    assert str(error.message) in response.content.decode()
    assert ("<h1>" in response.content.decode()) is not htmx  # htmx swaps in only the message


def test_other_exceptions_are_left_to_django():
    request = RequestFactory().get("/en/")
    assert DomainErrorMiddleware(lambda request: None).process_exception(request, ValueError("bug")) is None


@pytest.mark.parametrize("raw", ["²", "abc", "", "-1", "0", "1.5", "99999999999999999999"])
def test_object_id_refuses_anything_but_a_database_id(raw):
    with pytest.raises(DomainError) as caught:
        object_id(QueryDict(f"id={raw}"))
    assert (caught.value.field, caught.value.code) == ("id", "invalid_id")


def test_object_id_reads_a_good_one():
    assert object_id(QueryDict("id=42")) == 42


def test_a_bad_id_in_a_query_is_a_400(client, db):
    client.force_login(UserFactory())
    assert client.get("/en/talent/skills/row/", {"id": "abc"}).status_code == 400


def test_a_nul_byte_in_a_form_is_refused_on_its_field(client, db):
    client.force_login(UserFactory())
    response = client.post("/en/account/", {"full_name": "Ona\x00", "preferred_language": "en"})
    assert response.status_code == 400
    assert "full_name" in response.context["profile_form"].errors


@pytest.mark.parametrize("raw", ["abc", "", "²"])
def test_object_id_names_the_field_it_read(raw):
    """Staff forms post ids under their own names (`instalment`, `member`, ...): the refusal names that field."""
    with pytest.raises(DomainError) as caught:
        object_id(QueryDict(f"instalment={raw}"), "instalment")
    assert (caught.value.field, caught.value.code) == ("instalment", "invalid_id")
    assert object_id(QueryDict("instalment=7"), "instalment") == 7
