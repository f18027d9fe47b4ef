"""The action plan as data: a city's Integrated Action Plan, its objectives, actions, indicators, budget and governance.

Texts people read are translated with django-modeltranslation (see translation.py): each has an `_lt` and an
`_en` column. Plans are written by `services.load_plan` from a plan file; staff may correct them in the admin.
"""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager

from talentas.core.choices import ResponsibleEntity
from talentas.core.models import TimeStampedModel

from .choices import Horizon, IndicatorCategory, IndicatorKind, MeetingFrequency, Partner, Resource, TargetPeriod

CODE_PATTERN = r"^[A-Za-z0-9]+([.-][A-Za-z0-9]+)*$"
# A module metric is named "<module>.<metric>[.<qualifier>]", e.g. "events.held.networking".
METRIC_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$"

validate_code = RegexValidator(CODE_PATTERN, _("Use letters and digits, separated by dots or hyphens (e.g. 1.2)."))
validate_metric = RegexValidator(
    METRIC_PATTERN, _("Name a module metric as module.metric in lower case, e.g. events.held.")
)
non_negative = MinValueValidator(Decimal(0))


@deconstructible
class KeyListValidator:
    """A JSON list holds each key of a vocabulary (TextChoices) at most once."""

    def __init__(self, choices: type[models.TextChoices]):
        self.choices = choices

    def __call__(self, value) -> None:
        if not isinstance(value, list):
            raise ValidationError(_("Must be a list of keys."), code="not_a_list")
        unknown = [key for key in value if key not in self.choices.values]
        if unknown:
            raise ValidationError(
                _("Unknown key(s): %(unknown)s. Allowed: %(allowed)s."),
                code="unknown_key",
                params={"unknown": ", ".join(map(str, unknown)), "allowed": ", ".join(self.choices.values)},
            )
        if len(set(value)) != len(value):
            raise ValidationError(_("Each key may be listed once."), code="duplicate")

    def __eq__(self, other) -> bool:
        return isinstance(other, KeyListValidator) and other.choices is self.choices


def is_first_of_month(value) -> bool:
    return value is None or value.day == 1


def _choice_in(field: str, choices: type[models.TextChoices], *, blank: bool = False) -> Q:
    values = list(choices.values) + ([""] if blank else [])
    return Q(**{f"{field}__in": values})


