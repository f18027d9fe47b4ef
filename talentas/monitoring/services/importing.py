"""Values imported from a spreadsheet."""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from talentas.accounts.permissions import AnyUser
from talentas.core.errors import DomainError, PermissionDenied

from .. import permissions
from ..models import (
    IndicatorValue,
    ValueSource,
)
from ..selectors import indicators as indicator_selectors
from .reporting_periods import reporting_period
from .values import save_value


@dataclass
class ImportResult:
    saved: list[IndicatorValue] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, message)


IMPORT_COLUMNS = ("indicator", "period", "value", "comment")


def _rows(*, content: bytes, filename: str) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) pairs of a CSV or XLSX file whose first row names the columns."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == "xlsx":
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        except Exception:  # openpyxl raises many kinds of errors on a broken file
            raise DomainError(_("The file is not a readable XLSX workbook."), field="file") from None
        raw = [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    elif extension == "csv":
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DomainError(_("Save the CSV file as UTF-8."), field="file") from None
        dialect: type[csv.Dialect] = csv.excel
        with contextlib.suppress(csv.Error):
            dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else "", delimiters=",;\t")
        raw = list(csv.reader(io.StringIO(text), dialect))
    else:
        raise DomainError(_("Upload a .csv or .xlsx file."), field="file")
    if not raw:
        raise DomainError(_("The file is empty."), field="file")
    header = [cell.strip().lower() for cell in raw[0]]
    missing = [column for column in IMPORT_COLUMNS[:3] if column not in header]
    if missing:
        raise DomainError(
            _(
                "The first row must name the columns indicator, period, value (and optionally comment); "
                "missing: %(missing)s."
            )
            % {"missing": ", ".join(missing)},
            field="file",
        )
    rows = []
    for number, cells in enumerate(raw[1:], start=2):
        if not any(str(cell).strip() for cell in cells):
            continue
        rows.append((number, {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}))
    return rows


def import_values(
    *, user: AnyUser, plan, content: bytes, filename: str, today: datetime.date | None = None
) -> ImportResult:
    """Import values from a spreadsheet: each good row is saved and submitted for approval; each bad row is
    reported with its line number and the reason, and changes nothing. Raises DomainError (field "file") when
    the file itself cannot be read."""
    if not permissions.can_import_values(user):
        raise PermissionDenied(_("You may not import indicator values."))
    result = ImportResult()
    indicators = {indicator.code.lower(): indicator for indicator in indicator_selectors.plan_indicators(plan=plan)}
    for line, row in _rows(content=content, filename=filename):
        indicator = indicators.get(row.get("indicator", "").lower())
        try:
            if indicator is None:
                raise DomainError(
                    _("The plan has no indicator “%(code)s”.") % {"code": row.get("indicator", "")}, field="indicator"
                )
            period = reporting_period(code=row.get("period", ""), plan=plan, today=today)
            with transaction.atomic():
                result.saved.append(
                    save_value(
                        user=user,
                        indicator=indicator,
                        period=period,
                        value=row.get("value", ""),
                        comment=row.get("comment", ""),
                        submit=True,
                        source=ValueSource.IMPORT,
                    )
                )
        except DomainError as error:
            result.errors.append((line, str(error.message)))
    return result
