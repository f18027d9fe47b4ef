"""Monitoring of an action plan: indicator values by period, their review and audit trail, underperformance
alerts (which the Steering Committee takes up, see `talentas.governance`), the budget as spent, actual dates of
actions, and reports.

The plan itself (objectives, actions, indicators with their targets, budget phases, funding sources) lives in
`talentas.plans`; monitoring adds what happens to it. Every write goes through `services/`.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from talentas.core.models import TimeStampedModel

non_negative = MinValueValidator(Decimal(0))
positive_weight = MinValueValidator(Decimal("0.01"))


# --- Reporting periods -------------------------------------------------------------------------------------------


class ReportingPeriod(TimeStampedModel):
    """A quarter or a calendar year, shared by every plan. `end` is exclusive: [start, end)."""

    class Kind(models.TextChoices):
        QUARTER = "quarter", _("Quarter")
        YEAR = "year", _("Year")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    start = models.DateField(_("first day"))
    end = models.DateField(_("day after the last day"))
    closed_at = models.DateTimeField(
        _("closed"),
        null=True,
        blank=True,
        help_text=_("When the period-end run froze automatic values and checked for underperformance."),
    )

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["start", "-end"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "quarter"], name="monitoring_period_unique"),
            models.UniqueConstraint(fields=["year"], condition=Q(kind="year"), name="monitoring_period_one_year_row"),
            models.CheckConstraint(
                condition=(Q(kind="quarter", quarter__gte=1, quarter__lte=4) | Q(kind="year", quarter__isnull=True)),
                name="monitoring_period_quarter_matches_kind",
            ),
            models.CheckConstraint(condition=Q(start__lt=F("end")), name="monitoring_period_start_before_end"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        """How people and files name the period: 2025-Q1, or 2025 for a year."""
        return f"{self.year}-Q{self.quarter}" if self.kind == self.Kind.QUARTER else str(self.year)

    @property
    def label(self) -> str:
        if self.kind == self.Kind.QUARTER:
            return _("Q%(quarter)s %(year)s") % {"quarter": self.quarter, "year": self.year}
        return str(self.year)


# --- Indicator and action settings ------------------------------------------------------------------------------


class Direction(models.TextChoices):
    UP = "up", _("Higher is better")
    DOWN = "down", _("Lower is better")


class Accumulation(models.TextChoices):
    """How period values add up to a year or to the whole plan."""

    SUM = "sum", _("Add the periods up (a count of things done)")
    LATEST = "latest", _("Take the latest period (a level, such as registered users)")


class Frequency(models.TextChoices):
    QUARTERLY = "quarterly", _("Every quarter")
    ANNUAL = "annual", _("Every year")


class Breakdown(models.TextChoices):
    """The IAP's cross-cutting themes an indicator may be broken down by."""

    GENDER = "gender", _("Gender")
    AGE_GROUP = "age_group", _("Age group")
    TALENT_KIND = "talent_kind", _("Kind of talent")


BREAKDOWN_CATEGORIES: dict[str, tuple[tuple[str, str | Promise], ...]] = {
    Breakdown.GENDER: (("women", _("Women")), ("men", _("Men")), ("other", _("Other or not stated"))),
    Breakdown.AGE_GROUP: (
        ("under_18", _("Under 18")),
        ("18_29", _("18–29")),  # noqa: RUF001 (an en dash between ages)
        ("30_44", _("30–44")),  # noqa: RUF001
        ("45_plus", _("45 and over")),
    ),
    Breakdown.TALENT_KIND: (
        ("student", _("Student")),
        ("returnee", _("Returnee")),
        ("newcomer", _("Newcomer")),
        ("local_professional", _("Local professional")),
        ("entrepreneur", _("Entrepreneur")),
    ),
}


