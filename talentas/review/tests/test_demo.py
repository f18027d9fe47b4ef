"""manage.py load_demo_review: last year's round reviewed (one reviewer recused), this year's call blind with its
application screened and assigned, and nothing doubled on a second run."""

import io

from django.core.management import call_command
from django.utils import timezone

from talentas.accounts.models import User
from talentas.calls.models import Application, Call
from talentas.calls.tests.test_demo import plan_and_accounts  # noqa: F401  (the fixture)
from talentas.review import selectors
from talentas.review.models import Review, ReviewerAssignment, Rubric


def test_the_demo_reviews(plan_and_accounts):  # noqa: F811
    call_command("load_demo_calls", stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_demo_review", stdout=out)
    assert out.getvalue().startswith("Review demo loaded: 2 rubrics")
    year = timezone.localdate().year
    past = Call.objects.get(budget_year=year - 1, programme__kind="grant_fund")
    manager = User.objects.get(email="plan.manager@talentas.example")
    ranked = selectors.ranking(manager, past.pk)
    assert len(ranked) == past.applications.count() and ranked[0].application.status == Application.Status.APPROVED
    assert ranked[-1].application.status != Application.Status.APPROVED
    assert ReviewerAssignment.objects.filter(application__call=past, status="recused").count() == 1
    assert Review.objects.filter(assignment__application__call=past, status="submitted").exists()
    current = Call.objects.get(budget_year=year, programme__kind="grant_fund")
    assert Rubric.objects.get(call=current).blind_review
    mentor = User.objects.get(email="mentor@talentas.example")
    waiting = list(selectors.assignments_of(mentor).filter(application__call=current))
    assert [a.status for a in waiting] == ["awaiting_declaration"]
    assert waiting[0].application.status == Application.Status.IN_REVIEW
    assert selectors.assignments_of(mentor).filter(application__call=past).count() == past.applications.count()
    call_command("load_demo_review", stdout=out)
    assert Rubric.objects.count() == 2
