"""Every date and date-and-time field on the site is one of the two pickers of core.forms, which are given their
value in ISO 8601 whatever the page's language (a browser's date input shows a value in the page's own style,
say "2026 m. gruodžio 1 d.", as an empty field)."""

import datetime

from django import forms
from django.utils import translation

from talentas.core.forms import DateInput, DateTimeInput
from talentas.core.tests.test_no_dashed_choices import _classes


def test_every_date_field_uses_the_sites_date_pickers():
    wrong, seen = [], 0
    for name, form_class in _classes(forms.BaseForm).items():
        for field_name, field in form_class.base_fields.items():
            picker = {forms.DateField: DateInput, forms.DateTimeField: DateTimeInput}.get(type(field))
            seen += picker is not None
            if picker is not None and not isinstance(field.widget, picker):
                wrong.append(f"{name}.{field_name}")
    assert seen >= 20  # the walk reaches the forms of every app
    assert wrong == []


def test_the_pickers_get_iso_values_in_every_language():
    for language in ("lt", "en"):
        with translation.override(language):
            date = DateInput().render("on", datetime.date(2026, 12, 1))
            moment = DateTimeInput().render("at", datetime.datetime(2026, 12, 1, 21, 12))
        assert 'type="date"' in date and 'value="2026-12-01"' in date
        assert 'type="datetime-local"' in moment and 'value="2026-12-01T21:12"' in moment
