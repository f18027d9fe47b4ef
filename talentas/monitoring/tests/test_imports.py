"""Issue 10, defect 5: spreadsheet imports are bounded (5,000 rows), read XLSX as a stream, and run in the task
queue beyond a few hundred rows, with progress the uploader sees on a page that polls it."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from talentas.core.errors import DomainError, PermissionDenied
from talentas.monitoring.models import IndicatorValue, ValueImport
from talentas.monitoring.services import importing

from .test_staff_pages import _xlsx

HEADER = ["indicator", "period", "value", "comment"]
PERIODS = ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]


def csv_of(count: int) -> bytes:
    """`count` rows: the first five save O1.1's quarters, the rest repeat a quarter already submitted (refused)."""
    rows = [",".join(HEADER)] + [f"O1.1,{PERIODS[min(n, 4)]},{n},row {n}" for n in range(count)]
    return "\n".join(rows).encode()


def test_a_file_over_the_limit_is_refused_naming_the_limit(client, plan, owner, today):
    with pytest.raises(DomainError) as refused:
        importing.start_import(user=owner, plan=plan, content=csv_of(5001), filename="values.csv")
    assert (refused.value.field, refused.value.code) == ("file", "too_many_rows")
    client.force_login(owner)
    page = client.post(
        reverse("monitoring:import", kwargs={"slug": plan.slug}),
        {"file": SimpleUploadedFile("values.csv", csv_of(5001))},
    ).content.decode()
    assert "5,000" in page
    assert not IndicatorValue.objects.exists() and not ValueImport.objects.exists()


