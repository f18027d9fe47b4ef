"""{% datatable %}: every table in a named, focusable scroll region; on phones its cells carry their column's
header (data-label) and explicit table roles, so stacked cards still read as a table."""

from django.template import Context, Template

from talentas.core.templatetags.data_tables import label_cells

TABLE = (
    "<table class='x'><caption>Attendees <span class='visually-hidden'>(3)</span></caption>"
    "<thead><tr><th scope='col'>Name</th><th scope='col' colspan='2'>Status <span class='visually-hidden'>,"
    " sort</span></th><th>Notes</th></tr></thead>"
    "<tbody><tr><th scope='row'>Rūta</th><td>Confirmed</td><td data-label='Kept'>✓</td><td></td></tr></tbody>"
    "<tfoot><tr><th scope='row'>Total</th><td colspan='2'>1</td><td>—</td></tr></tfoot></table>"
)


def _render(source: str) -> str:
    return Template("{% load data_tables %}" + source).render(Context({"table": TABLE}))


def test_a_table_becomes_labelled_cells_in_a_named_focusable_region():
    html = _render("{% datatable %}" + TABLE + "{% enddatatable %}")
    assert '<div class="table-wrap table-wrap-stacked" role="region" tabindex="0" aria-label="Attendees">' in html
    assert "class='x data-table is-stacked'" in html and 'role="table"' in html
    assert '<td data-label="Status" role="cell">Confirmed</td>' in html
    assert "data-label='Kept'" in html and 'data-label="Status" role="cell">✓' not in html  # its own label stays
    assert '<td data-label="Notes" role="cell"></td>' in html
    assert "<th scope='row' role=\"rowheader\">Rūta</th>" in html
    assert "<th scope='col' role=\"columnheader\">Name</th>" in html
    assert '<td colspan=\'2\' data-label="Status" role="cell">1</td><td data-label="Notes"' in html  # colspans count
    assert "sort" not in html.split("<tbody")[1]  # a visually hidden hint is no label


def test_a_wide_table_only_scrolls_and_takes_the_label_given():
    html = _render('{% datatable wide=True label="Hours per grade" %}' + TABLE + "{% enddatatable %}")
    assert 'class="table-wrap table-wrap-wide" role="region" tabindex="0" aria-label="Hours per grade"' in html
    assert "is-stacked" not in html and 'role="cell"' not in html
    assert 'data-label="Status"' in html


def test_a_table_without_caption_or_header_still_gets_a_name_and_nested_tables_are_left_alone():
    nested = "<table><tbody><tr><td><table><tbody><tr><td>inner</td></tr></tbody></table></td></tr></tbody></table>"
    html = _render("{% datatable %}" + nested + "{% enddatatable %}")
    assert 'aria-label="Table"' in html
    assert label_cells(nested).count('role="cell"') == 1
