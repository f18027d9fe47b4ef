"""Job applications and the employer's applicant pipeline.

A talent applies to an open opportunity once (a database constraint), with a message, a CV and answers to the
opportunity's own questions, or simply says "interested". Applying shares the profile with that organisation only,
recorded as consent (when, and which text version). The organisation moves each application through its pipeline
(`services.PIPELINE`); "hired" is a placement for the plan's indicator.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from talentas.core.models import TimeStampedModel

MAX_QUESTIONS = 5


class Question(TimeStampedModel):
    """One of the few typed questions an employer asks on an opportunity (until the calls module's form builder)."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        YES_NO = "yes-no", _("Yes or no")
        CHOICE = "choice", _("One of several choices")

    opportunity = models.ForeignKey(
        "talent.Opportunity", on_delete=models.CASCADE, related_name="hiring_questions", verbose_name=_("opportunity")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind of answer"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    choices = models.TextField(_("choices"), blank=True, help_text=_("One per line; only for a choice question."))
    required = models.BooleanField(_("an answer is required"), default=False)

    class Meta:
        verbose_name = _("application question")
        verbose_name_plural = _("application questions")
        ordering = ["opportunity", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "position"], name="hiring_question_position_unique"),
            models.CheckConstraint(
                condition=Q(position__gte=1, position__lte=MAX_QUESTIONS), name="hiring_question_position_range"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class Application(TimeStampedModel):
    class Status(models.TextChoices):
        NEW = "new", _("Submitted")
        REVIEWING = "reviewing", _("Being reviewed")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        INTERVIEW = "interview", _("Interview")
        OFFER = "offer", _("Offer")
        HIRED = "hired", _("Hired")
        NOT_SELECTED = "not-selected", _("Not selected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    opportunity = models.ForeignKey(
        "talent.Opportunity", on_delete=models.CASCADE, related_name="applications", verbose_name=_("opportunity")
    )
    profile = models.ForeignKey(
        "talent.TalentProfile", on_delete=models.CASCADE, related_name="applications", verbose_name=_("talent")
    )
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.NEW)
    interest_only = models.BooleanField(_("only says interested"), default=False)
    message = models.TextField(_("message"), max_length=4000, blank=True)
    cv = models.FileField(_("CV (PDF)"), upload_to="hiring/cv/%Y/", blank=True)
    # [{"question": id, "text": the question as asked, "answer": "..."}], kept as asked even if the question changes.
    answers = models.JSONField(_("answers"), default=list, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    consent_at = models.DateTimeField(_("consent given at"))
    consent_version = models.CharField(_("consent text version"), max_length=20)
    status_changed_at = models.DateTimeField(_("status changed at"))
    hired_at = models.DateTimeField(_("hired at"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["opportunity", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "profile"],
                name="hiring_one_application_per_opportunity",
                violation_error_message=_("You have already applied for this opportunity."),
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="hiring_rating_range"
            ),
            models.CheckConstraint(
                condition=Q(hired_at__isnull=True) | Q(status="hired"), name="hiring_hired_at_only_when_hired"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profile_id} → {self.opportunity_id} ({self.status})"


class Note(TimeStampedModel):
    """What the organisation's members write down about an applicant; the applicant never sees it here."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("note"), max_length=2000)

    class Meta:
        verbose_name = _("applicant note")
        verbose_name_plural = _("applicant notes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:40]
