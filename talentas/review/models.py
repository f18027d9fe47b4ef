"""Review of applications: a rubric of weighted criteria, reviewers assigned to applications, their declarations of
conflicts of interest (a declared conflict, or membership of the applicant organisation, recuses them), their
reviews with a score per criterion, and staff's eligibility screening.

A Rubric is attached to a call (`Rubric.call`) or, with no call, used by another module (a pitch competition's
jury scores with the same criteria and `review.scoring`). Whether a call is reviewed blind, and the spread of
weighted totals above which reviewers are said to disagree, are the rubric's settings.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from talentas.core.models import TimeStampedModel
from talentas.events.models import TextsInEachLanguage


class Rubric(TextsInEachLanguage, TimeStampedModel):
    call = models.OneToOneField(
        "calls.Call",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rubric",
        verbose_name=_("call"),
    )
    title = models.CharField(_("title"), max_length=200)
    blind_review = models.BooleanField(
        _("blind review"),
        default=False,
        help_text=_("Reviewers see no organisation, people, e-mails, team lists or file names."),
    )
    disagreement_threshold = models.DecimalField(
        _("disagreement threshold (points)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("20"),
        help_text=_("Reviewers disagree when their weighted totals (out of 100) lie further apart than this."),
    )

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(disagreement_threshold__gte=0), name="review_threshold_not_negative")
        ]

    def __str__(self) -> str:
        return self.title


class Criterion(TextsInEachLanguage, TimeStampedModel):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=Decimal("1"))
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=10)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["rubric", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="review_criterion_weight_positive"),
            models.CheckConstraint(condition=Q(max_score__gt=0), name="review_criterion_max_score_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class ReviewerRole(models.TextChoices):
    STAFF = "staff", _("Programme staff")
    EXPERT = "expert", _("External expert")
    JURY = "jury", _("Jury member")


class ReviewerAssignment(TimeStampedModel):
    class Status(models.TextChoices):
        AWAITING_DECLARATION = "awaiting_declaration", _("Waiting for the conflict declaration")
        ACTIVE = "active", _("Reviewing")
        RECUSED = "recused", _("Recused")

    class Recusal(models.TextChoices):
        DECLARED = "declared", _("Declared a conflict of interest")
        MEMBER = "member", _("Member of the applicant organisation")
        STAFF = "staff", _("Recused by staff")

    application = models.ForeignKey("calls.Application", on_delete=models.CASCADE, related_name="reviewer_assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="review_assignments",
        verbose_name=_("reviewer"),
    )
    role = models.CharField(_("role"), max_length=10, choices=ReviewerRole.choices, default=ReviewerRole.EXPERT)
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.AWAITING_DECLARATION)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"))
    recusal = models.CharField(_("recused because"), max_length=10, choices=Recusal.choices, blank=True)
    recused_at = models.DateTimeField(_("recused at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reviewer assignment")
        verbose_name_plural = _("reviewer assignments")
        ordering = ["-assigned_at", "-pk"]
        indexes = [models.Index(fields=["reviewer", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="review_one_assignment_per_reviewer"),
            models.CheckConstraint(
                condition=(Q(status="recused") & ~Q(recusal="")) | (~Q(status="recused") & Q(recusal="")),
                name="review_recused_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer_id} → {self.application_id} ({self.status})"

    @property
    def is_recused(self) -> bool:
        return self.status == self.Status.RECUSED


class ConflictDeclaration(TimeStampedModel):
    """A reviewer's answer to "do you have a conflict of interest?", for one application or a whole organisation
    (then it holds for each of its applications). Declared before the application is opened; never edited."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflict_declarations"
    )
    application = models.ForeignKey(
        "calls.Application", on_delete=models.CASCADE, null=True, blank=True, related_name="conflict_declarations"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="conflict_declarations",
    )
    has_conflict = models.BooleanField(_("I have a conflict of interest"))
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    declared_at = models.DateTimeField(_("declared at"))

    class Meta:
        verbose_name = _("conflict of interest declaration")
        verbose_name_plural = _("conflict of interest declarations")
        ordering = ["-declared_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(application__isnull=False) | Q(organisation__isnull=False),
                name="review_declaration_names_what",
            ),
            models.UniqueConstraint(
                fields=["reviewer", "application"],
                condition=Q(application__isnull=False),
                name="review_one_declaration_per_application",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer_id}: {self.has_conflict}"


class Review(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    assignment = models.OneToOneField(ReviewerAssignment, on_delete=models.CASCADE, related_name="review")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    comments = models.TextField(_("comments"), max_length=6000, blank=True)
    # The weighted total out of 100 (review.scoring.weighted_total), kept when the review is saved.
    total = models.DecimalField(_("weighted total"), max_digits=6, decimal_places=2, null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.assignment_id} ({self.status})"


class Score(TimeStampedModel):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.CharField(_("comment"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["review", "criterion__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="review_one_score_per_criterion"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.value}"


class Screening(TimeStampedModel):
    """Staff's eligibility screening of one application: pass (on to review) or fail (not funded), with a reason."""

    class Outcome(models.TextChoices):
        PASS = "pass", _("Eligible")
        FAIL = "fail", _("Not eligible")

    application = models.OneToOneField("calls.Application", on_delete=models.CASCADE, related_name="screening")
    outcome = models.CharField(_("outcome"), max_length=4, choices=Outcome.choices)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    checks = models.JSONField(_("eligibility check"), default=list, blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    screened_at = models.DateTimeField(_("screened at"))

    class Meta:
        verbose_name = _("eligibility screening")
        verbose_name_plural = _("eligibility screenings")
        ordering = ["-screened_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(outcome="pass") | ~Q(reason=""), name="review_fail_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.outcome}"
