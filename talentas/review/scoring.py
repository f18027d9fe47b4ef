"""Weighted totals and the agreement between reviewers, in one place for the calls' reviewers and a pitch
competition's jury alike.

A total is out of 100: each criterion's score as a share of its maximum, weighted by its weight. Reviewers
disagree on an application when the spread of their totals (the highest less the lowest) exceeds the rubric's
threshold; the standard deviation is shown beside it.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from talentas.core.errors import DomainError

from .models import Criterion

HUNDRED = Decimal("100")
CENT = Decimal("0.01")


def check_scores(criteria: Iterable[Criterion], scores: Mapping[int, int | None], *, complete: bool) -> None:
    """Every score within 0..the criterion's maximum; with `complete`, one for every criterion. A refusal names
    the criterion (field `score-<criterion id>`)."""
    for criterion in criteria:
        value = scores.get(criterion.pk)
        if value is None:
            if complete:
                raise DomainError(
                    _("Give a score for “%(criterion)s”.") % {"criterion": criterion.title},
                    field=f"score-{criterion.pk}",
                    code="score_missing",
                )
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= criterion.max_score:
            raise DomainError(
                _("The score for “%(criterion)s” is a whole number from 0 to %(max)s.")
                % {"criterion": criterion.title, "max": criterion.max_score},
                field=f"score-{criterion.pk}",
                code="score_out_of_range",
            )


def weighted_total(criteria: Iterable[Criterion], scores: Mapping[int, int | None]) -> Decimal | None:
    """The weighted total out of 100 of the scores given, or None when no criterion is scored."""
    weight_sum = Decimal(0)
    points = Decimal(0)
    for criterion in criteria:
        value = scores.get(criterion.pk)
        if value is None:
            continue
        weight_sum += criterion.weight
        points += criterion.weight * Decimal(value) / Decimal(criterion.max_score)
    if not weight_sum:
        return None
    return (points / weight_sum * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Agreement:
    count: int
    average: Decimal | None
    spread: Decimal | None  # highest less lowest
    deviation: Decimal | None  # population standard deviation
    disagreement: bool


def agreement(totals: Iterable[Decimal], *, threshold: Decimal) -> Agreement:
    """Average, spread and standard deviation of the reviewers' totals; disagreement when the spread exceeds the
    threshold (it takes two reviewers to disagree)."""
    values = [Decimal(t) for t in totals if t is not None]
    if not values:
        return Agreement(count=0, average=None, spread=None, deviation=None, disagreement=False)
    average = (sum(values, Decimal(0)) / len(values)).quantize(CENT, rounding=ROUND_HALF_UP)
    spread = (max(values) - min(values)).quantize(CENT)
    deviation = Decimal(str(statistics.pstdev(values))).quantize(CENT, rounding=ROUND_HALF_UP)
    return Agreement(
        count=len(values), average=average, spread=spread, deviation=deviation, disagreement=spread > threshold
    )