class Plan(TimeStampedModel):
    # modeltranslation would swap the manager in at start-up anyway; saying it here lets type checkers see it.
    objects = MultilingualManager["Plan"]()

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    is_default = models.BooleanField(
        _("default plan"), default=False, help_text=_("The plan the home page shows. At most one plan is default.")
    )
    city = models.CharField(_("city"), max_length=120)
    country = models.CharField(_("country"), max_length=120)
    title = models.CharField(_("title"), max_length=250)
    network = models.CharField(_("network"), max_length=120, blank=True)
    programme = models.CharField(_("programme"), max_length=120, blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    context = models.TextField(_("context"), blank=True)
    methodology = models.TextField(_("methodology"), blank=True)
    integrated_approach = models.TextField(_("integrated approach"), blank=True)
    core_problem = models.TextField(_("core problem"))
    vision = models.TextField(_("vision"))
    total_budget_eur = models.DecimalField(
        _("total budget (EUR)"), max_digits=14, decimal_places=2, validators=[non_negative]
    )
    budget_summary = models.TextField(_("budget summary"), blank=True)
    funding_summary = models.TextField(_("funding summary"), blank=True)
    non_financial_resources = models.TextField(_("non-financial resources"), blank=True)
    governance_summary = models.TextField(_("governance summary"), blank=True)
    monitoring_coordinator = models.CharField(_("monitoring coordinated by"), max_length=250, blank=True)
    quarterly_internal_reports = models.BooleanField(_("quarterly internal reports"), default=False)
    annual_public_reports = models.BooleanField(_("annual public reports"), default=False)
    midterm_evaluation = models.BooleanField(_("mid-term evaluation"), default=False)
    final_evaluation = models.BooleanField(_("final evaluation"), default=False)
    independent_evaluations = models.BooleanField(_("evaluations are independent"), default=False)
    realtime_dashboard = models.BooleanField(_("real-time dashboard"), default=False)
    monitoring_summary = models.TextField(_("monitoring summary"), blank=True)
    source_note = models.TextField(_("source document"), blank=True)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-is_default", "city", "slug"]
        constraints = [
            models.CheckConstraint(condition=Q(start_year__lte=F("end_year")), name="plans_plan_years_in_order"),
            models.CheckConstraint(condition=Q(total_budget_eur__gte=0), name="plans_plan_budget_not_negative"),
            models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True), name="plans_one_default_plan"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:detail", kwargs={"slug": self.slug})

    def all_actions(self) -> list["Action"]:
        """Every action in plan order, from the prefetched objectives when there are."""
        return [action for objective in self.objectives.all() for action in objective.actions.all()]

    def phases_total_eur(self) -> Decimal:
        """What the budget phases add up to; it may differ from the total, which plans often round."""
        return sum((phase.amount_eur for phase in self.budget_phases.all()), Decimal(0))


class PlanPart(TimeStampedModel):
    """A row of one plan (each subclass names its `plan` key), shown in the plan file's order."""

    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = MultilingualManager()

    class Meta:
        abstract = True
        ordering = ["order", "pk"]


class PlanFact(PlanPart):
    """A figure from the city profile, e.g. 51,340 residents."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="facts")
    label = models.CharField(_("label"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta(PlanPart.Meta):
        verbose_name = _("city fact")
        verbose_name_plural = _("city facts")

    def __str__(self) -> str:
        return f"{self.label}: {self.value} {self.unit}".strip()


class ProblemCause(PlanPart):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="causes")
    label = models.CharField(_("short label"), max_length=120, blank=True)
    text = models.TextField(_("cause"))

    class Meta(PlanPart.Meta):
        verbose_name = _("cause of the core problem")
        verbose_name_plural = _("causes of the core problem")

    def __str__(self) -> str:
        return self.label or self.text


class StrategicObjective(PlanPart):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives")
    code = models.CharField(_("code"), max_length=10, validators=[validate_code])
    title = models.CharField(_("title"), max_length=300)

    class Meta(PlanPart.Meta):
        verbose_name = _("strategic objective")
        verbose_name_plural = _("strategic objectives")
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="plans_objective_code_unique")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Action(PlanPart):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    objective = models.ForeignKey(StrategicObjective, on_delete=models.CASCADE, related_name="actions")
    code = models.CharField(_("code"), max_length=20, validators=[validate_code])
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2, validators=[non_negative])
    target_unit = models.CharField(_("target unit"), max_length=100)
    target_period = models.CharField(_("target period"), max_length=10, choices=TargetPeriod.choices)
    target_text = models.CharField(
        _("output target as written"), max_length=300, blank=True, help_text=_("The target in the plan's own words.")
    )
    lead = models.CharField(_("action lead"), max_length=200)
    partners = models.JSONField(_("partners"), default=list, blank=True, validators=[KeyListValidator(Partner)])
    resourcing = models.JSONField(_("resourcing"), default=list, blank=True, validators=[KeyListValidator(Resource)])
    timeframe = models.CharField(
        _("timeframe as written"), max_length=200, blank=True, help_text=_("The timeframe in the plan's own words.")
    )
    horizon = models.CharField(_("horizon"), max_length=10, choices=Horizon.choices, blank=True)
    planned_start = models.DateField(_("planned start (month)"), null=True, blank=True)
    planned_end = models.DateField(_("planned end (month)"), null=True, blank=True)
    ready_by = models.DateField(
        _("set up by (month)"),
        null=True,
        blank=True,
        help_text=_("When the set-up the timeframe names is done: the fund open, the first event held, ..."),
    )

    class Meta(PlanPart.Meta):
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="plans_action_code_unique"),
            models.CheckConstraint(condition=Q(target_value__gte=0), name="plans_action_target_not_negative"),
            models.CheckConstraint(condition=_choice_in("target_period", TargetPeriod), name="plans_action_period"),
            models.CheckConstraint(condition=_choice_in("horizon", Horizon, blank=True), name="plans_action_horizon"),
            models.CheckConstraint(
                condition=Q(planned_start__isnull=True)
                | Q(planned_end__isnull=True)
                | Q(planned_start__lte=F("planned_end")),
                name="plans_action_start_before_end",
            ),
            models.CheckConstraint(
                condition=Q(ready_by__isnull=True)
                | (
                    Q(planned_start__isnull=False, planned_end__isnull=False)
                    & Q(ready_by__gte=F("planned_start"), ready_by__lte=F("planned_end"))
                ),
                name="plans_action_ready_within_schedule",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("plans:action", kwargs={"slug": self.plan.slug, "code": self.code})

    def clean(self) -> None:
        errors = {
            name: _("Use the first day of a month.")
            for name in ("planned_start", "planned_end", "ready_by")
            if not is_first_of_month(getattr(self, name))
        }
        if self.objective_id and self.plan_id and self.objective.plan_id != self.plan_id:
            errors["objective"] = _("The objective belongs to another plan.")
        if errors:
            raise ValidationError(errors)

    def partner_labels(self) -> list[str]:
        return [str(Partner(key).label) for key in self.partners]

    def resourcing_labels(self) -> list[str]:
        return [str(Resource(key).label) for key in self.resourcing]


class Indicator(PlanPart):
    """What monitoring measures. Reloading a plan never deletes one: it is deactivated, so values recorded stay."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    action = models.ForeignKey(Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="indicators")
    code = models.CharField(_("code"), max_length=30, validators=[validate_code])
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=IndicatorKind.choices)
    category = models.CharField(_("category"), max_length=30, choices=IndicatorCategory.choices)
    responsible = models.CharField(_("responsible entity"), max_length=40, choices=ResponsibleEntity.choices)
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[non_negative]
    )
    target_period = models.CharField(_("target period"), max_length=10, choices=TargetPeriod.choices, blank=True)
    baseline_value = models.DecimalField(_("baseline value"), max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    metric = models.CharField(
        _("module metric"),
        max_length=100,
        blank=True,
        validators=[validate_metric],
        help_text=_("The module metric that will feed this indicator, e.g. events.held. Empty: reported by hand."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta(PlanPart.Meta):
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="plans_indicator_code_unique"),
            models.CheckConstraint(condition=_choice_in("kind", IndicatorKind), name="plans_indicator_kind"),
            models.CheckConstraint(
                condition=_choice_in("category", IndicatorCategory), name="plans_indicator_category"
            ),
            models.CheckConstraint(
                condition=_choice_in("responsible", ResponsibleEntity), name="plans_indicator_responsible"
            ),
            models.CheckConstraint(
                condition=Q(target_value__isnull=True) | Q(target_value__gte=0),
                name="plans_indicator_target_not_negative",
            ),
            # A target says whether it is per year or overall; no target, no period.
            models.CheckConstraint(
                condition=Q(target_value__isnull=True, target_period="")
                | (Q(target_value__isnull=False) & _choice_in("target_period", TargetPeriod)),
                name="plans_indicator_target_has_period",
            ),
            models.CheckConstraint(
                condition=Q(baseline_year__isnull=True) | Q(baseline_value__isnull=False),
                name="plans_indicator_baseline_year_needs_value",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        action = self.action
        if action is not None and self.plan_id and action.plan_id != self.plan_id:
            raise ValidationError({"action": _("The action belongs to another plan.")})


class BudgetPhase(PlanPart):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="budget_phases")
    horizon = models.CharField(_("horizon"), max_length=10, choices=Horizon.choices)
    name = models.CharField(_("name"), max_length=100)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    amount_eur = models.DecimalField(_("amount (EUR)"), max_digits=14, decimal_places=2, validators=[non_negative])
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)

    class Meta(PlanPart.Meta):
        verbose_name = _("budget phase")
        verbose_name_plural = _("budget phases")
        constraints = [
            models.UniqueConstraint(fields=["plan", "horizon"], name="plans_budget_phase_horizon_unique"),
            models.CheckConstraint(condition=_choice_in("horizon", Horizon), name="plans_budget_phase_horizon"),
            models.CheckConstraint(condition=Q(start_year__lte=F("end_year")), name="plans_budget_phase_years"),
            models.CheckConstraint(condition=Q(amount_eur__gte=0), name="plans_budget_phase_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.start_year}-{self.end_year}"


class FundingSource(PlanPart):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="funding_sources")
    group = models.CharField(_("group"), max_length=200)
    name = models.CharField(_("name"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)

    class Meta(PlanPart.Meta):
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")

    def __str__(self) -> str:
        return self.name


class GovernanceBody(PlanPart):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="governance_bodies")
    name = models.CharField(_("name"), max_length=200)
    role = models.TextField(_("role and responsibilities"), blank=True)
    members = models.JSONField(_("members"), default=list, blank=True)
    meeting_frequency = models.CharField(
        _("meets"), max_length=20, choices=MeetingFrequency.choices, blank=True, help_text=_("Empty: not stated.")
    )

    class Meta(PlanPart.Meta):
        verbose_name = _("governance body")
        verbose_name_plural = _("governance bodies")
        constraints = [
            models.CheckConstraint(
                condition=_choice_in("meeting_frequency", MeetingFrequency, blank=True),
                name="plans_governance_meeting_frequency",
            )
        ]

    def __str__(self) -> str:
        return self.name


class MonitoringResponsibility(PlanPart):
    """One row of the IAP's monitoring table: which entity answers for a category of indicators."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="monitoring_responsibilities")
    category = models.CharField(_("indicator category"), max_length=30, choices=IndicatorCategory.choices)
    indicator_type = models.CharField(_("indicator type as written"), max_length=200)
    responsible = models.CharField(_("responsible entity"), max_length=40, choices=ResponsibleEntity.choices)

    class Meta(PlanPart.Meta):
        verbose_name = _("monitoring responsibility")
        verbose_name_plural = _("monitoring responsibilities")
        constraints = [
            models.UniqueConstraint(fields=["plan", "category"], name="plans_monitoring_category_unique"),
            models.CheckConstraint(
                condition=_choice_in("category", IndicatorCategory), name="plans_monitoring_category"
            ),
            models.CheckConstraint(
                condition=_choice_in("responsible", ResponsibleEntity), name="plans_monitoring_responsible"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_type} → {self.get_responsible_display()}"


def is_code(value: str) -> bool:
    return re.fullmatch(CODE_PATTERN, value) is not None


def is_metric(value: str) -> bool:
    return re.fullmatch(METRIC_PATTERN, value) is not None
