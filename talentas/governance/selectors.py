"""Reads of governance. Each says how many queries it makes."""

import datetime

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from talentas.core.errors import NotFound

from .models import Decision, SteeringMeeting


def meetings_of(*, plan) -> QuerySet[SteeringMeeting]:
    """The plan's Steering Committee meetings, newest first, with agenda and decision counts. One query."""
    return (
        SteeringMeeting.objects.filter(plan=plan)
        .annotate(item_count=Count("agenda_items", distinct=True), decision_count=Count("decisions", distinct=True))
        .order_by("-date")
    )


def meeting_detail(*, pk: int) -> SteeringMeeting:
    """A meeting with its agenda (and each item's alert and indicator) and decisions. Four queries."""
    meeting = (
        SteeringMeeting.objects.select_related("plan")
        .prefetch_related("agenda_items__alert__indicator", "agenda_items__alert__period", "decisions__agenda_item")
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise NotFound(_("There is no such meeting."), code="meeting_not_found")
    return meeting


def decision(*, pk: int) -> Decision:
    """One decision. One query."""
    found = Decision.objects.filter(pk=pk).first()
    if found is None:
        raise NotFound(_("There is no such decision."), code="decision_not_found")
    return found


def decisions_awaiting_council() -> list[Decision]:
    """Every decision the City Council has yet to approve or reject, oldest first, with its meeting. One query."""
    return list(
        Decision.objects.filter(council_status=Decision.Council.PENDING).select_related("meeting").order_by("pk")
    )


def decisions_between(*, plan, start: datetime.date, end: datetime.date) -> QuerySet[Decision]:
    """The plan's decisions taken at meetings from `start` up to (not including) `end`. One query."""
    return Decision.objects.filter(meeting__plan=plan, meeting__date__gte=start, meeting__date__lt=end).select_related(
        "meeting"
    )
