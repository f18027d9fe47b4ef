"""Status of an indicator, an action or an objective, and the thresholds that decide it: the one place they live.

Progress is the share of the target reached (1 = reached). Expected progress is the share the timeline says
should be reached by the evaluation date (the elapsed share of the year for an annual target, of the action's
schedule for a total target, counted from the set-up month when the plan gives one). Their ratio decides:

| status       | when                                                                                |
| ------------ | ----------------------------------------------------------------------------------- |
| no target    | the indicator has no target: its value is shown, no status                          |
| not started  | nothing is expected yet (before the action's start or set-up) and nothing reported  |
| no data      | something is expected but no value is reported (never counted as 0)                 |
| achieved     | progress >= 1                                                                       |
| on track     | progress / expected >= ON_TRACK (0.9), or too early to judge (expected < MIN_EXPECTED) |
| at risk      | progress / expected >= AT_RISK (0.6)                                                |
| behind       | anything lower                                                                      |

The defaults can be changed in the settings: `MONITORING_STATUS_THRESHOLDS = {"on_track": 0.9, "at_risk": 0.6,
"min_expected": 0.1}` (any key left out keeps its default). docs/monitoring.md says the same for readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_THRESHOLDS = {"on_track": Decimal("0.9"), "at_risk": Decimal("0.6"), "min_expected": Decimal("0.1")}


class Status(models.TextChoices):
    NO_TARGET = "no_target", _("No target")
    NOT_STARTED = "not_started", _("Not started")
    NO_DATA = "no_data", _("No data")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    BEHIND = "behind", _("Behind")
    ACHIEVED = "achieved", _("Achieved")


# How each status shows (colour and shape beside its word) is talentas.core.components.STATUS_LOOKS.


@dataclass(frozen=True)
class Thresholds:
    on_track: Decimal
    at_risk: Decimal
    min_expected: Decimal


def thresholds() -> Thresholds:
    """The thresholds in force: the defaults, overridden key by key by settings.MONITORING_STATUS_THRESHOLDS."""
    configured = {**DEFAULT_THRESHOLDS, **getattr(settings, "MONITORING_STATUS_THRESHOLDS", {})}
    return Thresholds(**{key: Decimal(str(configured[key])) for key in DEFAULT_THRESHOLDS})


def indicator_status(
    *, progress: Decimal | None, expected: Decimal, has_target: bool = True, limits: Thresholds | None = None
) -> Status:
    """The status for a progress (None: no data) against the expected progress, by the table above."""
    limits = limits or thresholds()
    if not has_target:
        return Status.NO_TARGET
    if progress is None:
        return Status.NOT_STARTED if expected <= 0 else Status.NO_DATA
    if progress >= 1:
        return Status.ACHIEVED
    if expected <= 0:
        return Status.NOT_STARTED if progress <= 0 else Status.ON_TRACK
    if expected < limits.min_expected:
        return Status.ON_TRACK
    ratio = progress / expected
    if ratio >= limits.on_track:
        return Status.ON_TRACK
    if ratio >= limits.at_risk:
        return Status.AT_RISK
    return Status.BEHIND
