"""Monitoring's status provider for the plan's public pages (registered in MonitoringConfig.ready()).

The plan's pages ask `talentas.plans.status.plan_statuses`; this answers with the same statuses the dashboard
shows, from the same cache (`public_dashboard`, under the data version and the date): a visitor who opened the
dashboard or the home page costs the plan's pages no query more, and the figures never disagree.
"""

from __future__ import annotations

import datetime

from talentas.plans.status import PlanStatuses, ShownStatus

from .selectors.dashboard import public_dashboard


def statuses_of_plan(plan, as_of: datetime.date) -> PlanStatuses:
    """Every action's and indicator's status on `as_of`; only the plan's slug is used."""
    progress = public_dashboard(slug=plan.slug, as_of=as_of).progress
    return PlanStatuses(
        as_of=as_of,
        actions={figure.id: ShownStatus(figure.status, figure.status_label) for figure in progress.actions},
        indicators={figure.id: ShownStatus(figure.status, figure.status_label) for figure in progress.indicators},
    )
