"""Planned against actual: the Gantt chart's layout, one row per action with its planned bar above its actual
bar (after the plan's own timeline in talentas/plans/timeline.py). Layout only; the template draws and escapes."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.text import Truncator

from .periods import month_after
from .progress import ActionFigure, PlanProgress
from .status import Status

WIDTH = 960
LABEL_WIDTH = 260
RIGHT_MARGIN = 16
HEADER_HEIGHT = 34
OBJECTIVE_ROW = 26
ACTION_ROW = 34
BAR = 11


@dataclass
class Row:
    action: ActionFigure
    label: str
    y: float
    planned_x: float = 0
    planned_width: float = 0
    actual_x: float = 0
    actual_width: float = 0
    ongoing: bool = False

    @property
    def actual_y(self) -> float:
        return self.y + BAR + 3

    @property
    def text_y(self) -> float:
        return self.y + BAR + 4

    @property
    def late_start(self) -> bool:
        """Started more than a quarter after the planned month."""
        start, planned = self.action.actual_start, self.action.planned_start
        return bool(start and planned and start >= month_after(month_after(month_after(planned))))


@dataclass
class Gantt:
    years: list[tuple[int, float, float]]
    height: float
    headings: list[tuple[str, float]] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    today_x: float | None = None
    width: int = WIDTH
    label_width: int = LABEL_WIDTH

    @property
    def statuses(self) -> list[tuple[str, str]]:
        """The statuses the bars show, in the statuses' order, for the legend (colour, shape and word)."""
        shown = {row.action.status for row in self.rows}
        return [(value, str(label)) for value, label in Status.choices if value in shown]


def build_timeline(progress: PlanProgress, years: tuple[int, int], *, today: datetime.date | None = None) -> Gantt:
    """Lay the plan's actions out over its years: planned bars from the plan, actual bars from recorded dates
    (an action started but not finished runs to today)."""
    first, last = years
    start_day, end_day = datetime.date(first, 1, 1), datetime.date(last + 1, 1, 1)
    days = (end_day - start_day).days
    scale = (WIDTH - LABEL_WIDTH - RIGHT_MARGIN) / days
    today = today or timezone.localdate()

    def x_of(day: datetime.date) -> float:
        day = min(max(day, start_day), end_day)
        return round(LABEL_WIDTH + (day - start_day).days * scale, 1)

    gantt = Gantt(
        years=[
            (
                year,
                x_of(datetime.date(year, 1, 1)),
                round(x_of(datetime.date(year + 1, 1, 1)) - x_of(datetime.date(year, 1, 1)), 1),
            )
            for year in range(first, last + 1)
        ],
        height=0,
    )
    y = float(HEADER_HEIGHT)
    for objective in progress.objectives:
        gantt.headings.append((Truncator(f"{objective.code}. {objective.title}").chars(44), y + 17))
        y += OBJECTIVE_ROW
        for action in objective.actions:
            row = Row(action=action, label=Truncator(f"{action.code} {action.title}").chars(36), y=y + 4)
            if action.planned_start and action.planned_end:
                row.planned_x = x_of(action.planned_start)
                row.planned_width = round(x_of(month_after(action.planned_end)) - row.planned_x, 1)
            if action.actual_start:
                finish = action.actual_end + datetime.timedelta(days=1) if action.actual_end else today
                row.ongoing = action.actual_end is None
                row.actual_x = x_of(action.actual_start)
                row.actual_width = max(round(x_of(finish) - row.actual_x, 1), 2)
            gantt.rows.append(row)
            y += ACTION_ROW
    gantt.height = round(y + 8)
    if start_day <= today < end_day:
        gantt.today_x = x_of(today)
    return gantt
