"""Review test helpers: a call with a rubric, and applications in review."""

from decimal import Decimal

from django.utils import timezone

from talentas.calls.models import Application
from talentas.calls.tests.factories import CallFactory, submitted
from talentas.review.models import Criterion, Rubric


def rubric_for(call, *, blind: bool = False, threshold: str = "20") -> Rubric:
    """Two criteria: innovation (weight 2, out of 10) and team (weight 1, out of 5)."""
    rubric = Rubric.objects.create(
        call=call, title_lt="Vertinimo kriterijai", title_en="Criteria", blind_review=blind,
        disagreement_threshold=Decimal(threshold),
    )  # fmt: skip
    Criterion.objects.create(rubric=rubric, position=0, title_en="Innovation", title_lt="Naujumas", weight=2,
                             max_score=10)  # fmt: skip
    Criterion.objects.create(rubric=rubric, position=1, title_en="Team", title_lt="Komanda", weight=1, max_score=5)
    return rubric


def in_review(call=None, organisation=None, **fields) -> Application:
    application = submitted(call=call, organisation=organisation, **fields)
    application.status = Application.Status.IN_REVIEW
    application.status_changed_at = timezone.now()
    application.save()
    return application


def reviewed_call(**kwargs):
    call = CallFactory(**kwargs)
    return call, rubric_for(call)
