"""Cohorts of the accelerator and the incubator (actions 1.2 and 1.3 of the plan): the startups of one intake, their
mentors, mentoring sessions, milestones and the demo day.

A Cohort belongs to an accelerator or incubator Programme (calls) and a year. Its members are organisations,
admitted from the approved applications of the programme's calls for that year or added by the programme team.
Mentors are people with the reviewer-or-mentor role, assigned to a cohort. A mentoring session records who met
which startup, when and for how long, with notes the startup reads and private notes it never sees. Training
attendance is not stored here: it is read from the events module (the startup's members at events of the
programme's plan action during the cohort).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from talentas.core.models import TimeStampedModel


class Cohort(TimeStampedModel):
    programme = models.ForeignKey(
        "calls.Programme", on_delete=models.PROTECT, related_name="cohorts", verbose_name=_("programme")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    demo_day_on = models.DateField(_("demo day"), null=True, blank=True)
    demo_day_place = models.CharField(_("demo day venue"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-year", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="cohorts_cohort_name_unique"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="cohorts_cohort_ends_after_start"),
            models.CheckConstraint(
                condition=Q(demo_day_on__isnull=True)
                | (Q(demo_day_on__gte=F("starts_on")) & Q(demo_day_on__lte=F("ends_on"))),
                name="cohorts_demo_day_within_cohort",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cohorts:detail", kwargs={"pk": self.pk})


class CohortMember(TimeStampedModel):
    """A startup in a cohort; incubator members are its residents."""

    class Source(models.TextChoices):
        APPLICATION = "application", _("Approved application")
        STAFF = "staff", _("Added by the programme team")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="members", verbose_name=_("cohort"))
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="cohort_memberships",
        verbose_name=_("startup"),
    )
    source = models.CharField(_("admitted through"), max_length=12, choices=Source.choices)
    application = models.ForeignKey(
        "calls.Application", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    joined_on = models.DateField(_("joined on"))

    class Meta:
        verbose_name = _("cohort member")
        verbose_name_plural = _("cohort members")
        ordering = ["cohort", "organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "organisation"], name="cohorts_one_membership_per_cohort"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.cohort}"

    def get_absolute_url(self) -> str:
        return reverse("cohorts:member", kwargs={"pk": self.pk})


class CohortMentor(TimeStampedModel):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="mentors", verbose_name=_("cohort"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentoring", verbose_name=_("mentor")
    )
    expertise = models.CharField(_("expertise"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("cohort mentor")
        verbose_name_plural = _("cohort mentors")
        ordering = ["cohort", "user__full_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["cohort", "user"], name="cohorts_one_mentor_per_cohort")]

    def __str__(self) -> str:
        return f"{self.user} · {self.cohort}"


class MentoringSession(TimeStampedModel):
    member = models.ForeignKey(
        CohortMember, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("startup")
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("mentor")
    )
    held_at = models.DateTimeField(_("held at"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2)
    notes = models.TextField(_("notes for the startup"), max_length=4000, blank=True)
    staff_notes = models.TextField(
        _("private notes"), max_length=4000, blank=True, help_text=_("Seen by the programme team and mentors only.")
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("mentoring session")
        verbose_name_plural = _("mentoring sessions")
        ordering = ["-held_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0) & Q(hours__lte=12), name="cohorts_session_hours"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.held_at:%Y-%m-%d}"


class Milestone(TimeStampedModel):
    member = models.ForeignKey(
        CohortMember, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("startup")
    )
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due on"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["member", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title
