"""Staff pages: what needs attention, entering and reviewing values, the audit trail, import; who is refused."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from talentas.monitoring.models import IndicatorValue, ValueState
from talentas.monitoring.services import values

from .factories import IndicatorValueFactory, approved, period


def test_anonymous_people_are_sent_to_log_in(client, plan, indicators):
    for path in (
        reverse("monitoring:staff"),
        reverse("monitoring:indicator", kwargs={"pk": indicators["O1.1"].pk}),
        reverse("monitoring:audit", kwargs={"pk": indicators["O1.1"].pk}),
        reverse("monitoring:import", kwargs={"slug": plan.slug}),
        reverse("monitoring:budget", kwargs={"slug": plan.slug}),
        reverse("governance:meetings", kwargs={"slug": plan.slug}),
        reverse("monitoring:notifications"),
    ):
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], path


def test_outsiders_are_refused(client, plan, indicators, outsider):
    client.force_login(outsider)
    for path in (
        reverse("monitoring:staff"),
        reverse("monitoring:indicator", kwargs={"pk": indicators["O1.1"].pk}),
        reverse("monitoring:audit", kwargs={"pk": indicators["O1.1"].pk}),
        reverse("monitoring:import", kwargs={"slug": plan.slug}),
        reverse("monitoring:budget", kwargs={"slug": plan.slug}),
        reverse("governance:meetings", kwargs={"slug": plan.slug}),
    ):
        assert client.get(path).status_code == 403, path


def test_staff_dashboard_shows_my_departments_due_values(
    client, plan, indicators, owner, today, django_assert_max_num_queries
):
    client.force_login(owner)
    with django_assert_max_num_queries(40):
        page = client.get(reverse("monitoring:staff")).content.decode()
    assert "O1.1" in page and "overdue" in page  # 2026-Q1 was due on 1 May
    assert "O1.2" not in page.split("Values due and overdue")[1].split("</table>")[0]  # the Education Department's


def test_me_officer_sees_submissions_to_approve(client, indicators, owner, me_officer, today):
    values.save_value(user=owner, indicator=indicators["O1.1"], period=period("2026-Q1"), value="2", submit=True)
    client.force_login(me_officer)
    page = client.get(reverse("monitoring:staff")).content.decode()
    assert "Submissions to approve" in page and "Review O1.1 2026-Q1" in page


def test_staff_dashboard_query_count_is_constant(
    client, plan, indicators, owner, me_officer, today, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(me_officer)
    client.get(reverse("monitoring:staff"))  # warm the dashboard cache and the session
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("monitoring:staff"))
    for quarter in ("2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"):
        value = values.save_value(
            user=owner, indicator=indicators["O1.1"], period=period(quarter), value="2", submit=True
        )
        values.save_value(user=owner, indicator=indicators["R1"], period=period(quarter), value="2", submit=True)
        assert value.state == ValueState.SUBMITTED
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("monitoring:staff"))


def test_owner_enters_a_value_with_evidence_through_the_form(client, indicators, owner, today, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(owner)
    path = reverse("monitoring:indicator", kwargs={"pk": indicators["O1.1"].pk})
    assert "Enter a value" in client.get(path).content.decode()
    response = client.post(
        path,
        {
            "period": "2026-Q1",
            "value": "3",
            "comment": "Register",
            "submit_now": "on",
            "evidence": SimpleUploadedFile("list.pdf", b"%PDF-1.7 list"),
        },
    )
    assert response.status_code == 302
    value = IndicatorValue.objects.get()
    assert value.state == ValueState.SUBMITTED and value.evidence.name.endswith(".pdf")
    download = client.get(reverse("monitoring:value_evidence", kwargs={"pk": value.pk}))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_form_errors_keep_what_was_typed(client, indicators, owner, today):
    client.force_login(owner)
    path = reverse("monitoring:indicator", kwargs={"pk": indicators["O1.1"].pk})
    response = client.post(path, {"period": "2026-Q1", "value": "-4", "comment": "Typed carefully"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "The value cannot be negative." in page and "Typed carefully" in page
    response = client.post(path, {"period": "2026-Q1", "value": "4", "evidence": SimpleUploadedFile("x.exe", b"MZ")})
    assert "Evidence must be one of" in response.content.decode()
    response = client.post(path, {"period": "2031-Q1", "value": "4"})
    assert "Select a valid choice" in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_an_owner_of_another_department_sees_no_form_and_cannot_post(client, indicators, education_owner, today):
    client.force_login(education_owner)
    path = reverse("monitoring:indicator", kwargs={"pk": indicators["O1.1"].pk})
    assert "Enter a value" not in client.get(path).content.decode()
    assert client.post(path, {"period": "2026-Q1", "value": "3"}).status_code == 403


def test_review_page_approves_and_returns(client, indicators, owner, me_officer, today):
    first = values.save_value(
        user=owner, indicator=indicators["O1.1"], period=period("2026-Q1"), value="2", submit=True
    )
    second = values.save_value(user=owner, indicator=indicators["R1"], period=period("2026-Q1"), value="2", submit=True)
    client.force_login(me_officer)
    path = reverse("monitoring:value", kwargs={"pk": first.pk})
    assert "Approve and lock" in client.get(path).content.decode()
    assert client.post(path, {"decision": "approve"}).status_code == 302
    first.refresh_from_db()
    assert first.state == ValueState.APPROVED
    response = client.post(reverse("monitoring:value", kwargs={"pk": second.pk}), {"decision": "return", "comment": ""})
    assert "Say what needs to change." in response.content.decode()
    client.post(reverse("monitoring:value", kwargs={"pk": second.pk}), {"decision": "return", "comment": "Source?"})
    second.refresh_from_db()
    assert second.state == ValueState.RETURNED


def test_owner_cannot_review_and_outsider_cannot_see_a_draft(client, indicators, owner, outsider, today):
    value = values.save_value(
        user=owner, indicator=indicators["O1.1"], period=period("2026-Q1"), value="2", submit=True
    )
    client.force_login(owner)
    path = reverse("monitoring:value", kwargs={"pk": value.pk})
    assert "Approve and lock" not in client.get(path).content.decode()
    assert client.post(path, {"decision": "approve"}).status_code == 403
    client.force_login(outsider)
    assert client.get(path).status_code == 403


def test_audit_trail_page(client, indicators, owner, me_officer, today, django_assert_max_num_queries):
    value = values.save_value(user=owner, indicator=indicators["O1.1"], period=period("2026-Q1"), value="2")
    values.save_value(user=owner, indicator=indicators["O1.1"], period=period("2026-Q1"), value="3", submit=True)
    values.approve_value(user=me_officer, value=value)
    client.force_login(me_officer)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("monitoring:audit", kwargs={"pk": indicators["O1.1"].pk})).content.decode()
    for text in ("Entered", "Changed", "Submitted", "Approved", "2.00", "3.00", str(owner), str(me_officer)):
        assert text in page


def _xlsx(rows):
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_import_keeps_good_rows_and_reports_bad_ones_by_line(client, plan, indicators, owner, today, kind):
    rows = [
        ["indicator", "period", "value", "comment"],
        ["O1.1", "2025-Q1", "1", "first"],
        ["O1.1", "2025-Q2", "abc", ""],
        ["XX", "2025-Q2", "1", ""],
        ["O1.2", "2025-Q3", "5", ""],  # the Education Department's
        ["R1", "2029-Q9", "1", ""],
        ["R1", "2025", "4,5", "a year"],
    ]
    content = "\n".join(";".join(row) for row in rows).encode() if kind == "csv" else _xlsx(rows)
    client.force_login(owner)
    response = client.post(
        reverse("monitoring:import", kwargs={"slug": plan.slug}),
        {"file": SimpleUploadedFile(f"values.{kind}", content)},
    )
    page = response.content.decode()
    assert "2 rows saved." in page and "4 rows refused." in page
    assert "“abc” is not a number." in page
    assert "The plan has no indicator “XX”." in page
    assert "Only the" in page  # the department's right, per row
    assert "“2029-Q9” is not a period" in page
    for line in (3, 4, 5, 6):
        assert re.search(rf'<th scope="row"[^>]*>{line}</th>', page)  # the data table adds its ARIA role
    saved = IndicatorValue.objects.order_by("pk")
    assert [(v.indicator.code, v.period.code, str(v.value), v.state, v.source) for v in saved] == [
        ("O1.1", "2025-Q1", "1.00", "submitted", "import"),
        ("R1", "2025", "4.50", "submitted", "import"),
    ]


def test_import_refuses_an_unreadable_file(client, plan, owner):
    client.force_login(owner)
    path = reverse("monitoring:import", kwargs={"slug": plan.slug})
    for name, content, message in [
        ("values.txt", b"x", "Upload a .csv or .xlsx file."),
        ("values.xlsx", b"not a zip", "not a readable XLSX"),
        ("values.csv", b"code;value\nO1.1;1", "missing: indicator, period"),
        ("values.csv", "indicator,period,value\n".encode("utf-16"), "UTF-8"),
    ]:
        page = client.post(path, {"file": SimpleUploadedFile(name, content)}).content.decode()
        assert message in page, name


def test_a_returned_value_is_on_the_owners_notices_page(client, indicators, owner, me_officer, today):
    value = values.save_value(
        user=owner, indicator=indicators["O1.1"], period=period("2026-Q1"), value="2", submit=True
    )
    values.return_value(user=me_officer, value=value, comment="Attach the list")
    note = owner.notices.get()
    assert note.key.startswith("monitoring.returned:")
    client.force_login(owner)
    # The old address (in earlier e-mails and bookmarks) leads to the platform's Notices page.
    response = client.get(reverse("monitoring:notifications"), follow=True)
    assert response.redirect_chain == [(reverse("notices:list"), 302)]
    assert "Attach the list" in response.content.decode()


def test_indicator_page_lists_revisions(client, indicators, me_officer, today):
    approved(indicators["O1.1"], "2026-Q1", 2)
    IndicatorValueFactory(
        indicator=indicators["O1.1"], period=period("2026-Q1"), revision=2, value=3, state=ValueState.SUBMITTED
    )
    client.force_login(me_officer)
    page = client.get(reverse("monitoring:indicator", kwargs={"pk": indicators["O1.1"].pk})).content.decode()
    assert "2026-Q1, revision 2" in page and "correction" in page
    assert datetime.date.today()
