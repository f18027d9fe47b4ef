"""Values imported from a spreadsheet. A file of at most `MAX_ROWS` rows is read as a stream (XLSX in openpyxl's
read-only mode); up to `QUEUE_FROM_ROWS` rows are imported at once, larger files in the task queue, with progress
kept on the import's record for the page that polls it."""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import itertools
from collections.abc import Iterator

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from talentas.accounts.permissions import AnyUser
from talentas.core.errors import DomainError, PermissionDenied

from .. import permissions
from ..models import ValueImport, ValueImportRefusal, ValueSource
from ..selectors import indicators as indicator_selectors
from .reporting_periods import reporting_period
from .values import acting_person, save_value

IMPORT_COLUMNS = ("indicator", "period", "value", "comment")
MAX_ROWS = 5000  # a year of every indicator's quarters many times over; a bigger file is a mistake
QUEUE_FROM_ROWS = 200  # above this an import would hold a web worker for seconds
# Queued or running with no row done for this long: its worker is gone (a row takes milliseconds).
STALLED_AFTER = datetime.timedelta(minutes=10)


def _cells(*, content: bytes, extension: str) -> Iterator[list[str]]:
    """The file's rows as lists of text, one at a time."""
    if extension == "xlsx":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            sheet = workbook.worksheets[0]
        except Exception:  # openpyxl raises many kinds of errors on a broken file
            raise DomainError(
                _("The file is not a readable XLSX workbook."), field="file", code="file_unreadable"
            ) from None
        try:
            for row in sheet.iter_rows(values_only=True):
                yield ["" if cell is None else str(cell) for cell in row]
        finally:
            workbook.close()
    elif extension == "csv":
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DomainError(_("Save the CSV file as UTF-8."), field="file", code="file_not_utf8") from None
        dialect: type[csv.Dialect] = csv.excel
        with contextlib.suppress(csv.Error):
            dialect = csv.Sniffer().sniff(text[: text.find("\n")] if "\n" in text else text, delimiters=",;\t")
        yield from csv.reader(io.StringIO(text), dialect)
    else:
        raise DomainError(_("Upload a .csv or .xlsx file."), field="file", code="file_type")


def _rows(*, content: bytes, filename: str) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) pairs of a CSV or XLSX file whose first row names the columns. Reading stops at the
    first row past `MAX_ROWS`: such a file is refused (DomainError code "too_many_rows") without reading the rest."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    lines = _cells(content=content, extension=extension)
    first = next(lines, None)
    if first is None:
        raise DomainError(_("The file is empty."), field="file", code="file_empty")
    header = [cell.strip().lower() for cell in first]
    missing = [column for column in IMPORT_COLUMNS[:3] if column not in header]
    if missing:
        raise DomainError(
            _(
                "The first row must name the columns indicator, period, value (and optionally comment); "
                "missing: %(missing)s."
            )
            % {"missing": ", ".join(missing)},
            field="file",
            code="columns_missing",
        )
    rows = []
    for number, cells in enumerate(itertools.islice(lines, MAX_ROWS + 1), start=2):
        if not any(str(cell).strip() for cell in cells):
            continue
        if number > MAX_ROWS + 1:
            raise DomainError(
                _("A spreadsheet may have at most %(limit)s rows of values; split this one into several files.")
                % {"limit": f"{MAX_ROWS:,}"},
                field="file",
                code="too_many_rows",
            )
        rows.append((number, {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}))
    return rows


@transaction.atomic
def start_import(
    *, user: AnyUser, plan, content: bytes, filename: str, today: datetime.date | None = None
) -> ValueImport:
    """Check and count a spreadsheet's rows, then import them: at once when there are at most `QUEUE_FROM_ROWS`,
    else in the task queue (the record's state and progress tell how far it is). Raises PermissionDenied, or
    DomainError (field "file") when the file cannot be read or has more than `MAX_ROWS` rows."""
    if not permissions.can_import_values(user):
        raise PermissionDenied(_("You may not import indicator values."), code="import_forbidden")
    rows = _rows(content=content, filename=filename)
    record = ValueImport(plan=plan, requested_by=acting_person(user), filename=filename[:200], total_rows=len(rows))
    if len(rows) <= QUEUE_FROM_ROWS:
        record.save()
        _import_rows(record=record, rows=rows, user=user, today=today)
        return record
    record.file.save(filename, ContentFile(content), save=False)
    record.save()
    from ..tasks import run_value_import_task

    transaction.on_commit(lambda: run_value_import_task(record.pk))
    return record


