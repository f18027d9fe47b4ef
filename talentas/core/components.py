"""What the page components under templates/components/ need computed: the look of each status, the geometry of
progress bars, sparklines and Gantt bars, and the examples the /styleguide/ page shows.

The templates stay simple (markup and words); the numbers are worked out here, once, and unit tested.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class StatusLook:
    """How a status shows: a tone (colour) and a shape, always beside the status's word."""

    tone: str
    shape: str


# The one mapping status -> colour + shape. The word comes with the status (monitoring.status.Status labels);
# colour is never the only cue: each status has its own shape as well. The tones' text colours are the CSS
# custom properties --tag-<tone>-ink on --tag-<tone>-paper (talentas.css), >= 4.5:1 (test_components.py).
STATUS_LOOKS: dict[str, StatusLook] = {
    "not_started": StatusLook("grey", "circle"),
    "on_track": StatusLook("green", "check"),
    "at_risk": StatusLook("amber", "triangle"),
    "behind": StatusLook("red", "diamond"),
    "achieved": StatusLook("blue", "star"),
    "no_target": StatusLook("neutral", "dash"),
    "no_data": StatusLook("neutral", "dash"),
}
TONES = ("grey", "green", "amber", "red", "blue", "neutral")
# Each tone's fill for charts (bars, Gantt bars): the CSS custom properties --fill-<tone> in talentas.css, repeated
# here for what cannot read CSS variables (inline SVG fills of the PDF reports); test_components.py keeps them equal.
FILLS = {
    "green": "#1f7a62",
    "amber": "#b06f00",
    "red": "#b3261e",
    "blue": "#1d4f91",
    "grey": "#6b7580",
    "neutral": "#6b7580",
}
SHAPES = ("circle", "check", "triangle", "diamond", "star", "dash")


def status_look(status: str) -> StatusLook:
    """The look of a status value; an unknown one is neutral with a dash rather than an error on a page."""
    return STATUS_LOOKS.get(str(status), StatusLook("neutral", "dash"))


def _decimal(value: object) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _svg_number(value: Decimal | float) -> str:
    """A number for an SVG attribute: a dot whatever the language, one decimal."""
    return f"{float(value):.1f}"


@dataclass(frozen=True)
class ProgressBar:
    percent: int | None  # 0..100 for aria-valuenow (capped); None when there is no value
    width: str  # the filled share of a 0-100 SVG track
    expected_x: str | None
    over: bool  # the value is beyond the target


def progress_bar(value: object, target: object, expected: object = None) -> ProgressBar:
    """Value against target as a bar. A missing value or target draws an empty bar (the text says why); a value
    over the target fills the bar and says so. `expected` is a 0..1 share of the target marked with a tick."""
    number, goal = _decimal(value), _decimal(target)
    expected_share = _decimal(expected)
    expected_x = None if expected_share is None else _svg_number(min(max(expected_share, Decimal(0)), Decimal(1)) * 100)
    if number is None or goal is None or goal <= 0:
        return ProgressBar(None, "0.0", expected_x, False)
    share = number / goal
    capped = min(max(share, Decimal(0)), Decimal(1))
    return ProgressBar(int((capped * 100).to_integral_value()), _svg_number(capped * 100), expected_x, share > 1)


SPARK_WIDTH = 120
SPARK_HEIGHT = 32
SPARK_PAD = 3


@dataclass(frozen=True)
class Sparkline:
    points: str  # the polyline's points, "" when fewer than two values are known
    last_x: str
    last_y: str
    summary: str  # the text alternative: first, last, lowest and highest
    rows: list[tuple[str, object]]  # (label, value) for the data table


