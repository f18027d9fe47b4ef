"""The staff page of the audit log: platform administrators only, filters, pages, a CSV safe from formulas."""

import csv
import datetime
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from talentas.audit.models import AuditEntry
from talentas.audit.services import log_action

URL = "/en/audit/"
# The session, the user, the filters' verbs and object types, the count and the page, whatever the rows.
QUERIES = 7


def listed(response) -> list[AuditEntry]:
    """The entries on the shown page of the list."""
    return [row.record for row in response.context["listing"].table.page.object_list]


@pytest.fixture
def entries(platform_admin, plan_manager, organisation, owner):
    from talentas.organisations.models import Membership

    log_action(actor=plan_manager, verb="organisations.claim.approve", target=organisation)
    log_action(actor=platform_admin, verb="organisations.membership.remove", target=Membership.objects.get(user=owner))
    return AuditEntry.objects.all()


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


@pytest.mark.parametrize("person", ["owner", "member", "outsider", "plan_manager"])
def test_only_platform_administrators_read_it(client, request, person):
    client.force_login(request.getfixturevalue(person))
    response = client.get(URL)
    assert response.status_code == 403
    assert response.context["error"].code == "audit_forbidden"


def test_newest_first_with_labels(client, platform_admin, entries, organisation, django_assert_num_queries):
    client.force_login(platform_admin)
    client.get(URL)  # warm the session and content types
    with django_assert_num_queries(QUERIES):
        response = client.get(URL)
    assert response.status_code == 200
    assert [entry.verb for entry in listed(response)] == [
        "organisations.membership.remove",
        "organisations.claim.approve",
    ]
    for number in range(30):  # more entries, verbs and object types: the same queries
        log_action(
            actor=platform_admin, verb=f"test.verb{number}", target=platform_admin if number % 2 else organisation
        )
    with django_assert_num_queries(QUERIES):
        assert client.get(URL, {"sort": "verb"}).status_code == 200


def test_filters(client, platform_admin, plan_manager, entries, organisation):
    client.force_login(platform_admin)
    by_verb = listed(client.get(URL, {"verb": "organisations.claim.approve"}))
    assert [entry.actor_label for entry in by_verb] == [str(plan_manager)]
    by_actor = listed(client.get(URL, {"actor": "admin@example"}))
    assert [entry.verb for entry in by_actor] == ["organisations.membership.remove"]
    organisation_type = ContentType.objects.get_for_model(organisation)
    by_type = listed(client.get(URL, {"target_type": organisation_type.pk}))
    assert [entry.verb for entry in by_type] == ["organisations.claim.approve"]
    today = timezone.localdate()
    assert len(listed(client.get(URL, {"since": today.isoformat(), "until": today.isoformat()}))) == 2
    tomorrow = today + datetime.timedelta(days=1)
    assert len(listed(client.get(URL, {"since": tomorrow.isoformat()}))) == 0
    bad = client.get(URL, {"since": tomorrow.isoformat(), "until": today.isoformat()})
    assert bad.status_code == 400 and "until" in bad.context["listing"].filterset.form.errors


def test_pages_of_fifty(client, platform_admin, organisation):
    for number in range(55):
        log_action(actor=platform_admin, verb=f"test.verb{number % 3}", target=organisation)
    client.force_login(platform_admin)
    assert len(listed(client.get(URL))) == 50
    assert len(listed(client.get(URL, {"page": 2}))) == 5


def test_csv_export_neutralises_formulas(client, platform_admin, organisation):
    organisation.name = '=HYPERLINK("http://evil")'
    log_action(
        actor=platform_admin,
        verb="organisations.organisation.edit",
        target=organisation,
        changes={"name": ["-1", "+2"]},
    )
    client.force_login(platform_admin)
    response = client.get(URL, {"export": "csv", "verb": "organisations.organisation.edit"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    header, row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[0] == "When" and len(row) == len(header)
    assert row[4].startswith("'=HYPERLINK")
    assert row[5] == "name: -1 → +2"  # a cell starting with a letter stays as it is
    assert header[-1] == "Request id"  # in the download, though not on the page


def test_xlsx_export_of_the_filtered_list(client, platform_admin, entries):
    from openpyxl import load_workbook

    client.force_login(platform_admin)
    response = client.get(URL, {"export": "xlsx", "verb": "organisations.claim.approve"})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][2] == "organisations.claim.approve"


def test_admin_shows_entries_and_changes_nothing(client, entries):
    from talentas.accounts.tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    entry = entries.first()
    assert client.get("/en/admin/audit/auditentry/").status_code == 200
    assert client.get(f"/en/admin/audit/auditentry/{entry.pk}/change/").status_code == 200
    assert client.get("/en/admin/audit/auditentry/add/").status_code == 403
    assert client.post(f"/en/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
