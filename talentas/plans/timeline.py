"""The plan's timeline: one row per action over the plan's years, grouped by objective, each drawn by the gantt_bar
component in months (its planned start to its planned end month, in the colour of the action's status where the
plan has statuses). What the rows need; the component does the geometry."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from talentas.core.components import STATUS_LOOKS

from .models import Action, Plan, StrategicObjective
from .status import PlanStatuses, ShownStatus


@dataclass
class Row:
    action: Action
    status: ShownStatus | None

    @property
    def label(self) -> str:
        return f"{self.action.code} {self.action.title}"


@dataclass
class Group:
    objective: StrategicObjective
    rows: list[Row]


@dataclass
class Timeline:
    period_start: datetime.date
    period_end: datetime.date
    today: datetime.date | None  # None when today is outside the plan's years (no today line, no legend entry)
    groups: list[Group] = field(default_factory=list)

    @property
    def statuses(self) -> list[ShownStatus]:
        """The statuses the bars show, once each, in the statuses' usual order, for the legend."""
        shown = {row.status.value: row.status for group in self.groups for row in group.rows if row.status}
        order = list(STATUS_LOOKS)
        return sorted(shown.values(), key=lambda status: order.index(status.value) if status.value in order else 99)


def build_timeline(plan: Plan, statuses: PlanStatuses | None = None, *, today: datetime.date | None = None) -> Timeline:
    """The plan's actions over its years, by objective. Uses only what `selectors.plan_with_actions` prefetched."""
    start, end = datetime.date(plan.start_year, 1, 1), datetime.date(plan.end_year, 12, 31)
    today = today or timezone.localdate()
    return Timeline(
        period_start=start,
        period_end=end,
        today=today if start <= today <= end else None,
        groups=[
            Group(
                objective,
                [Row(action, statuses.of_action(action) if statuses else None) for action in objective.actions.all()],
            )
            for objective in plan.objectives.all()
        ],
    )
