"""Spreadsheet exports, written one way: every CSV and XLSX cell passes through `safe_cell`.

Spreadsheet programs run a cell that starts with = + - @ (or a tab or carriage return before one of them) as a
formula, so a name, a comment or a question typed by anyone could run `=HYPERLINK(...)` on a staff member's
machine ("CSV injection"). Such text gets a leading apostrophe, which every spreadsheet program shows as text;
in XLSX the cell is also written as a string, never a formula. Numbers stay numbers, a negative one included.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Text that is only a (negative) number cannot run anything; it stays as written so spreadsheets read a number.
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PASS_THROUGH = (bool, int, float, Decimal, datetime.date, datetime.time)


def safe_cell(value: Any) -> Any:
    """The value fit for one spreadsheet cell: formula-like text neutralised, numbers and dates unchanged,
    nothing as an empty cell, a dict or list as JSON text."""
    if value is None:
        return ""
    if isinstance(value, PASS_THROUGH):
        return value
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in values]


def append_row(sheet: Any, values: Iterable[Any]) -> None:
    """Append one row to an openpyxl worksheet; text cells are strings, whatever they start with."""
    sheet.append(safe_row(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def _attachment(response: HttpResponse, filename: str, *, inline: bool) -> HttpResponse:
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def csv_response(
    *, filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]], inline: bool = False, bom: bool = True
) -> HttpResponse:
    """A CSV download in UTF-8, by default with a BOM so that spreadsheet programs read Lithuanian letters right
    (open data meant for programs goes without)."""
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(safe_row(header))
    writer.writerows(safe_row(row) for row in rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    return _attachment(response, filename, inline=inline)


def xlsx_response(
    *, filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]], sheet_title: str
) -> HttpResponse:
    """An XLSX download with one sheet: a header row, then the rows."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]  # the longest sheet name Excel accepts
    append_row(sheet, header)
    for row in rows:
        append_row(sheet, row)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE), filename, inline=False)