def test_exactly_the_limit_is_accepted(plan, owner, today, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(importing, "MAX_ROWS", 30)  # the same rule on a smaller file
    monkeypatch.setattr(importing, "QUEUE_FROM_ROWS", 10)
    with django_capture_on_commit_callbacks(execute=True):
        record = importing.start_import(user=owner, plan=plan, content=csv_of(30), filename="values.csv")
    record.refresh_from_db()
    assert (record.state, record.total_rows, record.processed_rows, record.saved_rows) == ("done", 30, 30, 5)
    with pytest.raises(DomainError) as refused:
        importing.start_import(user=owner, plan=plan, content=csv_of(31), filename="values.csv")
    assert refused.value.code == "too_many_rows"


def test_xlsx_is_read_as_a_stream_and_stops_past_the_limit(plan, owner, today, monkeypatch):
    import openpyxl

    opened = []
    original = openpyxl.load_workbook

    def spy(*args, **kwargs):
        opened.append(kwargs)
        return original(*args, **kwargs)

    monkeypatch.setattr(openpyxl, "load_workbook", spy)
    monkeypatch.setattr(importing, "MAX_ROWS", 30)
    content = _xlsx([HEADER] + [["O1.1", "2025-Q1", 1, ""]] * 100)
    with pytest.raises(DomainError) as refused:
        importing.start_import(user=owner, plan=plan, content=content, filename="values.xlsx")
    assert refused.value.code == "too_many_rows"
    assert opened == [{"read_only": True, "data_only": True}]


def test_a_small_file_is_imported_at_once(plan, owner, today):
    record = importing.start_import(user=owner, plan=plan, content=csv_of(3), filename="values.csv")
    assert (record.state, record.saved_rows, record.refused_rows, record.file.name) == ("done", 3, 0, "")


def test_a_large_file_is_imported_in_the_task_queue_with_progress(
    client, plan, owner, today, django_capture_on_commit_callbacks
):
    count = importing.QUEUE_FROM_ROWS + 50
    with django_capture_on_commit_callbacks(execute=False) as queued:
        record = importing.start_import(user=owner, plan=plan, content=csv_of(count), filename="values.csv")
    assert (record.state, record.total_rows, record.processed_rows) == ("queued", count, 0)
    assert not IndicatorValue.objects.exists() and record.file.name  # nothing yet; the file waits for the worker
    client.force_login(owner)
    progress = reverse("monitoring:import_progress", kwargs={"pk": record.pk})
    panel = client.get(progress, HTTP_HX_REQUEST="true").content.decode()
    assert f'hx-get="{progress}"' in panel and "0 of 250 rows imported." in panel and "<html" not in panel
    for callback in queued:  # the worker takes it (the test queue runs tasks at once)
        callback()
    record.refresh_from_db()
    assert (record.state, record.processed_rows, record.saved_rows, record.refusals.count()) == (
        "done",
        count,
        5,
        count - 5,
    )
    assert record.refusals.first().line == 7 and not record.file  # line 7 repeats a submitted quarter; the file is gone
    panel = client.get(progress, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-get" not in panel and "5 rows saved." in panel and f"{count - 5} rows refused." in panel
    assert "5 rows saved." in client.get(progress).content.decode()  # the whole page too, for a reload


def test_a_repeated_task_does_nothing(plan, owner, today, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record = importing.start_import(
            user=owner, plan=plan, content=csv_of(importing.QUEUE_FROM_ROWS + 1), filename="values.csv"
        )
    again = importing.run_import(import_id=record.pk)
    assert (again.state, again.saved_rows) == ("done", 5)
    assert IndicatorValue.objects.count() == 5


def test_a_queued_import_whose_uploader_is_gone_fails_visibly(plan, owner, today, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        record = importing.start_import(
            user=owner, plan=plan, content=csv_of(importing.QUEUE_FROM_ROWS + 1), filename="values.csv"
        )
    owner.delete()
    for callback in queued:
        callback()
    record.refresh_from_db()
    assert record.state == "failed" and record.error and not record.file


def test_only_the_uploader_and_the_me_team_see_an_import(
    client, plan, owner, education_owner, me_officer, outsider, today
):
    record = importing.start_import(user=owner, plan=plan, content=csv_of(1), filename="values.csv")
    progress = reverse("monitoring:import_progress", kwargs={"pk": record.pk})
    for who, status in ((owner, 200), (me_officer, 200), (education_owner, 403), (outsider, 403)):
        client.force_login(who)
        assert client.get(progress).status_code == status, who
    client.logout()
    assert client.get(progress).status_code == 302  # to the login page
    client.force_login(owner)
    assert client.get(reverse("monitoring:import_progress", kwargs={"pk": 999999})).status_code == 404


def test_people_who_may_not_import_are_refused_with_a_code(plan, outsider):
    with pytest.raises(PermissionDenied) as refused:
        importing.start_import(user=outsider, plan=plan, content=csv_of(1), filename="values.csv")
    assert refused.value.code == "import_forbidden"


class WorkerKilled(BaseException):
    """What a SIGKILL looks like from inside the task: nothing after it runs, no `except Exception` sees it."""


def test_an_import_whose_worker_died_goes_on_from_its_first_unprocessed_row(
    plan, owner, today, monkeypatch, django_capture_on_commit_callbacks
):
    count = importing.QUEUE_FROM_ROWS + 40
    with django_capture_on_commit_callbacks(execute=False) as queued:
        record = importing.start_import(user=owner, plan=plan, content=csv_of(count), filename="values.csv")
    real_save_value, calls = importing.save_value, []

    def dies_at_the_thirtieth_row(**kwargs):
        calls.append(kwargs)
        if len(calls) == 30:
            raise WorkerKilled
        return real_save_value(**kwargs)

    monkeypatch.setattr(importing, "save_value", dies_at_the_thirtieth_row)
    with pytest.raises(WorkerKilled):
        for callback in queued:
            callback()
    record.refresh_from_db()
    assert (record.state, record.processed_rows, record.saved_rows, record.refusals.count()) == ("running", 29, 5, 24)
    assert importing.resume_stalled_imports() == 0  # still fresh: its worker might be alive
    monkeypatch.setattr(importing, "save_value", real_save_value)
    later = timezone.now() + importing.STALLED_AFTER + datetime.timedelta(seconds=1)
    assert importing.resume_stalled_imports(now=later) == 1  # the test queue runs the task at once
    record.refresh_from_db()
    assert (record.state, record.processed_rows, record.saved_rows, record.refusals.count()) == (
        "done",
        count,
        5,
        count - 5,
    )
    assert list(record.refusals.values_list("line", flat=True)) == list(range(7, count + 2))  # each line once
    assert IndicatorValue.objects.count() == 5 and not record.file
    assert importing.resume_stalled_imports(now=later + importing.STALLED_AFTER * 2) == 0  # done stays done
