"""One date and number style on every page: `{% load formatting %}`.

`date_text`, `date_time_text`, `time_text`, `month_text` and `date_range` give a `<time datetime="...">` element in
the reader's language and in Europe/Vilnius time (settings.TIME_ZONE), with non-breaking spaces so that a date
never wraps mid-value; the formats themselves live in talentas/formats/{en,lt}/formats.py. `money` gives an amount
of euros ("€50,000", "50 000 €"). An empty value gives "" so that `|default:"—"` still works after them. Raw
`|date:"..."` formats are not used on pages (a test scans the templates); machine formats belong in attributes.
`rich_text` shows text people typed with Markdown formatting, cleaned (talentas.core.rich_text).
"""

import datetime

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString

from talentas.core import rich_text as rich_text_html
from talentas.core.formatting import as_text, local, machine, money_range_text, money_text, unbroken

register = template.Library()

DASH = "\u2013"  # an en dash between the two ends of a range


def _time_element(value, fmt: str) -> SafeString:
    return format_html('<time datetime="{}">{}</time>', machine(value), unbroken(date_format(local(value), fmt)))


@register.filter
def date_text(value) -> SafeString | str:
    """A day: "2 December 2026" / "2026 m. gruodžio 2 d."."""
    if value in (None, ""):
        return ""
    return _time_element(value, "DATE_FORMAT")


@register.filter
def date_time_text(value) -> SafeString | str:
    """A moment: "2 Dec 2026, 21:23" / "2026-12-02 21:23"."""
    if value in (None, ""):
        return ""
    if not isinstance(local(value), datetime.datetime):
        return date_text(value)
    return _time_element(value, "SHORT_DATETIME_FORMAT")


@register.filter
def time_text(value) -> SafeString | str:
    """A time of day: "21:23"."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        return _time_element(value, "TIME_FORMAT")
    return format_html('<time datetime="{}">{}</time>', value.strftime("%H:%M"), value.strftime("%H:%M"))


@register.filter
def month_text(value) -> SafeString | str:
    """A month: "December 2026" / "2026 m. gruodis"."""
    if value in (None, ""):
        return ""
    return format_html(
        '<time datetime="{}">{}</time>',
        local(value).strftime("%Y-%m"),
        unbroken(date_format(local(value), "YEAR_MONTH_FORMAT")),
    )


@register.filter
def calendar_day(value) -> str:
    """The day of the month of a calendar leaf ("2"), in Europe/Vilnius; `calendar_month` gives its month."""
    return "" if value in (None, "") else date_format(local(value), "j")


@register.filter
def calendar_month(value) -> str:
    """The month of a calendar leaf, abbreviated in the reader's language ("Dec" / "Gru")."""
    return "" if value in (None, "") else date_format(local(value), "M")


@register.filter
def date_range(start, end) -> SafeString | str:
    """From start to end: the end's day is left out when both fall on the same day ("2 Dec 2026, 18:00" to
    "20:00" with an en dash between); dates alone give both days in full."""
    if start in (None, ""):
        return date_time_text(end) if end not in (None, "") else ""
    if end in (None, ""):
        return date_time_text(start)
    if isinstance(start, datetime.datetime) and isinstance(end, datetime.datetime):
        if local(start).date() == local(end).date():
            return format_html("{}" + DASH + "{}", date_time_text(start), time_text(end))
        return format_html("{} " + DASH + " {}", date_time_text(start), date_time_text(end))
    if start == end:
        return date_text(start)
    return format_html("{} " + DASH + " {}", date_text(start), date_text(end))


@register.filter
def money(value) -> str:
    """`{{ amount|money }}`: an amount of euros that never wraps between the figure and the sign."""
    return money_text(value)


@register.filter
def money_range(low, high) -> str:
    """`{{ salary_min|money_range:salary_max }}`: both ends with an en dash between; one end alone says so."""
    return money_range_text(low, high)


# Plain text, for e-mails and other places without HTML: the same formats, no <time> element.


@register.filter
def plain_date(value) -> str:
    return as_text(value, "DATE_FORMAT")


@register.filter
def plain_date_time(value) -> str:
    return as_text(value, "SHORT_DATETIME_FORMAT")


@register.filter
def plain_time(value) -> str:
    return as_text(value, "TIME_FORMAT")


@register.filter
def rich_text(value, top_heading=rich_text_html.TOP_HEADING) -> SafeString:
    """`{{ text|rich_text }}` in a section under an h2 ("#" becomes h3); `{{ text|rich_text:2 }}` right under the
    page's h1."""
    try:
        level = int(top_heading)
    except (TypeError, ValueError):
        level = rich_text_html.TOP_HEADING  # a template's typo must not break the page
    return rich_text_html.render("" if value is None else str(value), level)
