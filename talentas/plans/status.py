"""The status of the plan's actions and indicators on its public pages, without `plans` knowing `monitoring`.

`plans` is the lower layer: it may not import `monitoring`, which computes the statuses from reported values.
So `plans` declares this small hook and `monitoring` registers its provider in `MonitoringConfig.ready()`.
Without a provider (monitoring not installed) the pages show no status, never an error.

    statuses = plan_statuses(plan)            # PlanStatuses for today
    statuses.of_action(action)                # ShownStatus(value="at_risk", label="At risk") or None
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone


@dataclass(frozen=True)
class ShownStatus:
    """A status value (for its colour and shape, core.components.STATUS_LOOKS) and its word."""

    value: str
    label: str


@dataclass(frozen=True)
class PlanStatuses:
    """The status of each action and indicator of a plan, by primary key, on one date."""

    as_of: datetime.date | None = None
    actions: dict[int, ShownStatus] = field(default_factory=dict)
    indicators: dict[int, ShownStatus] = field(default_factory=dict)

    def __bool__(self) -> bool:  # `{% if statuses %}`: is there anything to show
        return bool(self.actions or self.indicators)

    def of_action(self, action) -> ShownStatus | None:
        return self.actions.get(action.pk)

    def of_indicator(self, indicator) -> ShownStatus | None:
        return self.indicators.get(indicator.pk)


# provider(plan, as_of) -> PlanStatuses for a Plan (its slug names it).
StatusProvider = Callable[[object, datetime.date], PlanStatuses]
_provider: StatusProvider | None = None


def register_status_provider(provider: StatusProvider | None) -> None:
    """Called once by the app that computes statuses (monitoring); None removes it (tests)."""
    global _provider
    _provider = provider


def status_provider() -> StatusProvider | None:
    return _provider


def plan_statuses(plan, *, as_of: datetime.date | None = None) -> PlanStatuses:
    """The statuses of `plan`'s actions and indicators on `as_of` (today in Vilnius); empty without a provider."""
    as_of = as_of or timezone.localdate()
    if _provider is None:
        return PlanStatuses(as_of=as_of)
    return _provider(plan, as_of)