class IndicatorSettings(TimeStampedModel):
    """How monitoring treats one plan indicator: its weight in the action's roll-up, direction, how periods add
    up, how often a value is due and how many days after the period's end, and its breakdowns."""

    indicator = models.OneToOneField(
        "plans.Indicator", on_delete=models.CASCADE, related_name="monitoring_settings", verbose_name=_("indicator")
    )
    weight = models.DecimalField(
        _("weight in the action's progress"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(1),
        validators=[positive_weight],
        help_text=_("Relative: the weights of an action's indicators are normalised to add up to 100%."),
    )
    direction = models.CharField(_("desired direction"), max_length=4, choices=Direction.choices, default=Direction.UP)
    accumulation = models.CharField(
        _("how periods add up"), max_length=10, choices=Accumulation.choices, default=Accumulation.SUM
    )
    frequency = models.CharField(_("value due"), max_length=10, choices=Frequency.choices, default=Frequency.QUARTERLY)
    due_days = models.PositiveSmallIntegerField(
        _("days to report after the period"),
        default=30,
        help_text=_("A period's value is due this many days after it ends."),
    )
    breakdowns = models.JSONField(_("breakdowns"), default=list, blank=True)

    class Meta:
        verbose_name = _("indicator settings")
        verbose_name_plural = _("indicator settings")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="monitoring_indicator_weight_positive"),
            models.CheckConstraint(condition=Q(direction__in=Direction.values), name="monitoring_indicator_direction"),
            models.CheckConstraint(
                condition=Q(accumulation__in=Accumulation.values), name="monitoring_indicator_accumulation"
            ),
            models.CheckConstraint(condition=Q(frequency__in=Frequency.values), name="monitoring_indicator_frequency"),
        ]

    def __str__(self) -> str:
        return str(self.indicator)


class IndicatorGoal(TimeStampedModel):
    """A dated goal of an indicator: the IAP's target for one year. For an annual target it replaces the plan's
    target in that year; for a target over the whole plan it is the milestone to reach, counted since the plan's
    start, by the end of that year. Without a goal for a year, the plan's target applies."""

    indicator = models.ForeignKey(
        "plans.Indicator", on_delete=models.CASCADE, related_name="monitoring_goals", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2, validators=[non_negative])
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("indicator goal")
        verbose_name_plural = _("indicator goals")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="monitoring_goal_one_per_year"),
            models.CheckConstraint(condition=Q(target_value__gte=0), name="monitoring_goal_target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.target_value}"


class ActionSettings(TimeStampedModel):
    """An action's weight in its objective's progress and when it really started and finished."""

    action = models.OneToOneField(
        "plans.Action", on_delete=models.CASCADE, related_name="monitoring_settings", verbose_name=_("action")
    )
    weight = models.DecimalField(
        _("weight in the objective's progress"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(1),
        validators=[positive_weight],
        help_text=_("Relative: the weights of an objective's actions are normalised to add up to 100%."),
    )
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual finish"), null=True, blank=True)

    class Meta:
        verbose_name = _("action settings")
        verbose_name_plural = _("action settings")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="monitoring_action_weight_positive"),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True) | Q(actual_start__isnull=False, actual_start__lte=F("actual_end")),
                name="monitoring_action_actual_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return str(self.action)


# --- Indicator values -------------------------------------------------------------------------------------------


