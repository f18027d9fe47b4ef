"""Planned against actual: one row per action, grouped by objective, each drawn by the gantt_bar component's planned
variant (the plan's months outlined above the actual time). What the rows need; the component does the geometry."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from .periods import month_after
from .progress import ActionFigure, ObjectiveFigure, PlanProgress
from .status import Status


@dataclass
class Row:
    action: ActionFigure

    @property
    def label(self) -> str:
        return f"{self.action.code} {self.action.title}"

    @property
    def ongoing(self) -> bool:
        return self.action.actual_start is not None and self.action.actual_end is None

    @property
    def late_start(self) -> bool:
        """Started more than a quarter after the planned month."""
        start, planned = self.action.actual_start, self.action.planned_start
        return bool(start and planned and start >= month_after(month_after(month_after(planned))))


@dataclass
class Group:
    objective: ObjectiveFigure
    rows: list[Row]


@dataclass
class Gantt:
    period_start: datetime.date
    period_end: datetime.date
    today: datetime.date | None  # None when today is outside the plan's years (no today line, no legend entry)
    groups: list[Group] = field(default_factory=list)

    @property
    def rows(self) -> list[Row]:
        return [row for group in self.groups for row in group.rows]

    @property
    def statuses(self) -> list[tuple[str, str]]:
        """The statuses the bars show, in the statuses' order, for the legend (colour, shape and word)."""
        shown = {row.action.status for row in self.rows}
        return [(value, str(label)) for value, label in Status.choices if value in shown]


def build_timeline(progress: PlanProgress, years: tuple[int, int], *, today: datetime.date | None = None) -> Gantt:
    """The plan's actions over its years, by objective: planned months from the plan, actual dates as recorded
    (an action started but not finished runs to today)."""
    first, last = years
    start, end = datetime.date(first, 1, 1), datetime.date(last, 12, 31)
    today = today or timezone.localdate()
    return Gantt(
        period_start=start,
        period_end=end,
        today=today if start <= today <= end else None,
        groups=[Group(objective, [Row(action) for action in objective.actions]) for objective in progress.objectives],
    )
