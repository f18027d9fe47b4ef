"""Governance of an action plan: the Steering Committee's meetings, their agenda and decisions, and the City
Council's approval of the decisions that need it. Monitoring puts underperformance alerts on the agenda; the
participation module's working groups meet and decide the same way.

The tables were monitoring's (created by its migrations); `0001` took them over without touching a row.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from talentas.core.models import TimeStampedModel


class SteeringMeeting(TimeStampedModel):
    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="steering_meetings")
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PLANNED)
    minutes = models.TextField(_("minutes"), blank=True)

    class Meta:
        verbose_name = _("Steering Committee meeting")
        verbose_name_plural = _("Steering Committee meetings")
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "date"], name="monitoring_meeting_one_per_day"),
            models.CheckConstraint(condition=Q(state__in=["planned", "held"]), name="monitoring_meeting_state"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%Y-%m-%d})"


class AgendaItem(TimeStampedModel):
    meeting = models.ForeignKey(SteeringMeeting, on_delete=models.CASCADE, related_name="agenda_items")
    alert = models.ForeignKey(
        "monitoring.Alert", on_delete=models.SET_NULL, null=True, blank=True, related_name="agenda_items"
    )
    title = models.CharField(_("title"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "alert"], condition=Q(alert__isnull=False), name="monitoring_agenda_alert_once"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Decision(TimeStampedModel):
    """What the Steering Committee decided. Budget and timeline changes need the City Council's approval."""

    class Kind(models.TextChoices):
        CORRECTIVE_ACTION = "corrective", _("Corrective action")
        BUDGET_CHANGE = "budget", _("Budget change")
        TIMELINE_CHANGE = "timeline", _("Timeline change")
        OTHER = "other", _("Other decision")

    class Council(models.TextChoices):
        NOT_NEEDED = "not_needed", _("No Council approval needed")
        PENDING = "pending", _("Awaiting City Council approval")
        APPROVED = "approved", _("Approved by the City Council")
        REJECTED = "rejected", _("Rejected by the City Council")

    meeting = models.ForeignKey(SteeringMeeting, on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("decision"))
    responsible = models.CharField(_("who carries it out"), max_length=200, blank=True)
    due_date = models.DateField(_("due"), null=True, blank=True)
    council_status = models.CharField(
        _("City Council"), max_length=12, choices=Council.choices, default=Council.NOT_NEEDED
    )
    council_decided_at = models.DateField(_("Council decided on"), null=True, blank=True)
    council_reference = models.CharField(_("Council decision reference"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting__date", "pk"]
        constraints = [
            # A budget or timeline change can never skip the Council.
            models.CheckConstraint(
                condition=~Q(kind__in=["budget", "timeline"]) | ~Q(council_status="not_needed"),
                name="monitoring_decision_council_for_budget_and_timeline",
            ),
            models.CheckConstraint(
                condition=Q(council_decided_at__isnull=True) | Q(council_status__in=["approved", "rejected"]),
                name="monitoring_decision_council_date_only_when_decided",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def needs_council_approval(self) -> bool:
        return self.council_status != self.Council.NOT_NEEDED
