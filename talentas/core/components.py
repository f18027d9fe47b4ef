"""What the page components under templates/components/ need computed: the look of each status, the geometry of
progress bars, sparklines and Gantt bars, and the examples the /styleguide/ page shows.

The templates stay simple (markup and words); the numbers are worked out here, once, and unit tested.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from talentas.core.formatting import number_text


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
class SparkBar:
    x: str
    y: str
    width: str
    height: str
    missing: bool  # no value: a short dashed stub, and "no data" in the table


@dataclass(frozen=True)
class Sparkline:
    points: str  # the polyline's points, "" when fewer than two values are known
    last_x: str
    last_y: str
    summary: str  # the text alternative: first, last, lowest and highest
    rows: list[tuple[str, str | None]]  # (label, the value as text; None: no data) for the data table
    bars: list[SparkBar] = field(default_factory=list)  # the bars variant: one per value, from zero


SPARK_GAP = 3


def _spark_bars(numbers: list[Decimal | None]) -> list[SparkBar]:
    """One bar per value, scaled from zero to the highest (a bar's length must mean its value)."""
    top = max([number for number in numbers if number is not None] or [Decimal(0)]) or Decimal(1)
    width = Decimal(SPARK_WIDTH - SPARK_GAP * (len(numbers) - 1)) / len(numbers)
    height = Decimal(SPARK_HEIGHT - 2)
    bars = []
    for index, number in enumerate(numbers):
        tall = Decimal(2) if number is None else max(max(number, Decimal(0)) / top * height, Decimal(1))
        x = index * (width + SPARK_GAP)
        bars.append(
            SparkBar(
                _svg_number(x),
                _svg_number(SPARK_HEIGHT - tall),
                _svg_number(width),
                _svg_number(tall),
                missing=number is None,
            )
        )
    return bars


def sparkline(values: list, labels: list | None = None, *, bars: bool = False) -> Sparkline:
    """A small line chart of `values` (None for a gap), scaled to its own lowest and highest value; `bars`: a
    bar for each value instead, from zero (counts per period)."""
    numbers = [_decimal(value) for value in values]
    names = [str(label) for label in labels] if labels else [str(index + 1) for index in range(len(numbers))]
    rows = [
        (name, None if number is None else number_text(number)) for name, number in zip(names, numbers, strict=False)
    ]
    known = [(index, number) for index, number in enumerate(numbers) if number is not None]
    drawn_bars = _spark_bars(numbers) if bars and numbers else []
    if not known:
        return Sparkline("", "0", "0", _("No values yet."), rows, drawn_bars)
    low, high = min(number for _, number in known), max(number for _, number in known)
    span = (high - low) or Decimal(1)
    step = Decimal(SPARK_WIDTH - 2 * SPARK_PAD) / max(len(numbers) - 1, 1)
    height = Decimal(SPARK_HEIGHT - 2 * SPARK_PAD)
    coordinates = [
        (Decimal(SPARK_PAD) + step * index, Decimal(SPARK_PAD) + height - (number - low) / span * height)
        for index, number in known
    ]
    points = (
        " ".join(f"{_svg_number(x)},{_svg_number(y)}" for x, y in coordinates) if len(known) > 1 and not bars else ""
    )
    first, last = known[0][1], known[-1][1]
    summary = _("From %(first)s to %(last)s; lowest %(low)s, highest %(high)s.") % {
        "first": number_text(first),
        "last": number_text(last),
        "low": number_text(low),
        "high": number_text(high),
    }
    return Sparkline(
        points, _svg_number(coordinates[-1][0]), _svg_number(coordinates[-1][1]), summary, rows, drawn_bars
    )


GANTT_WIDTH = 100


@dataclass(frozen=True)
class GanttBar:
    x: str
    width: str
    starts_before: bool  # the bar runs on beyond the period's edges: drawn to the edge, said in words
    ends_after: bool
    text: str  # "From 1 March 2026 to 31 December 2027"
    running: bool = False  # not finished: drawn lighter, up to today


def _gantt_x(day: datetime.date, period_start: datetime.date, period_end: datetime.date) -> Decimal:
    """Where a day sits on the 0-100 track covering the period, clipped to its edges."""
    total = max((period_end - period_start).days, 1)
    return Decimal(min(max((day - period_start).days, 0), total)) / total * GANTT_WIDTH


def _month_end(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)


def gantt_bar(
    start: datetime.date,
    end: datetime.date,
    period_start: datetime.date,
    period_end: datetime.date,
    *,
    months: bool = False,
    running: bool = False,
) -> GanttBar:
    """Where a bar from `start` to `end` sits on a 0-100 track covering the period; clipped to the period.

    `months`: the dates are months (a plan's schedule), said as months, the bar running to the end of `end`'s
    month. `running`: the activity has not finished; `end` (today) only places the bar's end."""
    if end < start:
        start, end = end, start
    if months:
        end = _month_end(end)
    x = _gantt_x(start, period_start, period_end)
    width = max(_gantt_x(end, period_start, period_end) - x, Decimal("0.8"))  # a one-day bar stays visible
    fmt = "YEAR_MONTH_FORMAT" if months else "DATE_FORMAT"
    dates = {"start": date_format(start, fmt), "end": date_format(end, fmt)}
    text = _("From %(start)s, still running") % dates if running else _("From %(start)s to %(end)s") % dates
    return GanttBar(
        _svg_number(x),
        _svg_number(min(width, GANTT_WIDTH - x)),
        start < period_start,
        end > period_end and not running,
        text,
        running,
    )


@dataclass(frozen=True)
class GanttMarks:
    """What every row of one timeline shares: the lines between its years and today's line."""

    year_lines: list[str]
    today_x: str | None


def gantt_marks(
    period_start: datetime.date, period_end: datetime.date, today: datetime.date | None = None
) -> GanttMarks:
    """The year boundaries inside the period and today's place, when today falls in it."""
    lines = [
        _svg_number(_gantt_x(datetime.date(year, 1, 1), period_start, period_end))
        for year in range(period_start.year + 1, period_end.year + 1)
    ]
    inside = today is not None and period_start <= today <= period_end
    return GanttMarks(lines, _svg_number(_gantt_x(today, period_start, period_end)) if inside and today else None)


def gantt_years(period_start: datetime.date, period_end: datetime.date) -> list[int]:
    """The years above a timeline's tracks, each as wide as the next: only for a period of whole years (1 January
    to 31 December or the next 1 January); any other period gets no year row (the rows' words give the dates)."""
    whole = (period_start.month, period_start.day) == (1, 1) and (period_end.month, period_end.day) in (
        (12, 31),
        (1, 1),
    )
    if not whole:
        return []
    return list(range(period_start.year, period_end.year + (period_end.month == 12)))


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
        "trend_counts": [3, 5, None, 4, 6, 2, 7],
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
        "gantt_planned": {
            "label": _("Regional co-working hub"),
            "planned_start": datetime.date(2026, 1, 1),
            "planned_end": datetime.date(2027, 12, 1),
            "start": datetime.date(2026, 4, 15),
            "status": "behind",
            "status_label": _("Behind"),
        },
        "period_start": datetime.date(2026, 1, 1),
        "period_end": datetime.date(2028, 12, 31),
    }
