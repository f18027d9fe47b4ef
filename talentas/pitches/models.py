"""Pitch competitions (action 2.2 of the plan): the final of a call of a pitch-competition programme.

A PitchEvent belongs to one call (`calls.Call` of a `pitch_competition` programme) and may be shown in the events
calendar (`events.Event`). Staff invite finalists (the call's applications), set their running order and name the
jury, one of whom chairs. Each finalist's pitch is one scoring round: the chair opens it, every juror scores it on
their phone with the competition's rubric (`review.Rubric`, weighted criteria) and sees only their own scores; when
the chair closes the round, the totals are shown to the whole jury. The audience votes once per person per
competition (a unique constraint). Prizes are paid as awards of the call (`calls.services.approve`), so the call's
and the programme's budgets can never be over-committed.

Audience voters sign in: a one-time code handed out at the venue can be passed on, photographed or collected by
one person, and would need printing and counting; an account is one person already (e-mail confirmed), and the
vote goes with the account's personal data.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from talentas.core.models import TimeStampedModel


class PitchEvent(TimeStampedModel):
    class AudienceVote(models.TextChoices):
        SEPARATE_PRIZE = "separate_prize", _("The audience vote awards its own prize")
        TIE_BREAK = "tie_break", _("The audience vote breaks ties in the jury's ranking")
        NONE = "none", _("No audience vote")

    call = models.OneToOneField(
        "calls.Call", on_delete=models.PROTECT, related_name="pitch_event", verbose_name=_("call")
    )
    starts_at = models.DateTimeField(_("starts at"))
    venue = models.CharField(_("venue"), max_length=200)
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("event in the calendar"),
    )
    rubric = models.ForeignKey(
        "review.Rubric", on_delete=models.PROTECT, related_name="+", verbose_name=_("jury's criteria")
    )
    audience_vote = models.CharField(
        _("audience vote"), max_length=16, choices=AudienceVote.choices, default=AudienceVote.SEPARATE_PRIZE
    )
    voting_open = models.BooleanField(_("audience voting open"), default=False)
    prizes_paid_at = models.DateTimeField(_("prizes paid at"), null=True, blank=True)
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("pitch competition")
        verbose_name_plural = _("pitch competitions")
        ordering = ["-starts_at", "pk"]

    def __str__(self) -> str:
        return str(self.call)

    def get_absolute_url(self) -> str:
        return reverse("pitches:results", kwargs={"pk": self.pk})

    @property
    def title(self) -> str:
        return self.call.title

    @property
    def is_published(self) -> bool:
        return self.results_published_at is not None


class Juror(TimeStampedModel):
    pitch_event = models.ForeignKey(PitchEvent, on_delete=models.CASCADE, related_name="jurors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pitch_juries", verbose_name=_("person")
    )
    is_chair = models.BooleanField(_("chairs the jury"), default=False)

    class Meta:
        verbose_name = _("juror")
        verbose_name_plural = _("jurors")
        ordering = ["pitch_event", "-is_chair", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["pitch_event", "user"], name="pitches_one_seat_per_juror"),
            models.UniqueConstraint(
                fields=["pitch_event"], condition=Q(is_chair=True), name="pitches_one_chair_per_competition"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.pitch_event_id}"


class Finalist(TimeStampedModel):
    """An application invited to pitch; its pitch is one scoring round (pending → open → closed)."""

    class Round(models.TextChoices):
        PENDING = "pending", _("Not pitched yet")
        OPEN = "open", _("Scoring open")
        CLOSED = "closed", _("Scored")

    pitch_event = models.ForeignKey(PitchEvent, on_delete=models.CASCADE, related_name="finalists")
    application = models.ForeignKey(
        "calls.Application", on_delete=models.PROTECT, related_name="+", verbose_name=_("application")
    )
    position = models.PositiveSmallIntegerField(_("place in the running order"))
    round = models.CharField(_("scoring round"), max_length=8, choices=Round.choices, default=Round.PENDING)
    round_closed_at = models.DateTimeField(_("round closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("finalist")
        verbose_name_plural = _("finalists")
        ordering = ["pitch_event", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["pitch_event", "application"], name="pitches_finalist_once"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.application.project_title or self.application.organisation.name


class JuryScore(TimeStampedModel):
    """One juror's score of one finalist on one criterion of the rubric."""

    finalist = models.ForeignKey(Finalist, on_delete=models.CASCADE, related_name="scores")
    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey("review.Criterion", on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("jury score")
        verbose_name_plural = _("jury scores")
        ordering = ["finalist", "juror", "criterion"]
        constraints = [
            models.UniqueConstraint(fields=["finalist", "juror", "criterion"], name="pitches_one_score_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.finalist_id}/{self.juror_id}/{self.criterion_id}: {self.value}"


class AudienceVote(TimeStampedModel):
    """One vote per person per competition: the database refuses a second (the unique constraint)."""

    pitch_event = models.ForeignKey(PitchEvent, on_delete=models.CASCADE, related_name="votes")
    finalist = models.ForeignKey(Finalist, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pitch_votes")

    class Meta:
        verbose_name = _("audience vote")
        verbose_name_plural = _("audience votes")
        ordering = ["pitch_event", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pitch_event", "voter"],
                name="pitches_one_vote_per_person",
                violation_error_message=_("You have already voted in this competition."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.voter_id} → {self.finalist_id}"


class Prize(TimeStampedModel):
    class Kind(models.TextChoices):
        JURY = "jury", _("Jury prize")
        AUDIENCE = "audience", _("Audience prize")

    pitch_event = models.ForeignKey(PitchEvent, on_delete=models.CASCADE, related_name="prizes")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.JURY)
    place = models.PositiveSmallIntegerField(_("place"), default=1, help_text=_("The jury ranking's place it goes to."))
    title = models.CharField(_("title"), max_length=200)
    amount_eur = models.DecimalField(_("amount (EUR)"), max_digits=12, decimal_places=2)
    winner = models.ForeignKey(
        Finalist, on_delete=models.SET_NULL, null=True, blank=True, related_name="prizes", verbose_name=_("winner")
    )

    class Meta:
        verbose_name = _("prize")
        verbose_name_plural = _("prizes")
        ordering = ["pitch_event", "kind", "place", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["pitch_event", "kind", "place"], name="pitches_prize_place_once"),
            models.CheckConstraint(condition=Q(amount_eur__gt=0), name="pitches_prize_positive"),
            models.CheckConstraint(condition=Q(place__gte=1), name="pitches_prize_place_from_one"),
        ]

    def __str__(self) -> str:
        return self.title
