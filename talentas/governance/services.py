"""Writes of governance: meetings scheduled and held, agenda items, decisions, and the City Council's outcome for
the decisions that need it. Every function checks the caller's right, validates and writes in one transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talentas.accounts.permissions import AnyUser
from talentas.audit.services import changes_since, log_action, snapshot
from talentas.core.errors import Conflict, DomainError, PermissionDenied, validate
from talentas.core.i18n import in_every_language
from talentas.monitoring import periods
from talentas.monitoring.services import period_end

from . import permissions
from .models import AgendaItem, Decision, SteeringMeeting


def next_meeting(*, plan, after: datetime.date) -> SteeringMeeting:
    """The plan's next planned Steering Committee meeting on or after `after`, or a new one for the middle of the
    next quarter's second month (the committee meets quarterly)."""
    meeting = (
        SteeringMeeting.objects.filter(plan=plan, state=SteeringMeeting.State.PLANNED, date__gte=after)
        .order_by("date")
        .first()
    )
    if meeting is not None:
        return meeting
    span = periods.quarter_of(after)
    day = datetime.date(span.start.year, span.start.month + 1, 15)
    if day < after:
        following = periods.quarter_of(span.end)
        day = datetime.date(following.start.year, following.start.month + 1, 15)
    meeting, _created = SteeringMeeting.objects.get_or_create(
        plan=plan,
        date=day,
        defaults=in_every_language(
            "title", lambda: _("Steering Committee, %(quarter)s") % {"quarter": periods.quarter_of(day).label}
        ),
    )
    return meeting


@transaction.atomic
def put_alert_on_next_agenda(*, plan, after: datetime.date, alert, texts: dict[str, Any]) -> AgendaItem:
    """An underperformance alert as the last item of the next meeting's agenda, once per meeting and alert.
    `texts` are the item's title and notes in every language (`title_lt`, `title_en`, `notes_lt`...)."""
    meeting = next_meeting(plan=plan, after=after)
    item, _created = AgendaItem.objects.get_or_create(
        meeting=meeting, alert=alert, defaults={**texts, "order": meeting.agenda_items.count() + 1}
    )
    return item


def _require_meetings(user: AnyUser) -> None:
    if not permissions.can_manage_meetings(user):
        raise PermissionDenied(
            _("Only the M&E team and plan managers may keep the Steering Committee's records."),
            code="meetings_forbidden",
        )


@transaction.atomic
def schedule_meeting(*, user: AnyUser, plan, date: datetime.date, title: str) -> SteeringMeeting:
    _require_meetings(user)
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Give the meeting a title."), field="title", code="title_required")
    if SteeringMeeting.objects.filter(plan=plan, date=date).exists():
        raise Conflict(_("There is already a meeting on that day."), field="date", code="meeting_exists")
    meeting = SteeringMeeting.objects.create(plan=plan, date=date, title=title)
    log_action(actor=user, verb="governance.meeting.schedule", target=meeting, changes=changes_since({}, meeting))
    return meeting


@transaction.atomic
def record_meeting_held(*, user: AnyUser, meeting: SteeringMeeting, minutes: str) -> SteeringMeeting:
    _require_meetings(user)
    meeting = SteeringMeeting.objects.select_for_update().get(pk=meeting.pk)
    before = snapshot(meeting)
    meeting.state, meeting.minutes = SteeringMeeting.State.HELD, (minutes or "").strip()
    meeting.save(update_fields=["state", "minutes", "updated_at"])
    log_action(actor=user, verb="governance.meeting.held", target=meeting, changes=changes_since(before, meeting))
    return meeting


@transaction.atomic
def record_decision(
    *,
    user: AnyUser,
    meeting: SteeringMeeting,
    kind: str,
    text: str,
    agenda_item: AgendaItem | None = None,
    responsible: str = "",
    due_date: datetime.date | None = None,
) -> Decision:
    """Record a decision. A budget or timeline change is marked as awaiting the City Council's approval."""
    _require_meetings(user)
    if kind not in Decision.Kind.values:
        raise DomainError(_("Choose what kind of decision it is."), field="kind", code="kind_invalid")
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write the decision."), field="text", code="text_required")
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise DomainError(
            _("The agenda item belongs to another meeting."), field="agenda_item", code="agenda_item_elsewhere"
        )
    needs_council = kind in (Decision.Kind.BUDGET_CHANGE, Decision.Kind.TIMELINE_CHANGE)
    decision = Decision(
        meeting=meeting,
        agenda_item=agenda_item,
        kind=kind,
        text=text,
        responsible=(responsible or "").strip(),
        due_date=due_date,
        council_status=Decision.Council.PENDING if needs_council else Decision.Council.NOT_NEEDED,
    )
    validate(decision)
    decision.save()
    log_action(actor=user, verb="governance.decision.record", target=decision, changes=changes_since({}, decision))
    if agenda_item is not None and agenda_item.alert_id:
        period_end.resolve_alert(alert_id=agenda_item.alert_id)
    return decision


@transaction.atomic
def record_council_outcome(
    *, user: AnyUser, decision: Decision, approved: bool, decided_on: datetime.date, reference: str = ""
) -> Decision:
    """The City Council approved or rejected a decision awaiting it. Conflict if it was not awaiting one."""
    if not permissions.can_record_council_outcome(user):
        raise PermissionDenied(
            _("Only plan managers may record the City Council's decisions."), code="council_forbidden"
        )
    updated = Decision.objects.filter(pk=decision.pk, council_status=Decision.Council.PENDING).update(
        council_status=Decision.Council.APPROVED if approved else Decision.Council.REJECTED,
        council_decided_at=decided_on,
        council_reference=(reference or "").strip()[:120],
        updated_at=timezone.now(),
    )
    if not updated:
        raise Conflict(_("This decision is not awaiting the City Council."), code="not_awaiting_council")
    decided = Decision.objects.get(pk=decision.pk)
    changes: dict[str, list[Any]] = {
        "council_status": [Decision.Council.PENDING, decided.council_status],
        "council_decided_at": [None, decided.council_decided_at],
        "council_reference": ["", decided.council_reference],
    }
    log_action(actor=user, verb="governance.decision.council_outcome", target=decided, changes=changes)
    return decided
