"""A pitch competition ready to run: a call of a pitch-competition programme, a jury rubric with two weighted
criteria, three finalists, a jury of three (one chair) and a jury prize and an audience prize."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from talentas.accounts.models import User
from talentas.accounts.tests.factories import UserFactory
from talentas.calls.models import ProgrammeKind
from talentas.calls.tests.factories import CallFactory, submitted
from talentas.pitches import services
from talentas.pitches.models import Finalist, PitchEvent
from talentas.review.models import Criterion, Rubric


@dataclass
class Competition:
    pitch_event: PitchEvent
    finalists: list[Finalist]
    chair: User
    jurors: list[User]  # the chair first
    criteria: list[Criterion]


def jury_rubric() -> Rubric:
    rubric = Rubric.objects.create(title_en="Pitch jury", title_lt="Pitch vertinimas")
    Criterion.objects.create(rubric=rubric, position=1, title_en="Team", title_lt="Komanda", weight=2, max_score=10)
    Criterion.objects.create(rubric=rubric, position=2, title_en="Market", title_lt="Rinka", weight=1, max_score=5)
    return rubric


def competition(staff: User, *, audience_vote=PitchEvent.AudienceVote.SEPARATE_PRIZE, budget="10000") -> Competition:
    call = CallFactory(
        programme__kind=ProgrammeKind.PITCH_COMPETITION,
        budget_eur=Decimal(budget),
        max_award_eur=Decimal(budget),
    )
    pitch_event = services.create_pitch_event(
        actor=staff,
        call_id=call.pk,
        starts_at=timezone.now(),
        venue="Alytus Arts School",
        rubric_id=jury_rubric().pk,
        audience_vote=audience_vote,
    )
    finalists = [
        services.invite_finalist(actor=staff, pitch_event_id=pitch_event.pk, application_id=submitted(call).pk)
        for _ in range(3)
    ]
    jurors = UserFactory.create_batch(3)
    for index, juror in enumerate(jurors):
        services.add_juror(actor=staff, pitch_event_id=pitch_event.pk, user=juror, is_chair=index == 0)
    criteria = list(Criterion.objects.filter(rubric=pitch_event.rubric).order_by("position"))
    return Competition(pitch_event, finalists, jurors[0], jurors, criteria)


def score_all(c: Competition, finalist: Finalist, values: list[tuple[int, int]]) -> None:
    """Open the finalist's round, each juror gives (team, market), close it."""
    services.open_round(actor=c.chair, finalist_id=finalist.pk)
    for juror, (team, market) in zip(c.jurors, values, strict=False):
        services.score(user=juror, finalist_id=finalist.pk, criterion_id=c.criteria[0].pk, value=team)
        services.score(user=juror, finalist_id=finalist.pk, criterion_id=c.criteria[1].pk, value=market)
    services.close_round(actor=c.chair, finalist_id=finalist.pk)
