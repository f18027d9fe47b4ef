"""Monitoring pages in a real browser, checked by axe-core for WCAG 2.2 A and AA."""

import datetime

import pytest
from playwright.sync_api import expect

from conftest import log_in
from talentas.accounts.tests.factories import PASSWORD
from talentas.governance import services as governance_services
from talentas.governance.models import SteeringMeeting
from talentas.monitoring import periods
from talentas.monitoring.services import budget, goals, period_end

from .factories import IndicatorSettingsFactory, IndicatorValueFactory, approved, events_held, period

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _data(plan, indicators, me_officer, plan_manager):
    approved(indicators["O1.1"], "2025-Q4", 0)
    approved(indicators["O1.1"], "2026-Q1", 0)
    approved(indicators["O1.2"], "2025", 30)
    events_held(indicators["A1.1"].action, datetime.date(2026, 2, 3), 3)
    period_end.close_period(span=periods.quarter(2026, 1), today=datetime.date(2026, 5, 1))
    meeting = SteeringMeeting.objects.get()
    governance_services.record_decision(
        user=me_officer, meeting=meeting, kind="budget", text="Move EUR 5,000 to events"
    )
    short = plan.budget_phases.order_by("order").first()
    budget.save_budget_line(user=plan_manager, plan=plan, phase=short, action=plan.actions.first(), planned_eur="1000")
    return meeting


def _check(page, axe, path):
    page.goto(path)
    page.evaluate("document.querySelectorAll('details').forEach(details => details.open = true)")
    axe(page)


def test_public_pages_meet_wcag_aa(plan, indicators, me_officer, plan_manager, page, axe):
    _data(plan, indicators, me_officer, plan_manager)
    for path in (
        f"/en/monitoring/plans/{plan.slug}/",
        f"/lt/monitoring/plans/{plan.slug}/",
        f"/en/monitoring/plans/{plan.slug}/embed/",
        f"/en/monitoring/plans/{plan.slug}/timeline/",
        f"/en/monitoring/plans/{plan.slug}/reports/",
    ):
        _check(page, axe, path)
    assert page.locator("table").count() >= 1


def test_staff_pages_meet_wcag_aa(plan, indicators, me_officer, plan_manager, page, axe):
    meeting = _data(plan, indicators, me_officer, plan_manager)
    log_in(page, plan_manager.email, PASSWORD)
    for path in (
        "/en/monitoring/staff/",
        f"/en/monitoring/indicators/{indicators['O1.1'].pk}/",
        f"/en/monitoring/indicators/{indicators['O1.1'].pk}/audit/",
        f"/en/monitoring/meetings/{meeting.pk}/",
        f"/en/monitoring/plans/{plan.slug}/budget/",
        f"/en/monitoring/plans/{plan.slug}/meetings/",
        f"/en/monitoring/plans/{plan.slug}/import/",
        "/en/notices/",
    ):
        _check(page, axe, path)


def test_an_owner_enters_a_value_in_the_browser(plan, indicators, owner, page, axe):
    log_in(page, owner.email, PASSWORD)
    page.goto(f"/en/monitoring/indicators/{indicators['O1.1'].pk}/")
    page.select_option("select[name=period]", "2025-Q4")
    page.fill("input[name=value]", "-2")
    page.fill("textarea[name=comment]", "From the register")
    page.click("main form button[type=submit]")
    expect(page.locator("main")).to_contain_text("cannot be negative")
    assert page.input_value("textarea[name=comment]") == "From the register"
    axe(page)  # the page with its errors is accessible too
    page.fill("input[name=value]", "2")
    page.click("main form button[type=submit]")
    expect(page.locator("main")).to_contain_text("Submitted for approval")


def test_indicator_settings_page_meets_wcag_aa_with_and_without_errors(plan, indicators, me_officer, page, axe):
    indicator = indicators["O1.1"]
    goals.add_goal(user=me_officer, indicator=indicator, year=2026, target_value=5, note="IAP table 7")
    IndicatorSettingsFactory(indicator=indicator, breakdowns=["gender"])
    IndicatorValueFactory(
        indicator=indicator, period=period("2026-Q1"), value=4, breakdown={"gender": {"women": "3", "men": "1"}}
    )
    log_in(page, me_officer.email, PASSWORD)
    _check(page, axe, f"/en/monitoring/indicators/{indicator.pk}/settings/")
    page.fill("input[name=weight]", "0")
    page.fill("input[name='goals-1-year']", "2040")
    page.click("main form button[type=submit]")
    expect(page.get_by_text("Nothing was saved")).to_be_visible()
    axe(page)
    page.fill("input[name=weight]", "3")
    page.fill("input[name='goals-1-year']", "2027")
    page.fill("input[name='goals-1-target_value']", "6")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/monitoring/indicators/{indicator.pk}/")
    axe(page)
