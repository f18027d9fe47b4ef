"""The plan's timeline (Gantt chart): where each action's bar, set-up marker and label go in the SVG.

Layout only: the template draws it (partials/timeline.html), so every text is escaped as usual.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.text import Truncator

from .choices import Horizon
from .models import Action, Plan

WIDTH = 960
LABEL_WIDTH = 300
RIGHT_MARGIN = 16
HEADER_HEIGHT = 44
OBJECTIVE_ROW = 30
ACTION_ROW = 28
BAR_HEIGHT = 18
CHAR_WIDTH = 7  # a generous average for 12px system fonts, to decide whether a label fits in its bar


@dataclass
class Bar:
    action: Action
    label: str
    y: float
    x: float = 0
    width: float = 0
    ready_x: float | None = None
    horizon_label: str = ""
    horizon_inside: bool = True
    horizon_x: float = 0
    horizon_anchor: str = "end"

    @property
    def scheduled(self) -> bool:
        return self.width > 0

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT / 2 + 4

    @property
    def css_class(self) -> str:
        return f"bar-{self.action.horizon or 'none'}"

    @property
    def ready_points(self) -> str:
        # A diamond, so the set-up month reads without colour.
        if self.ready_x is None:
            return ""
        mid, top, half = self.y + BAR_HEIGHT / 2, self.y - 3, BAR_HEIGHT / 2 + 3
        return (
            f"{self.ready_x},{top} {self.ready_x + half},{mid} {self.ready_x},{mid + half} {self.ready_x - half},{mid}"
        )


@dataclass
class Heading:
    label: str
    y: float


@dataclass
class Year:
    year: int
    x: float
    width: float

    @property
    def middle(self) -> float:
        return self.x + self.width / 2


@dataclass
class Timeline:
    first_year: int
    last_year: int
    height: float
    years: list[Year]
    quarter_lines: list[float]
    headings: list[Heading] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    today_x: float | None = None
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    header_height: int = HEADER_HEIGHT

    @property
    def has_ready_markers(self) -> bool:
        return any(bar.ready_x is not None for bar in self.bars)

    @property
    def horizons(self) -> list[tuple[str, str]]:
        """The horizons that appear, in their usual order, for the legend."""
        used = {bar.action.horizon for bar in self.bars if bar.scheduled}
        return [(value, label) for value, label in Horizon.choices if value in used]


def build_timeline(plan: Plan, *, today: datetime.date | None = None) -> Timeline:
    """Lay out one row per objective and one bar per action over the plan's years, month by month.

    Uses only what `selectors.plan_with_actions` prefetched, so it makes no query.
    """
    first, last = plan.start_year, plan.end_year
    months = (last - first + 1) * 12
    month_width = (WIDTH - LABEL_WIDTH - RIGHT_MARGIN) / months

    def x_of(day: datetime.date) -> float:
        # One decimal is plenty for the screen and keeps the markup short.
        return round(LABEL_WIDTH + ((day.year - first) * 12 + day.month - 1) * month_width, 1)

    timeline = Timeline(
        first_year=first,
        last_year=last,
        height=0,
        years=[
            Year(year, x_of(datetime.date(year, 1, 1)), round(12 * month_width, 1)) for year in range(first, last + 1)
        ],
        quarter_lines=[round(LABEL_WIDTH + m * month_width, 1) for m in range(3, months, 3) if m % 12],
    )
    y = float(HEADER_HEIGHT)
    for objective in plan.objectives.all():
        timeline.headings.append(Heading(Truncator(f"{objective.code}. {objective.title}").chars(52), y + 19))
        y += OBJECTIVE_ROW
        for action in objective.actions.all():
            timeline.bars.append(_bar(action, y + (ACTION_ROW - BAR_HEIGHT) / 2, x_of, month_width, first, last))
            y += ACTION_ROW
    timeline.height = round(y + 8)
    today = today or timezone.localdate()
    if first <= today.year <= last:
        timeline.today_x = round(x_of(today.replace(day=1)) + month_width * (today.day - 1) / 31, 1)
    return timeline


def _bar(action: Action, y: float, x_of, month_width: float, first: int, last: int) -> Bar:
    bar = Bar(action=action, label=Truncator(f"{action.code} {action.title}").chars(LABEL_WIDTH // CHAR_WIDTH - 3), y=y)
    start, end = action.planned_start, action.planned_end
    if start is None or end is None:
        return bar
    # A schedule reaching outside the chart is drawn up to its edge.
    start = max(start, datetime.date(first, 1, 1))
    end = min(end, datetime.date(last, 12, 1))
    bar.x = x_of(start)
    bar.width = round(x_of(end) + month_width - bar.x, 1)
    if action.ready_by and start <= action.ready_by <= end:
        bar.ready_x = round(x_of(action.ready_by) + month_width / 2, 1)
    bar.horizon_label = str(action.get_horizon_display()) if action.horizon else ""
    # The horizon is written beside its colour: inside the bar's end where it fits, else just outside it.
    text_width = len(bar.horizon_label) * CHAR_WIDTH
    end_x = bar.x + bar.width
    free_from = bar.ready_x + BAR_HEIGHT if bar.ready_x is not None else bar.x
    if end_x - 6 - text_width >= free_from:
        bar.horizon_x, bar.horizon_anchor = end_x - 6, "end"
    elif end_x + 6 + text_width <= WIDTH:
        bar.horizon_x, bar.horizon_anchor, bar.horizon_inside = end_x + 6, "start", False
    else:
        bar.horizon_x, bar.horizon_anchor, bar.horizon_inside = bar.x - 6, "end", False
    return bar
