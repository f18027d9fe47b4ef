"""Reads of pitch competitions: the running order, a juror's own scores, the totals of closed rounds and the
ranking. A juror's scores of a finalist are given to the others only once the finalist's round is closed: every
read of totals here filters on `round = closed`, so no page, partial or API answer can show them earlier."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, QuerySet

from talentas.accounts.permissions import AnyUser
from talentas.calls.models import Application, Call, ProgrammeKind
from talentas.review import scoring
from talentas.review.models import Criterion, Rubric
from talentas.talent.metrics import moment

from .models import AudienceVote, Finalist, Juror, JuryScore, PitchEvent, Prize

INVITABLE = (Application.Status.SUBMITTED, Application.Status.SCREENING, Application.Status.IN_REVIEW)


def pitch_event_by_id(pk: int) -> PitchEvent | None:
    return PitchEvent.objects.select_related("call", "call__programme", "rubric", "event").filter(pk=pk).first()


def competitions() -> QuerySet[PitchEvent]:
    return PitchEvent.objects.select_related("call", "call__programme").annotate(finalist_count=Count("finalists"))


def published_competitions() -> QuerySet[PitchEvent]:
    return competitions().filter(results_published_at__isnull=False)


def juries_of(user: AnyUser) -> QuerySet[PitchEvent]:
    if not user.is_authenticated:
        return PitchEvent.objects.none()
    return competitions().filter(jurors__user=user)


def criteria_of(pitch_event: PitchEvent) -> list[Criterion]:
    return list(Criterion.objects.filter(rubric_id=pitch_event.rubric_id).order_by("position", "pk"))


def finalists_of(pitch_event: PitchEvent) -> list[Finalist]:
    return list(
        Finalist.objects.filter(pitch_event=pitch_event).select_related(
            "application", "application__organisation", "application__call"
        )
    )


def finalist_by_id(pk: int) -> Finalist | None:
    return (
        Finalist.objects.select_related("pitch_event", "pitch_event__call", "application", "application__organisation")
        .filter(pk=pk)
        .first()
    )


def jurors_of(pitch_event: PitchEvent) -> list[Juror]:
    return list(Juror.objects.filter(pitch_event=pitch_event).select_related("user"))


def prizes_of(pitch_event: PitchEvent) -> list[Prize]:
    return list(Prize.objects.filter(pitch_event=pitch_event).select_related("winner__application__organisation"))


def own_scores(juror: Juror) -> dict[int, dict[int, int]]:
    """{finalist id: {criterion id: score}} of this juror only."""
    scores: dict[int, dict[int, int]] = defaultdict(dict)
    for finalist_id, criterion_id, value in JuryScore.objects.filter(juror=juror).values_list(
        "finalist_id", "criterion_id", "value"
    ):
        scores[finalist_id][criterion_id] = value
    return dict(scores)


@dataclass(frozen=True)
class RoundTotal:
    jury_score: Decimal | None  # the mean of the jurors' weighted totals, out of 100
    jurors_scored: int
    spread: Decimal | None


def closed_round_totals(pitch_event: PitchEvent, criteria: list[Criterion]) -> dict[int, RoundTotal]:
    """The jury's score of each finalist whose round is closed; nothing about the others."""
    by_juror: dict[int, dict[int, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    rows = JuryScore.objects.filter(
        finalist__pitch_event=pitch_event, finalist__round=Finalist.Round.CLOSED
    ).values_list("finalist_id", "juror_id", "criterion_id", "value")
    for finalist_id, juror_id, criterion_id, value in rows:
        by_juror[finalist_id][juror_id][criterion_id] = value
    closed = Finalist.objects.filter(pitch_event=pitch_event, round=Finalist.Round.CLOSED).values_list("pk", flat=True)
    totals: dict[int, RoundTotal] = {}
    for finalist_id in closed:
        weighted = [
            total
            for scores in by_juror.get(finalist_id, {}).values()
            if (total := scoring.weighted_total(criteria, scores)) is not None
        ]
        if not weighted:
            totals[finalist_id] = RoundTotal(None, 0, None)
            continue
        mean = (sum(weighted, Decimal(0)) / len(weighted)).quantize(scoring.CENT)
        totals[finalist_id] = RoundTotal(mean, len(weighted), max(weighted) - min(weighted))
    return totals


def scored_counts(pitch_event: PitchEvent, criteria_count: int) -> dict[int, int]:
    """How many jurors have scored every criterion of each finalist (the chair's progress, no scores)."""
    rows = (
        JuryScore.objects.filter(finalist__pitch_event=pitch_event)
        .values("finalist_id", "juror_id")
        .annotate(n=Count("pk"))
    )
    counts: dict[int, int] = defaultdict(int)
    for row in rows:
        if row["n"] >= criteria_count:
            counts[row["finalist_id"]] += 1
    return dict(counts)


def vote_counts(pitch_event: PitchEvent) -> dict[int, int]:
    return dict(
        AudienceVote.objects.filter(pitch_event=pitch_event)
        .values("finalist_id")
        .annotate(n=Count("pk"))
        .values_list("finalist_id", "n")
    )


def vote_of(user: AnyUser, pitch_event: PitchEvent) -> AudienceVote | None:
    if not user.is_authenticated:
        return None
    return AudienceVote.objects.filter(pitch_event=pitch_event, voter=user).select_related("finalist").first()


@dataclass(frozen=True)
class Ranked:
    place: int
    finalist: Finalist
    jury_score: Decimal | None
    votes: int
    spread: Decimal | None


def ranking(pitch_event: PitchEvent) -> list[Ranked]:
    """The finalists by the jury's weighted score (closed rounds only), highest first. With the audience vote as
    a tie-break, equal jury scores are ordered by votes; otherwise they share the place. Unscored finalists last."""
    criteria = criteria_of(pitch_event)
    totals = closed_round_totals(pitch_event, criteria)
    votes = vote_counts(pitch_event)
    tie_break = pitch_event.audience_vote == PitchEvent.AudienceVote.TIE_BREAK

    def key(finalist: Finalist):
        total = totals.get(finalist.pk)
        score = total.jury_score if total and total.jury_score is not None else Decimal(-1)
        return (-score, -(votes.get(finalist.pk, 0) if tie_break else 0), finalist.position)

    ordered = sorted(finalists_of(pitch_event), key=key)
    ranked: list[Ranked] = []
    previous = None
    for index, finalist in enumerate(ordered, start=1):
        total = totals.get(finalist.pk)
        this_key = key(finalist)[:2]
        place = ranked[-1].place if previous == this_key and ranked else index
        previous = this_key
        ranked.append(
            Ranked(
                place=place,
                finalist=finalist,
                jury_score=total.jury_score if total else None,
                votes=votes.get(finalist.pk, 0),
                spread=total.spread if total else None,
            )
        )
    return ranked


def finalist_organisations(start: date, end: date) -> QuerySet:
    """The organisations that pitched in a final held in [start, end) (for calls.participants)."""
    return (
        Finalist.objects.filter(pitch_event__starts_at__gte=moment(start), pitch_event__starts_at__lt=moment(end))
        .values("application__organisation")
        .distinct()
    )


def calls_without_competition() -> QuerySet[Call]:
    return Call.objects.filter(programme__kind=ProgrammeKind.PITCH_COMPETITION, pitch_event__isnull=True)


def jury_rubrics() -> QuerySet[Rubric]:
    """Rubrics not attached to a call's review, with at least one criterion: the criteria a jury may score by."""
    return Rubric.objects.filter(call__isnull=True, criteria__isnull=False).distinct()


def invitable_applications(pitch_event: PitchEvent) -> QuerySet[Application]:
    return (
        Application.objects.filter(call_id=pitch_event.call_id, status__in=INVITABLE)
        .exclude(pk__in=Finalist.objects.filter(pitch_event=pitch_event).values("application_id"))
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )
