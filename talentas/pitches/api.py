"""Pitch-competition API for jurors: their own scores of a finalist.

- GET /pitches/finalists/{id}/scores: the caller's own scores of the finalist, and the jury's total once the
  chair has closed the round (never before).
- PUT /pitches/finalists/{id}/scores: `{"criterion": id, "score": n}` saves the caller's score while the round is
  open; 409 `round_not_open` otherwise; 400 `score_out_of_range` / `no_such_criterion`.
Anyone not on the competition's jury gets 404.
"""

from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema

from talentas.core.api import InputSchema, authenticated, error_responses
from talentas.core.errors import NotFound

from . import permissions, selectors, services
from .models import Finalist

router = Router(tags=["pitches"])


class ScoreIn(InputSchema):
    criterion: int
    score: int


class OwnScoresOut(Schema):
    finalist: int
    name: str
    round: str
    scores: dict[str, int]
    jury_score: Decimal | None


def _seat_finalist(request: HttpRequest, pk: int):
    finalist = selectors.finalist_by_id(pk)
    seat = permissions.juror_seat(request.user, finalist.pitch_event) if finalist is not None else None
    if finalist is None or seat is None:
        raise NotFound(services.NO_SUCH_FINALIST, code="no_such_finalist")
    return finalist, seat


def _out(finalist: Finalist, seat) -> dict:
    mine = selectors.own_scores(seat).get(finalist.pk, {})
    total = None
    if finalist.round == Finalist.Round.CLOSED:
        criteria = selectors.criteria_of(finalist.pitch_event)
        closed = selectors.closed_round_totals(finalist.pitch_event, criteria).get(finalist.pk)
        total = closed.jury_score if closed else None
    return {
        "finalist": finalist.pk,
        "name": finalist.name,
        "round": finalist.round,
        "scores": {str(criterion): value for criterion, value in mine.items()},
        "jury_score": total,
    }


@router.get(
    "/pitches/finalists/{pk}/scores",
    auth=authenticated,
    response={200: OwnScoresOut, **error_responses(404)},
    summary="My scores of a finalist",
)
def my_scores(request: HttpRequest, pk: int):
    """The caller's own scores; the jury's total only once the round is closed."""
    finalist, seat = _seat_finalist(request, pk)
    return _out(finalist, seat)


@router.put(
    "/pitches/finalists/{pk}/scores",
    auth=authenticated,
    response={200: OwnScoresOut, **error_responses(400, 404, 409)},
    summary="Score a finalist on one criterion",
)
def put_score(request: HttpRequest, pk: int, payload: ScoreIn):
    """Save the caller's score of the finalist on one criterion while the round is open."""
    finalist, seat = _seat_finalist(request, pk)
    services.score(user=request.user, finalist_id=finalist.pk, criterion_id=payload.criterion, value=payload.score)
    return _out(selectors.finalist_by_id(pk), seat)  # type: ignore[arg-type]
