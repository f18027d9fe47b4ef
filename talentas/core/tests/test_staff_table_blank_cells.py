"""A staff list's blank cells (nothing, or django-tables2's dash) carry no column name: on a phone, where each row
is a card of "name: value" lines, they are left out instead of showing a label above nothing."""

import re
from pathlib import Path

import django_tables2 as tables
from django.test import RequestFactory

from talentas.core.lists import StaffTable
from talentas.core.templatetags.data_tables import blank_cell


class PeopleTable(StaffTable):
    caption = "People"
    name = tables.Column(orderable=False)
    phone = tables.Column(orderable=False)
    note = tables.Column(orderable=False)


def test_blank_cell_knows_nothing_from_something():
    assert blank_cell(None) and blank_cell("") and blank_cell("  ") and blank_cell("—")
    assert blank_cell("<span> </span>") and blank_cell("&mdash;") and blank_cell("n/a", "n/a")
    assert not blank_cell("0") and not blank_cell("Rūta") and not blank_cell('<a href="/x">—</a> 3')


def test_a_blank_cell_has_no_label_and_hides_on_a_phone():
    rows = [{"name": "Rūta", "phone": None, "note": ""}, {"name": "Jonas", "phone": "+370 600 00000", "note": "VIP"}]
    table = PeopleTable(rows)
    html = table.as_html(RequestFactory().get("/"))
    cells = re.findall(r"<td[^>]*>.*?</td>", html, re.S)
    assert len(cells) == 6
    first, second = cells[:3], cells[3:]
    assert first[0] == '<td data-label="Name">Rūta</td>'
    assert first[1] == '<td class="cell-blank">—</td>' and "data-label" not in first[2]  # the dash, then ""
    assert all("data-label" in cell and "cell-blank" not in cell for cell in second)
    css = Path("talentas/core/static/core/css/staff-list.css").read_text(encoding="utf-8")
    phone = css[css.index("@media (max-width: 40rem)") :]
    assert ".staff-table td.cell-blank" in phone and "display: none" in phone[phone.index("td.cell-blank") :]
