"""Programmes and calls: the startup grant fund, the accelerator, the incubator and pitch competitions (actions 2.1,
1.2, 1.3 and 2.2 of the plan), from the call to the award and its payment.

A Programme belongs to one action of the plan and has a budget per year (ProgrammeYear). It runs Calls, each with
its opening and closing time, eligibility rules, a budget and a maximum per award. An organisation applies to a
call once (a database constraint); its members draft the Application together, attach files and submit it before
the deadline. Staff screen, review and decide; an approval is an Award, and the call's and the programme-year's
budgets are counter rows (`committed_eur <= budget_eur`, a CheckConstraint) taken with `core.capacity` in the
same transaction as the award, so no two simultaneous approvals can over-commit either. An award is paid in
instalments, each after the first released by an accepted milestone report.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talentas.core.models import TimeStampedModel
from talentas.events.models import TextsInEachLanguage


class ProgrammeKind(models.TextChoices):
    GRANT_FUND = "grant_fund", _("Startup grant fund")
    ACCELERATOR = "accelerator", _("Accelerator")
    INCUBATOR = "incubator", _("Incubator")
    PITCH_COMPETITION = "pitch_competition", _("Pitch competition")


class Stage(models.TextChoices):
    IDEA = "idea", _("Idea")
    PROTOTYPE = "prototype", _("Prototype")
    EARLY_REVENUE = "early_revenue", _("First customers")
    GROWTH = "growth", _("Growth")


class WomenLed(models.TextChoices):
    NO = "no", _("No")
    WOMEN_LED = "women_led", _("Women-led (a woman is the chief executive or majority owner)")
    WOMEN_COFOUNDED = "women_cofounded", _("Co-founded by a woman")


class Programme(TextsInEachLanguage, TimeStampedModel):
    kind = models.CharField(_("kind"), max_length=20, choices=ProgrammeKind.choices)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    action = models.ForeignKey(
        "plans.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("plan action"),
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class ProgrammeYear(TimeStampedModel):
    """A programme's budget for one year, and what awards have committed of it (a counter, see core.capacity)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("year"))
    budget_eur = models.DecimalField(_("budget (EUR)"), max_digits=12, decimal_places=2)
    committed_eur = models.DecimalField(_("committed (EUR)"), default=0, max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("programme budget year")
        verbose_name_plural = _("programme budget years")
        ordering = ["programme", "year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="calls_programme_year_unique"),
            models.CheckConstraint(condition=Q(budget_eur__gte=0), name="calls_programme_year_budget_not_negative"),
            models.CheckConstraint(
                condition=Q(committed_eur__gte=0) & Q(committed_eur__lte=F("budget_eur")),
                name="calls_programme_year_within_budget",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.year}"

    @property
    def free_eur(self):
        return self.budget_eur - self.committed_eur


class Call(TextsInEachLanguage, TimeStampedModel):
    class WomenRule(models.TextChoices):
        NONE = "none", _("No special rule")
        EXTRA_POINTS = "extra_points", _("Extra points for women-led or women co-founded startups")
        RESERVED_SHARE = "reserved_share", _("A share of the budget reserved for women-led or co-founded startups")

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="calls", verbose_name=_("programme")
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=400, blank=True)
    body = models.TextField(_("full text"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    budget_year = models.PositiveSmallIntegerField(_("budget year"))
    budget_eur = models.DecimalField(_("budget (EUR)"), max_digits=12, decimal_places=2)
    committed_eur = models.DecimalField(_("committed (EUR)"), default=0, max_digits=12, decimal_places=2)
    max_award_eur = models.DecimalField(_("maximum award (EUR)"), max_digits=12, decimal_places=2)
    # eligibility
    require_city_registration = models.BooleanField(_("must be registered in the city"), default=True)
    max_company_age_years = models.PositiveSmallIntegerField(
        _("maximum company age (years)"), null=True, blank=True, help_text=_("Empty: any age.")
    )
    stages_allowed = models.JSONField(_("stages allowed"), default=list, blank=True, help_text=_("Empty: any stage."))
    women_rule = models.CharField(
        _("women-led startups"), max_length=16, choices=WomenRule.choices, default=WomenRule.NONE
    )
    women_extra_points = models.PositiveSmallIntegerField(_("extra points"), default=0)
    women_reserved_percent = models.PositiveSmallIntegerField(_("reserved share of the budget (%)"), default=0)
    two_stage = models.BooleanField(_("two stages (a short concept first)"), default=False)
    concept_closes_at = models.DateTimeField(
        _("concepts close at"),
        null=True,
        blank=True,
        help_text=_("Two-stage calls only: the concepts' deadline, between the opening and the closing."),
    )
    form = models.ForeignKey(
        "forms.FormVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("application form"),
        help_text=_("A published version of a form built with the form builder; its questions follow the basics."),
    )

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-opens_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="calls_call_closes_after_opening"),
            models.CheckConstraint(condition=Q(budget_eur__gte=0), name="calls_call_budget_not_negative"),
            models.CheckConstraint(
                condition=Q(committed_eur__gte=0) & Q(committed_eur__lte=F("budget_eur")),
                name="calls_call_within_budget",
            ),
            models.CheckConstraint(
                condition=Q(max_award_eur__gt=0) & Q(max_award_eur__lte=F("budget_eur")),
                name="calls_call_max_award_within_budget",
            ),
            models.CheckConstraint(condition=Q(women_reserved_percent__lte=100), name="calls_call_reserved_percent"),
            models.CheckConstraint(
                # spelled out not null: a check that reads NULL passes
                condition=Q(two_stage=False)
                | Q(
                    concept_closes_at__isnull=False,
                    concept_closes_at__gt=F("opens_at"),
                    concept_closes_at__lt=F("closes_at"),
                ),
                name="calls_call_concept_deadline_within_call",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if not self.two_stage:
            return
        if self.concept_closes_at is None:
            raise ValidationError(
                {"concept_closes_at": _("A two-stage call needs the date and time its concepts close.")},
                code="concept_deadline_required",
            )
        if self.opens_at and self.closes_at and not self.opens_at < self.concept_closes_at < self.closes_at:
            raise ValidationError(
                {"concept_closes_at": _("The concepts must close after the call opens and before it closes.")},
                code="concept_deadline_outside_call",
            )

    def deadline(self, phase: str) -> "datetime.datetime":
        """When submissions of an application in this phase close: the concepts' deadline or the call's."""
        if phase == Application.Phase.CONCEPT and self.concept_closes_at is not None:
            return self.concept_closes_at
        return self.closes_at

    def get_absolute_url(self) -> str:
        return reverse("calls:detail", kwargs={"pk": self.pk})

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_published and self.opens_at <= now < self.closes_at

    def concepts_closed(self, now=None) -> bool:
        """A two-stage call past its concepts' deadline takes no new applications: only the invited go on."""
        now = now or timezone.now()
        return self.two_stage and self.concept_closes_at is not None and now >= self.concept_closes_at

    def phase(self, now=None) -> str:
        """upcoming, open or closed, by the server's clock."""
        now = now or timezone.now()
        if now < self.opens_at:
            return "upcoming"
        return "open" if now < self.closes_at else "closed"

    @property
    def free_eur(self):
        return self.budget_eur - self.committed_eur


def _document_path(instance: "CallDocument", filename: str) -> str:
    return f"calls/documents/{filename}"


class CallDocument(TextsInEachLanguage, TimeStampedModel):
    """A document published with a call (rules, a budget template): anyone may download it once the call is out."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_document_path)

    class Meta:
        verbose_name = _("call document")
        verbose_name_plural = _("call documents")
        ordering = ["call", "pk"]

    def __str__(self) -> str:
        return self.title


class Application(TimeStampedModel):
    class Phase(models.TextChoices):
        # A two-stage call's applications start as a short concept; staff invite some to the full application.
        CONCEPT = "concept", _("Concept")
        FULL = "full", _("Full application")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONCEPT_SUBMITTED = "concept_submitted", _("Concept submitted")
        SUBMITTED = "submitted", _("Submitted")
        SCREENING = "screening", _("Eligibility screening")
        CLARIFICATION = "clarification_requested", _("Clarification requested")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not funded")
        WAITLISTED = "waitlisted", _("On the waiting list")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    EDITABLE = (Status.DRAFT, Status.CLARIFICATION)
    # What a concept holds; the eligibility declarations, the call's questions and the files are the full stage's.
    CONCEPT_FIELDS = ("project_title", "summary", "requested_eur")
    DECIDED = (Status.APPROVED, Status.REJECTED, Status.WAITLISTED)

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("call"))
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="call_applications",
        verbose_name=_("organisation"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("started by")
    )
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.DRAFT)
    phase = models.CharField(_("application stage"), max_length=8, choices=Phase.choices, default=Phase.FULL)
    invited_at = models.DateTimeField(_("invited to the full application at"), null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    project_title = models.CharField(_("project title"), max_length=200, blank=True)
    summary = models.TextField(_("project summary"), max_length=3000, blank=True)
    requested_eur = models.DecimalField(
        _("amount requested (EUR)"), null=True, blank=True, max_digits=12, decimal_places=2
    )
    # the applicant's declarations, checked against the call's eligibility rules on submit
    registered_in_city = models.BooleanField(_("registered in the city"), null=True, blank=True)
    founded_on = models.DateField(_("company registered on"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, blank=True)
    women_led = models.CharField(_("women-led"), max_length=16, choices=WomenLed.choices, blank=True)
    eligibility = models.JSONField(_("eligibility check"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_message = models.TextField(_("decision message"), blank=True)
    # The answers to the call's own form (forms.Response), one per application.
    response = models.OneToOneField(
        "forms.Response", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("call application")
        verbose_name_plural = _("call applications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["call", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "organisation"],
                name="calls_one_application_per_organisation",
                violation_error_message=_("Your organisation has already applied to this call."),
            ),
            models.CheckConstraint(
                condition=Q(requested_eur__isnull=True) | Q(requested_eur__gt=0), name="calls_requested_positive"
            ),
            models.CheckConstraint(
                condition=~Q(status="concept_submitted") | Q(phase="concept"), name="calls_concept_submitted_is_concept"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} → {self.call_id} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("calls:application", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def is_concept(self) -> bool:
        return self.phase == self.Phase.CONCEPT

    @property
    def deadline(self):
        return self.call.deadline(self.phase)

    @property
    def is_women_led(self) -> bool:
        return self.women_led in (WomenLed.WOMEN_LED, WomenLed.WOMEN_COFOUNDED)


def _attachment_path(instance: "ApplicationFile", filename: str) -> str:
    return f"calls/applications/{timezone.now().year}/{filename}"


class ApplicationFile(TimeStampedModel):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    name = models.CharField(_("file name"), max_length=200)
    file = models.FileField(_("file"), upload_to=_attachment_path)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)

    class Meta:
        verbose_name = _("application file")
        verbose_name_plural = _("application files")
        ordering = ["application", "pk"]

    def __str__(self) -> str:
        return self.name


class ApplicationMessage(TimeStampedModel):
    """The thread between the applicant organisation's members and staff on one application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    from_staff = models.BooleanField(default=False)
    body = models.TextField(_("message"), max_length=4000)

    class Meta:
        verbose_name = _("application message")
        verbose_name_plural = _("application messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:40]


class Award(TimeStampedModel):
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="award")
    amount_eur = models.DecimalField(_("amount (EUR)"), max_digits=12, decimal_places=2)
    budget_year = models.PositiveSmallIntegerField(_("budget year"))
    decided_at = models.DateTimeField(_("decided at"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-decided_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(amount_eur__gt=0), name="calls_award_positive")]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.amount_eur} EUR"


class Instalment(TimeStampedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RELEASED = "released", _("Released for payment")
        PAID = "paid", _("Paid")

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="instalments")
    position = models.PositiveSmallIntegerField(_("instalment"))
    amount_eur = models.DecimalField(_("amount (EUR)"), max_digits=12, decimal_places=2)
    due_on = models.DateField(_("due on"))
    milestone = models.CharField(_("milestone"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        ordering = ["award", "position"]
        constraints = [
            models.UniqueConstraint(fields=["award", "position"], name="calls_instalment_position_unique"),
            models.CheckConstraint(condition=Q(amount_eur__gt=0), name="calls_instalment_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.award_id} #{self.position}"


def _evidence_path(instance: "MilestoneReport", filename: str) -> str:
    return f"calls/reports/{timezone.now().year}/{filename}"


class MilestoneReport(TimeStampedModel):
    """What the awardee reports to release the next instalment; staff accept it or return it with a note."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned for changes")

    instalment = models.ForeignKey(Instalment, on_delete=models.CASCADE, related_name="reports")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    progress = models.TextField(_("progress"), max_length=4000)
    spent_eur = models.DecimalField(_("spent so far (EUR)"), max_digits=12, decimal_places=2)
    evidence = models.FileField(_("evidence"), upload_to=_evidence_path, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("milestone report")
        verbose_name_plural = _("milestone reports")
        ordering = ["instalment", "-created_at"]
        constraints = [models.CheckConstraint(condition=Q(spent_eur__gte=0), name="calls_report_spent_not_negative")]

    def __str__(self) -> str:
        return f"{self.instalment_id} ({self.status})"
