"""One date and number style per language, in Europe/Vilnius time: the `formatting` filters in both languages, and
no template that formats a date its own way."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from talentas.core.formatting import as_text, money_text

NBSP = "\xa0"
# 19:12 UTC on 1 December is 21:12 in Vilnius (UTC+2 in winter).
MOMENT = datetime.datetime(2026, 12, 1, 19, 12, 9, tzinfo=datetime.UTC)
LATER = MOMENT + datetime.timedelta(hours=2)
DAY = datetime.date(2026, 12, 2)


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load formatting %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "day", "moment", "month", "money"),
    [
        ("en", "2 December 2026", "1 Dec 2026, 21:12", "December 2026", "€50,000"),
        ("lt", "2026 m. gruodžio 2 d.", "2026-12-01 21:12", "2026 m. gruodis", "50 000 €"),
    ],
)
def test_filters_in_each_language(language, day, moment, month, money):
    nb = lambda text: text.replace(" ", NBSP)  # noqa: E731
    assert render("{{ d|date_text }}", language, d=DAY) == f'<time datetime="2026-12-02">{nb(day)}</time>'
    assert (
        render("{{ m|date_time_text }}", language, m=MOMENT)
        == f'<time datetime="2026-12-01T21:12+02:00">{nb(moment)}</time>'
    )
    assert render("{{ m|time_text }}", language, m=MOMENT) == '<time datetime="2026-12-01T21:12+02:00">21:12</time>'
    assert render("{{ d|month_text }}", language, d=DAY) == f'<time datetime="2026-12">{nb(month)}</time>'
    assert render("{{ a|money }}", language, a=Decimal(50000)) == nb(money)
    # The same day: the end gives only its time, after an en dash.
    assert render("{{ a|date_range:b }}", language, a=MOMENT, b=LATER) == (
        f'<time datetime="2026-12-01T21:12+02:00">{nb(moment)}</time>\u2013'
        '<time datetime="2026-12-01T23:12+02:00">23:12</time>'
    )
    # A report snapshot keeps ISO text; it is shown like any other moment.
    assert nb(moment) in render("{{ s|date_time_text }}", language, s="2026-12-01T19:12:09+00:00")
    # Nothing to show keeps `default` working.
    assert render('{{ n|date_text|default:"—" }} {{ n|money|default:"—" }}', language, n=None) == "— —"


@pytest.mark.parametrize("language", ["en", "lt"])
@pytest.mark.parametrize("source", ["{{ m|date_text }}", "{{ m|date_time_text }}", "{{ m|date_range:l }}"])
def test_never_a_raw_or_american_date_and_never_a_break_inside(language, source):
    shown = re.sub(r"<[^>]+>", "", render(source, language, m=MOMENT, l=LATER))  # attributes carry machine forms
    for wrong in ("T19:12", "+00:00", "Dec.", "12/01/2026", "p.m.", "9:12"):
        assert wrong not in shown
    assert " " not in shown


def test_cents_only_when_there_are_any():
    with translation.override("en"):
        assert money_text(Decimal("150000.5")) == "€150,000.50"
        assert money_text(Decimal(220000)) == "€220,000"
    with translation.override("lt"):
        assert money_text(Decimal("150000.5")) == f"150{NBSP}000,50{NBSP}€"


def test_plain_text_for_e_mails():
    source = "{{ m|plain_date }} / {{ m|plain_date_time }} / {{ m|plain_time }}"
    assert render(source, "en", m=MOMENT) == f"1{NBSP}December{NBSP}2026 / 1{NBSP}Dec{NBSP}2026,{NBSP}21:12 / 21:12"
    assert (
        render(source, "lt", m=MOMENT) == f"2026{NBSP}m.{NBSP}gruodžio{NBSP}1{NBSP}d. / 2026-12-01{NBSP}21:12 / 21:12"
    )


def test_salary_ranges():
    assert render("{{ a|money_range:b }}", "en", a=1500, b=2500) == "€1,500\u2013€2,500"
    assert render("{{ a|money_range:b }}", "lt", a=1500, b=2500) == f"1{NBSP}500{NBSP}€\u20132{NBSP}500{NBSP}€"
    assert render("{{ a|money_range:b }}", "en", a=1500, b=None) == f"from{NBSP}€1,500".replace(NBSP, " ")
    assert render('{{ a|money_range:b|default:"—" }}', "en", a=None, b=None) == "—"


def test_plain_text_for_messages():
    with translation.override("en"):
        assert as_text(DAY) == f"2{NBSP}December{NBSP}2026"
        assert as_text(MOMENT, "TIME_FORMAT") == "21:12"
    with translation.override("lt"):
        assert as_text(MOMENT, "SHORT_DATETIME_FORMAT") == f"2026-12-01{NBSP}21:12"
        assert as_text(None) == ""


# Machine formats may stay: `c` in a datetime attribute or a feed, `Ymd` to compare days.
ALLOWED_DATE_ARGUMENTS = {"'c'", '"c"'}


def test_no_template_formats_a_date_its_own_way():
    """Pages use the `formatting` filters; `|date:"..."` and `|time:"..."` with a format of their own would bring
    back "Dec. 1, 2026" and "2026-12-01" side by side."""
    root = Path(settings.BASE_DIR) / "talentas"
    offenders = []
    for path in sorted([*root.rglob("*.html"), *root.rglob("*.txt")]):
        if "templates" not in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for match in re.finditer(r"\|(date|time)(?::(\"[^\"]*\"|'[^']*'))?(?=\W)", line):
                if match.group(2) not in ALLOWED_DATE_ARGUMENTS:
                    offenders.append(f"{path.relative_to(root)}:{number}: {match.group(0)}")
    assert offenders == []