def sparkline(values: list, labels: list | None = None) -> Sparkline:
    """A small line chart of `values` (None for a gap), scaled to its own lowest and highest value."""
    numbers = [_decimal(value) for value in values]
    names = [str(label) for label in labels] if labels else [str(index + 1) for index in range(len(numbers))]
    rows = list(zip(names, list(values), strict=False))
    known = [(index, number) for index, number in enumerate(numbers) if number is not None]
    if not known:
        return Sparkline("", "0", "0", _("No values yet."), rows)
    low, high = min(number for _, number in known), max(number for _, number in known)
    span = (high - low) or Decimal(1)
    step = Decimal(SPARK_WIDTH - 2 * SPARK_PAD) / max(len(numbers) - 1, 1)
    height = Decimal(SPARK_HEIGHT - 2 * SPARK_PAD)
    coordinates = [
        (Decimal(SPARK_PAD) + step * index, Decimal(SPARK_PAD) + height - (number - low) / span * height)
        for index, number in known
    ]
    points = " ".join(f"{_svg_number(x)},{_svg_number(y)}" for x, y in coordinates) if len(known) > 1 else ""
    first, last = known[0][1], known[-1][1]
    summary = _("From %(first)s to %(last)s; lowest %(low)s, highest %(high)s.") % {
        "first": number_format(first),
        "last": number_format(last),
        "low": number_format(low),
        "high": number_format(high),
    }
    return Sparkline(points, _svg_number(coordinates[-1][0]), _svg_number(coordinates[-1][1]), summary, rows)


GANTT_WIDTH = 100


@dataclass(frozen=True)
class GanttBar:
    x: str
    width: str
    starts_before: bool  # the bar runs on beyond the period's edges: drawn to the edge, said in words
    ends_after: bool
    text: str  # "From 1 March 2026 to 31 December 2027"


def gantt_bar(
    start: datetime.date, end: datetime.date, period_start: datetime.date, period_end: datetime.date
) -> GanttBar:
    """Where a bar from `start` to `end` sits on a 0-100 track covering the period; clipped to the period."""
    if end < start:
        start, end = end, start
    total = max((period_end - period_start).days, 1)
    left = min(max((start - period_start).days, 0), total)
    right = min(max((end - period_start).days, 0), total)
    x = Decimal(left) / total * GANTT_WIDTH
    width = max(Decimal(right - left) / total * GANTT_WIDTH, Decimal("0.8"))  # a one-day bar stays visible
    text = _("From %(start)s to %(end)s") % {
        "start": date_format(start, "DATE_FORMAT"),
        "end": date_format(end, "DATE_FORMAT"),
    }
    return GanttBar(
        _svg_number(x), _svg_number(min(width, GANTT_WIDTH - x)), start < period_start, end > period_end, text
    )


# --- What /styleguide/ shows: every component with each of its variants, built from the real templates --------


def styleguide_examples() -> dict:
    """Example data for every component on the styleguide page, in the reader's language."""
    from talentas.monitoring.status import Status  # the statuses' own words; core knows only their looks

    return {
        "statuses": Status.choices,
        "summary_rows": [
            {"key": _("Name"), "value": "Austėja Petrauskienė", "href": "#summary-list", "change": _("name")},
            {
                "key": _("E-mail address"),
                "value": "austeja@example.org",
                "href": "#summary-list",
                "change": _("e-mail address"),
            },
            {"key": _("Organisation"), "value": _("City Youth Centre")},
        ],
        "trend": [12, 15, 14, 19, 23, 22, 28],
        "trend_labels": ["2026 Q1", "2026 Q2", "2026 Q3", "2026 Q4", "2027 Q1", "2027 Q2", "2027 Q3"],
        "gantt": [
            {
                "label": _("Youth ambassadors"),
                "start": datetime.date(2026, 3, 1),
                "end": datetime.date(2027, 6, 30),
                "status": "on_track",
                "status_label": _("On track"),
            },
            {
                "label": _("Talent hub opening"),
                "start": datetime.date(2026, 9, 1),
                "end": datetime.date(2028, 12, 31),
                "status": "at_risk",
                "status_label": _("At risk"),
            },
            {
                "label": _("Returnee welcome pack"),
                "start": datetime.date(2025, 6, 1),
                "end": datetime.date(2026, 12, 31),
                "status": "achieved",
                "status_label": _("Achieved"),
            },
        ],
        "period_start": datetime.date(2026, 1, 1),
        "period_end": datetime.date(2028, 12, 31),
    }