def run_import(*, import_id: int) -> ValueImport:
    """Import a queued spreadsheet's rows (in the task queue), in the uploader's language so the reasons for
    refused rows read in it. A record already started is left alone, so a repeated task does nothing; one whose
    worker died goes on from its first unprocessed row once `resume_stalled_imports` queues it again."""
    if not ValueImport.objects.filter(pk=import_id, state=ValueImport.State.QUEUED).update(
        state=ValueImport.State.RUNNING, updated_at=timezone.now()
    ):
        return ValueImport.objects.get(pk=import_id)
    record = ValueImport.objects.select_related("plan", "requested_by").get(pk=import_id)
    user = record.requested_by
    try:
        if user is None:
            raise DomainError(_("The person who uploaded this file no longer has an account."), code="uploader_gone")
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            with record.file.open("rb") as stored:
                rows = _rows(content=stored.read(), filename=record.filename)
            _import_rows(record=record, rows=rows[record.processed_rows :], user=user)
    except Exception as error:  # a failed import is shown as failed, with the reason; saved rows stay saved
        record.state, record.error, record.finished_at = ValueImport.State.FAILED, str(error), timezone.now()
        record.save(update_fields=["state", "error", "finished_at", "updated_at"])
    record.file.delete(save=True)  # the values are in; the uploaded file is not kept
    return record


def _import_rows(*, record: ValueImport, rows: list, user: AnyUser, today: datetime.date | None = None) -> None:
    """Each good row saved and submitted for approval; each bad row recorded with its line number and the reason,
    changing nothing. Every row's outcome and the import's progress commit together, so the page polling it sees
    the progress, and a worker killed between two rows leaves the record exactly where it stopped."""
    indicators = {
        indicator.code.lower(): indicator for indicator in indicator_selectors.plan_indicators(plan=record.plan)
    }
    progress = ValueImport.objects.filter(pk=record.pk)
    for line, row in rows:
        indicator = indicators.get(row.get("indicator", "").lower())
        record.processed_rows += 1
        try:
            if indicator is None:
                raise DomainError(
                    _("The plan has no indicator “%(code)s”.") % {"code": row.get("indicator", "")},
                    field="indicator",
                    code="indicator_unknown",
                )
            period = reporting_period(code=row.get("period", ""), plan=record.plan, today=today)
            with transaction.atomic():
                save_value(
                    user=user,
                    indicator=indicator,
                    period=period,
                    value=row.get("value", ""),
                    comment=row.get("comment", ""),
                    submit=True,
                    source=ValueSource.IMPORT,
                )
                record.saved_rows += 1
                progress.update(
                    processed_rows=record.processed_rows, saved_rows=record.saved_rows, updated_at=timezone.now()
                )
        except DomainError as error:
            with transaction.atomic():
                ValueImportRefusal.objects.create(value_import=record, line=line, reason=str(error.message))
                progress.update(processed_rows=record.processed_rows, updated_at=timezone.now())
    record.state, record.finished_at = ValueImport.State.DONE, timezone.now()
    record.save()


def resume_stalled_imports(*, now: datetime.datetime | None = None) -> int:
    """Queue again every import whose worker stopped (killed, or the machine restarted) without finishing it:
    queued or running, with no progress for `STALLED_AFTER`. Each goes on from its first unprocessed row. The
    number queued."""
    from ..tasks import run_value_import_task

    stalled_since = (now or timezone.now()) - STALLED_AFTER
    resumed = 0
    states = [ValueImport.State.QUEUED, ValueImport.State.RUNNING]
    for pk in ValueImport.objects.filter(state__in=states, updated_at__lt=stalled_since).values_list("pk", flat=True):
        # Conditional on still being stalled: two sweeps at once queue it once.
        if ValueImport.objects.filter(pk=pk, state__in=states, updated_at__lt=stalled_since).update(
            state=ValueImport.State.QUEUED, updated_at=timezone.now()
        ):
            run_value_import_task(pk)
            resumed += 1
    return resumed
