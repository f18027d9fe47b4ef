"""Budget lines, commitments and expenditures: who records them, and planned vs committed vs spent."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from talentas.core.errors import DomainError, PermissionDenied
from talentas.monitoring.selectors import budget as budget_selectors
from talentas.monitoring.selectors import indicators as indicator_selectors
from talentas.monitoring.services import budget


@pytest.fixture
def lines(plan, plan_manager):
    short, medium = plan.budget_phases.order_by("order")
    city, erdf = plan.funding_sources.order_by("order")
    action = plan.actions.get(code="1.1")
    return [
        budget.save_budget_line(
            user=plan_manager, plan=plan, phase=short, action=action, source=city, planned_eur="100000"
        ),
        budget.save_budget_line(
            user=plan_manager, plan=plan, phase=short, action=None, source=erdf, planned_eur="20000"
        ),
        budget.save_budget_line(
            user=plan_manager, plan=plan, phase=medium, action=action, source=erdf, planned_eur="50000"
        ),
    ]


def test_planned_committed_spent_by_phase_and_source(plan, lines, finance_owner, django_assert_max_num_queries):
    budget.record_budget_entry(
        user=finance_owner,
        line=lines[0],
        kind="commitment",
        amount_eur="60000",
        date=datetime.date(2025, 3, 1),
        description="Contract",
    )
    budget.record_budget_entry(
        user=finance_owner,
        line=lines[0],
        kind="expenditure",
        amount_eur="25000.50",
        date=datetime.date(2025, 6, 1),
        description="Payment",
    )
    budget.record_budget_entry(
        user=finance_owner,
        line=lines[2],
        kind="expenditure",
        amount_eur="1000",
        date=datetime.date(2026, 6, 1),
        description="Payment",
    )
    full = indicator_selectors.plan_for_monitoring(slug=plan.slug)
    with django_assert_max_num_queries(1):
        summary = budget_selectors.budget_summary(plan=full)
    short = summary.by_phase[0]
    assert (short.reference_eur, short.planned_eur, short.committed_eur, short.spent_eur) == (
        Decimal(220000),
        Decimal(120000),
        Decimal(60000),
        Decimal("25000.50"),
    )
    assert [row.label for row in summary.by_source] == ["City budget", "ERDF"]
    assert summary.by_source[1].planned_eur == Decimal(70000) and summary.by_source[1].spent_eur == Decimal(1000)
    assert summary.total.planned_eur == Decimal(170000) and summary.total.spent_eur == Decimal("26000.50")
    assert [row.label.split(" ")[0] for row in summary.by_action] == ["1.1", "Not"]


def test_the_same_line_is_updated_not_duplicated(plan, lines, plan_manager):
    short = plan.budget_phases.order_by("order").first()
    again = budget.save_budget_line(
        user=plan_manager,
        plan=plan,
        phase=short,
        action=plan.actions.get(code="1.1"),
        source=lines[0].source,
        planned_eur="90000",
    )
    assert again.pk == lines[0].pk and again.planned_eur == Decimal(90000)


@pytest.mark.parametrize("who", ["owner", "education_owner", "steering", "outsider"])
def test_only_finance_and_plan_managers_record_money(request, lines, who):
    with pytest.raises(PermissionDenied):
        budget.record_budget_entry(
            user=request.getfixturevalue(who),
            line=lines[0],
            kind="expenditure",
            amount_eur="1",
            date=datetime.date(2025, 1, 1),
            description="x",
        )


def test_bad_amounts_are_refused(lines, finance_owner):
    for amount, message in (("0", "more than zero"), ("-5", "negative"), ("ten", "not a number")):
        with pytest.raises(DomainError, match=message) as refused:
            budget.record_budget_entry(
                user=finance_owner,
                line=lines[0],
                kind="expenditure",
                amount_eur=amount,
                date=datetime.date(2025, 1, 1),
                description="x",
            )
        assert refused.value.field == "amount_eur"


def test_budget_page(client, plan, lines, finance_owner, steering):
    client.force_login(steering)
    page = client.get(reverse("monitoring:budget", kwargs={"slug": plan.slug})).content.decode()
    assert "€100,000" in page and "Record a commitment" not in page
    assert client.post(reverse("monitoring:budget", kwargs={"slug": plan.slug}), {"amount_eur": "1"}).status_code == 403
    client.force_login(finance_owner)
    path = reverse("monitoring:budget", kwargs={"slug": plan.slug})
    response = client.post(
        path,
        {
            "line": lines[0].pk,
            "kind": "expenditure",
            "amount_eur": "1500",
            "date": "2025-07-01",
            "description": "Hall rent",
        },
    )
    assert response.status_code == 302
    page = client.get(path).content.decode()
    assert "Hall rent" in page and "€1,500" in page
    response = client.post(
        path,
        {"line": lines[0].pk, "kind": "expenditure", "amount_eur": "-1", "date": "2025-07-01", "description": "Typed"},
    )
    assert "The value cannot be negative." in response.content.decode() and 'value="Typed"' in response.content.decode()


def test_action_dates(client, plan, me_officer, owner):
    action = plan.actions.get(code="1.1")
    with pytest.raises(DomainError, match="before the start"):
        budget.record_action_dates(
            user=me_officer, action=action, actual_start=datetime.date(2025, 5, 1), actual_end=datetime.date(2025, 4, 1)
        )
    with pytest.raises(PermissionDenied):
        budget.record_action_dates(user=owner, action=action, actual_start=datetime.date(2025, 5, 1), actual_end=None)
    client.force_login(me_officer)
    path = reverse("monitoring:action_dates", kwargs={"slug": plan.slug, "code": "1.1"})
    assert client.post(path, {"actual_start": "2025-02-03", "actual_end": ""}).status_code == 302
    assert action.monitoring_settings.actual_start == datetime.date(2025, 2, 3)
    client.force_login(owner)
    assert client.get(path).status_code == 403
