"""Every staff action in monitoring is also in the platform's one audit log (the value's own trail stays on the
indicator's audit page)."""

import datetime

from talentas.audit.models import AuditEntry
from talentas.monitoring.services import budget, goals, reports
from talentas.monitoring.tests.factories import period


def entries(verb: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(verb=verb).order_by("pk"))


def test_budget_lines_entries_and_action_dates_are_logged(plan, plan_manager, finance_owner, me_officer):
    short = plan.budget_phases.order_by("order").first()
    action = plan.actions.get(code="1.1")
    line = budget.save_budget_line(user=plan_manager, plan=plan, phase=short, action=action, planned_eur="100")
    budget.save_budget_line(user=plan_manager, plan=plan, phase=short, action=action, planned_eur="150")
    first, second = entries("monitoring.budget_line.save")
    assert (first.actor, first.changes["planned_eur"]) == (plan_manager, [None, "100.00"])
    assert (second.target_id, second.changes) == (str(line.pk), {"planned_eur": ["100.00", "150.00"]})
    entry = budget.record_budget_entry(
        user=finance_owner, line=line, kind="expenditure", amount_eur="20", date=datetime.date(2025, 3, 1),
        description="Hall rent",
    )  # fmt: skip
    [logged] = entries("monitoring.budget_entry.record")
    assert (logged.actor, logged.target_id, logged.changes["description"]) == (
        finance_owner, str(entry.pk), [None, "Hall rent"]
    )  # fmt: skip
    budget.record_action_dates(user=me_officer, action=action, actual_start=datetime.date(2025, 2, 3), actual_end=None)
    [dates] = entries("monitoring.action_dates.record")
    assert (dates.actor, dates.changes["actual_start"]) == (me_officer, [None, "2025-02-03"])


def test_goals_and_settings_are_logged(plan, indicators, me_officer):
    indicator = indicators["O1.1"]
    goals.add_goal(user=me_officer, indicator=indicator, year=2026, target_value="2")
    assert entries("monitoring.goal.add")[0].changes["target_value"] == [None, "2.00"]
    goals.replace_goals(user=me_officer, indicator=indicator, goals=[goals.GoalRow(2027, "5")])
    [replaced] = entries("monitoring.goals.replace")
    assert replaced.target_id == str(indicator.pk)
    assert replaced.changes == {"2026": ["2.00", None], "2027": [None, "5.00"]}
    goals.save_indicator_settings(user=me_officer, indicator=indicator, due_days=20)
    [changed] = entries("monitoring.indicator_settings.change")
    assert (changed.actor, changed.changes["due_days"][1]) == (me_officer, 20)


def test_report_requests_are_logged(plan, me_officer, today):
    report = reports.request_report(
        user=me_officer, plan=plan, kind="quarterly", period=period("2026-Q1"), language="en", queue=False
    )
    [logged] = entries("monitoring.report.request")
    assert (logged.actor, logged.target_id, logged.changes["kind"]) == (me_officer, str(report.pk), [None, "quarterly"])
