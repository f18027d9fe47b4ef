"""The Finance and Investment Department's books follow the awards: an award is a commitment on its action's budget
line, a paid instalment an expenditure, once each however often they are followed."""

from decimal import Decimal

import pytest

from talentas.calls import finance, services
from talentas.core.errors import Conflict
from talentas.monitoring.models import BudgetEntry, BudgetLine
from talentas.plans.tests.factories import ActionFactory, BudgetPhaseFactory

from .factories import CallFactory, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def line():
    action = ActionFactory()
    phase = BudgetPhaseFactory(plan=action.plan, start_year=2025, end_year=2027)
    return BudgetLine.objects.create(plan=action.plan, action=action, phase=phase, planned_eur=Decimal("60000"))


def _award(staff, line, amount="4000"):
    call = CallFactory(programme__action=line.action)
    return services.approve(actor=staff, application_id=submitted(call).pk, amount_eur=amount)


def test_an_award_commits_its_amount_to_the_actions_budget_line(plan_manager, line):
    award = _award(plan_manager, line)
    entry = BudgetEntry.objects.get()
    assert (entry.line, entry.kind, entry.amount_eur, entry.origin) == (
        line,
        BudgetEntry.Kind.COMMITMENT,
        Decimal("4000.00"),
        f"calls.award.{award.pk}",
    )
    assert entry.recorded_by == plan_manager
    assert award.application.project_title in entry.description


def test_a_paid_instalment_is_an_expenditure_and_following_again_changes_nothing(plan_manager, line):
    award = _award(plan_manager, line)
    first = award.instalments.get(position=1)
    assert BudgetEntry.objects.filter(kind=BudgetEntry.Kind.EXPENDITURE).count() == 0  # released is not paid
    services.mark_paid(actor=plan_manager, instalment_id=first.pk)
    spent = BudgetEntry.objects.get(kind=BudgetEntry.Kind.EXPENDITURE)
    assert (spent.line, spent.amount_eur, spent.origin) == (line, Decimal("2800.00"), f"calls.instalment.{first.pk}")
    before = list(BudgetEntry.objects.values_list("pk", "updated_at").order_by("pk"))
    assert finance.follow_all_awards() == 2
    assert finance.follow_all_awards() == 2
    assert list(BudgetEntry.objects.values_list("pk", "updated_at").order_by("pk")) == before


def test_following_later_fills_in_awards_made_before_the_line_existed(plan_manager):
    action = ActionFactory()
    call = CallFactory(programme__action=action)
    award = services.approve(actor=plan_manager, application_id=submitted(call).pk, amount_eur="3000")
    assert not BudgetEntry.objects.exists()  # no budget line for the action yet: nothing to follow
    phase = BudgetPhaseFactory(plan=action.plan, start_year=2026, end_year=2026)
    line = BudgetLine.objects.create(plan=action.plan, action=action, phase=phase, planned_eur=Decimal("9000"))
    assert finance.follow_all_awards() == 1
    assert BudgetEntry.objects.get().line == line
    assert BudgetEntry.objects.get().origin == f"calls.award.{award.pk}"


def test_a_line_of_another_year_is_not_used(plan_manager):
    action = ActionFactory()
    phase = BudgetPhaseFactory(plan=action.plan, start_year=2028, end_year=2030)
    BudgetLine.objects.create(plan=action.plan, action=action, phase=phase, planned_eur=Decimal("9000"))
    call = CallFactory(programme__action=action)  # budget year 2026
    services.approve(actor=plan_manager, application_id=submitted(call).pk, amount_eur="3000")
    assert not BudgetEntry.objects.exists()


def test_a_refused_approval_commits_nothing(plan_manager, line):
    call = CallFactory(programme__action=line.action, budget_eur=Decimal("5000"))
    services.approve(actor=plan_manager, application_id=submitted(call).pk, amount_eur="5000")
    with pytest.raises(Conflict) as error:
        services.approve(actor=plan_manager, application_id=submitted(call).pk, amount_eur="100")
    assert error.value.code == "over_budget"
    assert BudgetEntry.objects.count() == 1
