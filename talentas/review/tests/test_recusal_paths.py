"""A recused reviewer can never open the application: not on its pages, not in the lists or their search, not in
the CSV or XLSX downloads, not through the API, whether the conflict was declared on the application or up front on
its organisation. Each path is checked against a colleague who still sees it, so that
no assertion passes for want of the row."""

import io
import itertools
import json

import pytest
from django.core.files.base import ContentFile
from openpyxl import load_workbook

from talentas.accounts import services as account_services
from talentas.accounts.models import Role
from talentas.accounts.tests.factories import RoleAssignmentFactory
from talentas.calls.models import ApplicationFile
from talentas.review import services

pytestmark = pytest.mark.django_db
_numbers = itertools.count()
NAME = "Sėkla Labs"


def _auth(user):
    _token, raw = account_services.create_api_token(user=user, name=f"test {next(_numbers)}")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}", "HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(params=["application", "organisation"])
def declare_conflict(request):
    """A conflict declared on the application itself, or up front on the whole applicant organisation."""

    def declare(person, assignment, reason):
        if request.param == "application":
            services.declare(user=person, assignment_id=assignment.pk, has_conflict=True, reason=reason)
        else:
            organisation_id = assignment.application.organisation_id
            services.declare_for_organisation(
                user=person, organisation_id=organisation_id, has_conflict=True, reason=reason
            )

    return declare


@pytest.fixture
def recused_staff(plan_manager, application, declare_conflict):
    """A second plan manager, assigned as a reviewer, who declared a conflict."""
    person = RoleAssignmentFactory(role=Role.PLAN_MANAGER).user
    assignment = services.assign_reviewer(
        actor=plan_manager, application_id=application.pk, reviewer=person, role="staff"
    )
    declare_conflict(person, assignment, "I advise them.")
    person.recused_assignment = assignment
    return person


@pytest.fixture
def recused_expert(plan_manager, application, reviewer, declare_conflict):
    assignment = services.assign_reviewer(
        actor=plan_manager, application_id=application.pk, reviewer=reviewer, role="expert"
    )
    declare_conflict(reviewer, assignment, "Former colleague.")
    reviewer.recused_assignment = assignment
    return reviewer


def _text(response) -> str:
    return response.content.decode("utf-8-sig")


def _xlsx(response) -> str:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None)


def test_pages(client, plan_manager, application, recused_staff, recused_expert):
    file = ApplicationFile.objects.create(application=application, name="pitch.pdf", size=3)
    file.file.save("pitch.pdf", ContentFile(b"pdf"))
    pages = [
        f"/en/review/staff/applications/{application.pk}/",
        f"/en/calls/staff/applications/{application.pk}/",
        f"/en/calls/applications/{application.pk}/files/{file.pk}/",
    ]
    client.force_login(plan_manager)
    assert [client.get(url).status_code for url in pages] == [200, 200, 200]
    client.force_login(recused_staff)
    assert [client.get(url).status_code for url in pages] == [404, 404, 404]
    client.force_login(recused_expert)
    url = f"/en/review/assignments/{recused_expert.recused_assignment.pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "submit"}).status_code == 404


def test_lists_and_search(client, plan_manager, application, recused_staff, recused_expert):
    lists = [
        "/en/calls/staff/applications/",
        f"/en/calls/staff/applications/?q={NAME[:5]}",
        f"/en/review/staff/calls/{application.call_id}/",
        f"/en/review/staff/calls/{application.call_id}/?q=Seed",
        f"/en/review/staff/calls/{application.call_id}/ranking/",
    ]
    client.force_login(plan_manager)
    assert all(NAME in _text(client.get(url)) for url in lists)
    client.force_login(recused_staff)
    for url in lists:
        response = client.get(url)
        assert response.status_code == 200 and NAME not in _text(response), url
    client.force_login(recused_expert)
    for url in ("/en/review/", "/en/review/?q=Seed"):
        response = client.get(url)
        assert response.status_code == 200 and "Seed sensors" not in _text(response)


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_exports(client, plan_manager, application, recused_staff, export):
    read = _text if export == "csv" else _xlsx
    downloads = [
        f"/en/calls/staff/applications/?export={export}",
        f"/en/review/staff/calls/{application.call_id}/?export={export}",
        f"/en/review/staff/calls/{application.call_id}/ranking/?export={export}",
    ]
    client.force_login(plan_manager)
    assert all(NAME in read(client.get(url)) for url in downloads)
    client.force_login(recused_staff)
    for url in downloads:
        response = client.get(url)
        assert response.status_code == 200 and NAME not in read(response), url


def test_api(client, plan_manager, application, reviewer, recused_staff):
    colleague_assignment = services.assign_reviewer(
        actor=plan_manager, application_id=application.pk, reviewer=reviewer, role="expert"
    )
    services.declare(user=reviewer, assignment_id=colleague_assignment.pk, has_conflict=False)
    mine = client.get("/api/v1/reviews/mine", **_auth(reviewer)).json()
    assert [item["application"]["organisation"] for item in mine["items"]] == [NAME]

    assert client.get("/api/v1/reviews/mine", **_auth(recused_staff)).json()["items"] == []
    body = json.dumps({"scores": {}, "comments": "x"})
    for pk in (recused_staff.recused_assignment.pk, colleague_assignment.pk):
        response = client.put(f"/api/v1/reviews/{pk}", body, content_type="application/json", **_auth(recused_staff))
        assert response.status_code == 404 and response.json()["code"] == "no_such_assignment"
    # the applicant API stays the applicant organisation's
    assert client.get(f"/api/v1/applications/{application.pk}", **_auth(recused_staff)).status_code == 404


def test_a_recused_bulk_action_never_touches_the_application(client, plan_manager, application, recused_staff):
    client.force_login(recused_staff)
    response = client.post(
        f"/en/review/staff/calls/{application.call_id}/",
        {"action": "message", "scope": "all", "filter": "", "message": "Hello"},
    )
    assert response.status_code == 302
    assert not application.messages.exists()
