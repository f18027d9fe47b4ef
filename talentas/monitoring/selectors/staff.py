"""What needs the attention of the person using the staff dashboard, and their notices."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from talentas.accounts import permissions as roles
from talentas.accounts.permissions import AnyUser
from talentas.core.choices import ResponsibleEntity
from talentas.governance import selectors as governance_selectors
from talentas.notices import selectors as notice_selectors
from talentas.notices.models import Notice

from .. import progress
from ..models import (
    Alert,
    IndicatorValue,
)
from .dashboard import public_dashboard
from .indicators import default_plan_slug
from .values import DueItem, submissions_to_review, values_due


@dataclass
class StaffAttention:
    due: list[DueItem]
    to_review: list[IndicatorValue]
    behind: list[progress.IndicatorFigure]
    open_alerts: list[Alert]
    pending_council: list  # governance Decisions
    notifications: list[Notice]
    departments: list[str]


def staff_attention(*, user: AnyUser, today: datetime.date | None = None) -> StaffAttention:
    """What needs this person's attention: their departments' values due or overdue, submissions to approve
    (M&E), behind indicators of the default plan, open alerts, decisions awaiting the City Council, and unread
    notifications. A fixed number of queries."""
    today = today or timezone.localdate()
    departments = roles.indicator_departments(user)
    everything = roles.can_run_monitoring(user)
    due = (
        values_due(today=today, departments=None if everything else departments) if (departments or everything) else []
    )
    slug = default_plan_slug()
    behind = []
    if slug:
        dashboard = public_dashboard(slug=slug, as_of=today)
        behind = [f for f in dashboard.progress.indicators if f.status in ("behind", "at_risk")]
    return StaffAttention(
        due=due,
        to_review=list(submissions_to_review(user=user)),
        behind=behind,
        open_alerts=list(
            Alert.objects.filter(resolved_at=None).select_related("indicator", "period").order_by("-period__start")[:20]
        ),
        pending_council=governance_selectors.decisions_awaiting_council(),
        notifications=list(notice_selectors.notices_for(user).filter(read_at=None)[:20]),
        departments=sorted(str(ResponsibleEntity(department).label) for department in departments),
    )