class ValueSource(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    AUTOMATIC = "automatic", _("From the platform's modules")
    IMPORT = "import", _("Imported from a spreadsheet")


class ValueState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for changes")


OPEN_STATES = (ValueState.DRAFT, ValueState.SUBMITTED, ValueState.RETURNED)


class IndicatorValue(TimeStampedModel):
    """One revision of an indicator's value for a period.

    Revision 1 is the first value; an approved revision is locked, and a correction is a new revision that,
    once approved, supersedes it (the old one stays, visibly superseded). At most one revision per indicator
    and period is open (draft, submitted or returned) and at most one approved revision is current.
    """

    indicator = models.ForeignKey(
        "plans.Indicator", on_delete=models.CASCADE, related_name="monitoring_values", verbose_name=_("indicator")
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="values", verbose_name=_("period")
    )
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, validators=[non_negative])
    breakdown = models.JSONField(_("breakdown"), default=dict, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=ValueSource.choices, default=ValueSource.MANUAL)
    state = models.CharField(_("state"), max_length=10, choices=ValueState.choices, default=ValueState.DRAFT)
    comment = models.TextField(_("comment"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to="monitoring/evidence/%Y/%m/", blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    # The four-eyes rule: whoever last changed the figures may not approve them (the enterer neither).
    last_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    superseded_at = models.DateTimeField(_("superseded"), null=True, blank=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["period__start", "revision"]
        indexes = [models.Index(fields=["state", "superseded_at"], name="monitoring_value_state_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "revision"], name="monitoring_value_revision_unique"
            ),
            models.UniqueConstraint(
                fields=["indicator", "period"],
                condition=Q(state__in=["draft", "submitted", "returned"]),
                name="monitoring_value_one_open_revision",
                violation_error_message=_("This period already has a value being prepared."),
            ),
            models.UniqueConstraint(
                fields=["indicator", "period"],
                condition=Q(state="approved", superseded_at__isnull=True),
                name="monitoring_value_one_current_approved",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="monitoring_value_not_negative"),
            models.CheckConstraint(condition=Q(revision__gte=1), name="monitoring_value_revision_positive"),
            models.CheckConstraint(condition=Q(state__in=ValueState.values), name="monitoring_value_state"),
            models.CheckConstraint(condition=Q(source__in=ValueSource.values), name="monitoring_value_source"),
            models.CheckConstraint(
                condition=Q(superseded_at__isnull=True) | Q(state="approved"),
                name="monitoring_value_only_approved_superseded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period.code} r{self.revision}: {self.value}"

    @property
    def is_locked(self) -> bool:
        return self.state == ValueState.APPROVED

    @property
    def is_correction(self) -> bool:
        return self.revision > 1

    @property
    def is_current(self) -> bool:
        return self.state == ValueState.APPROVED and self.superseded_at is None


class ValueAuditEntry(models.Model):
    """One change to a value: who, when, what it was and what it became. Never edited or deleted."""

    class Change(models.TextChoices):
        CREATED = "created", _("Entered")
        EDITED = "edited", _("Changed")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")
        SUPERSEDED = "superseded", _("Superseded by a correction")
        IMPORTED = "imported", _("Imported")
        FROZEN = "frozen", _("Frozen at period end")

    value = models.ForeignKey(IndicatorValue, on_delete=models.CASCADE, related_name="audit_entries")
    indicator = models.ForeignKey("plans.Indicator", on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    change = models.CharField(_("change"), max_length=12, choices=Change.choices)
    field = models.CharField(_("field"), max_length=30, blank=True)
    old = models.TextField(_("old value"), blank=True)
    new = models.TextField(_("new value"), blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.change} {self.field}"


# --- Spreadsheet imports ---------------------------------------------------------------------------------------


class ValueImport(TimeStampedModel):
    """One spreadsheet of values being imported: small ones at once, larger ones in the task queue, with the
    progress the person who uploaded it sees. The file is kept only until its rows are imported."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    filename = models.CharField(_("file name"), max_length=200)
    file = models.FileField(_("spreadsheet"), upload_to="monitoring/imports/%Y/%m/", blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    saved_rows = models.PositiveIntegerField(_("rows saved"), default=0)
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("value import")
        verbose_name_plural = _("value imports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["queued", "running", "done", "failed"]), name="monitoring_import_state"
            ),
            models.CheckConstraint(
                condition=Q(processed_rows__lte=F("total_rows")), name="monitoring_import_progress_bounded"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.state})"

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def percent(self) -> int:
        return 100 if not self.total_rows else self.processed_rows * 100 // self.total_rows

    @property
    def refused_rows(self) -> int:
        return self.processed_rows - self.saved_rows


class ValueImportRefusal(models.Model):
    """One row of an import that was refused, with the reason in the uploader's language. A row of its own,
    written with the import's progress in one transaction: an import resumed after its worker died neither
    loses nor repeats a refusal."""

    value_import = models.ForeignKey(ValueImport, on_delete=models.CASCADE, related_name="refusals")
    line = models.PositiveIntegerField(_("line"))
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("refused import row")
        verbose_name_plural = _("refused import rows")
        ordering = ["value_import", "line"]
        constraints = [
            models.UniqueConstraint(fields=["value_import", "line"], name="monitoring_import_refusal_unique_line")
        ]

    def __str__(self) -> str:
        return f"{self.value_import_id}:{self.line}"


# --- Underperformance ----------------------------------------------------------


class Alert(TimeStampedModel):
    """An indicator found behind at the end of a period."""

    indicator = models.ForeignKey("plans.Indicator", on_delete=models.CASCADE, related_name="monitoring_alerts")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="alerts")
    progress = models.DecimalField(_("progress"), max_digits=8, decimal_places=4, null=True, blank=True)
    expected = models.DecimalField(_("expected progress"), max_digits=8, decimal_places=4, null=True, blank=True)
    explanation = models.TextField(_("how it was computed"), blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("underperformance alert")
        verbose_name_plural = _("underperformance alerts")
        ordering = ["-period__start", "indicator__code"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="monitoring_alert_once")]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period.code}"


# --- Budget -------------------------------------------------------------------------------------------------------


class BudgetLine(TimeStampedModel):
    """A planned amount for an action (or the plan as a whole) in one budget phase from one funding source."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="budget_lines")
    action = models.ForeignKey(
        "plans.Action", on_delete=models.CASCADE, null=True, blank=True, related_name="budget_lines"
    )
    phase = models.ForeignKey("plans.BudgetPhase", on_delete=models.CASCADE, related_name="budget_lines")
    source = models.ForeignKey(
        "plans.FundingSource", on_delete=models.SET_NULL, null=True, blank=True, related_name="budget_lines"
    )
    planned_eur = models.DecimalField(_("planned (EUR)"), max_digits=14, decimal_places=2, validators=[non_negative])
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["phase__order", "action__code", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(planned_eur__gte=0), name="monitoring_budget_line_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.action or self.plan} · {self.phase} · {self.source or '—'}"


class BudgetEntry(TimeStampedModel):
    """Money committed (a contract, a grant agreement) or spent (a payment) against a budget line."""

    class Kind(models.TextChoices):
        COMMITMENT = "commitment", _("Commitment")
        EXPENDITURE = "expenditure", _("Expenditure")

    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    amount_eur = models.DecimalField(_("amount (EUR)"), max_digits=14, decimal_places=2)
    date = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Where an entry another module keeps in step came from ("calls.award.12", "calls.instalment.34"); empty for
    # what the Finance and Investment Department types in. One entry per origin, so following it is idempotent.
    origin = models.CharField(_("recorded from"), max_length=60, blank=True, editable=False)

    class Meta:
        verbose_name = _("budget entry")
        verbose_name_plural = _("budget entries")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["origin"], condition=~Q(origin=""), name="monitoring_budget_entry_one_per_origin"
            ),
            models.CheckConstraint(condition=Q(amount_eur__gt=0), name="monitoring_budget_entry_positive"),
            models.CheckConstraint(
                condition=Q(kind__in=["commitment", "expenditure"]), name="monitoring_budget_entry_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount_eur} {self.date}"


# --- Reports ------------------------------------------------------------------------------------------------------


class Report(TimeStampedModel):
    """A generated report, archived with the figures it was made from (`snapshot`), so it can be made again
    exactly as it was, and later corrections can be shown against it."""

    class Kind(models.TextChoices):
        QUARTERLY = "quarterly", _("Quarterly internal report")
        ANNUAL = "annual", _("Annual public report")

    class State(models.TextChoices):
        QUEUED = "queued", _("Being generated")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="monitoring_reports")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="reports")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    snapshot = models.JSONField(_("frozen figures"), default=dict, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="monitoring/reports/", blank=True)
    xlsx = models.FileField(_("spreadsheet"), upload_to="monitoring/reports/", blank=True)
    generated_at = models.DateTimeField(_("generated"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-period__start", "kind", "language"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind", "period", "language"], name="monitoring_report_unique"),
            models.CheckConstraint(condition=Q(kind__in=["quarterly", "annual"]), name="monitoring_report_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period.code} ({self.language})"

    @property
    def is_public(self) -> bool:
        return self.kind == self.Kind.ANNUAL
