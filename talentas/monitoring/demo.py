"""Demo monitoring data for the Alytus plan, 2025 Q1 to 2026 Q3: values reported by the departments and approved by
the M&E officer, some indicators on track and some behind, the alerts and Steering Committee meetings they led to,
a decision awaiting the City Council and one it approved, the budget as committed and spent, actual start and
finish dates, and quarterly and annual reports in both languages. Figures are invented but plausible.

Safe to run again: everything is made only when missing, through the same services people use.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from talentas.core.choices import ResponsibleEntity
from talentas.governance import services as governance_services
from talentas.governance.models import AgendaItem, Decision, SteeringMeeting
from talentas.plans import selectors as plan_selectors

from . import periods
from .models import (
    Frequency,
    IndicatorGoal,
    IndicatorSettings,
    IndicatorValue,
    Report,
)
from .progress import automatic_metric
from .selectors import budget as budget_selectors
from .selectors import indicators as indicator_selectors
from .services import budget, goals, period_end, reporting_periods, reports, values

PLAN = "alytus-iap"
ME_OFFICER = "me.officer@talentas.example"
PLAN_MANAGER = "plan.manager@talentas.example"
FINANCE = "indicators.finance@talentas.example"
OWNERS = {
    ResponsibleEntity.BUSINESS_SUPPORT: "indicators.business@talentas.example",
    ResponsibleEntity.FINANCE_AND_INVESTMENT: FINANCE,
    ResponsibleEntity.EDUCATION: "indicators.education@talentas.example",
    ResponsibleEntity.ULG_COORDINATOR: "indicators.ulg@talentas.example",
}
LAST_QUARTER = periods.quarter(2026, 3)

# Indicator code -> {period code: value}. Quarters are events or people in that quarter; a year is a year's figure.
VALUES: dict[str, dict[str, int]] = {
    "O1.1": dict.fromkeys(("2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"), 0),
    "O1.2": {"2025-Q2": 2, "2025-Q3": 2, "2025-Q4": 2, "2026-Q1": 1, "2026-Q2": 2, "2026-Q3": 1},
    "O1.3": {"2025-Q1": 1, "2025-Q2": 1, "2025-Q3": 2, "2025-Q4": 1},
    "O1.4": {"2025-Q1": 1, "2025-Q2": 1, "2025-Q3": 2, "2025-Q4": 1, "2026-Q1": 1, "2026-Q2": 2, "2026-Q3": 1},
    "O1.5": {"2025": 2},
    "O2.1": {"2026-Q3": 20000},
    "O2.2": {"2025-Q2": 3, "2025-Q4": 4, "2026-Q1": 0, "2026-Q2": 2, "2026-Q3": 0},
    "O2.3": {"2025-Q2": 1, "2025-Q3": 1, "2025-Q4": 1, "2026-Q1": 1, "2026-Q2": 0, "2026-Q3": 1},
    "O3.1": {"2025-Q4": 1, "2026-Q2": 1},
    "O3.2": {"2025-Q4": 12, "2026-Q1": 15, "2026-Q2": 17, "2026-Q3": 19},
    "O3.3": {"2025-Q3": 1, "2025-Q4": 1, "2026-Q1": 0, "2026-Q2": 1, "2026-Q3": 0},
    "O3.4": {"2025-Q1": 21, "2025-Q2": 30, "2025-Q3": 26, "2025-Q4": 31},
    "O3.5": {"2026-Q2": 1},
    "R1": {"2025-Q2": 1, "2025-Q4": 3, "2026-Q2": 2},
    "R2": {"2025": 4},
}
COMMENTS = {
    "O1.1": "Žuvinto g. 4: design contract signed, construction not started.",
    "O1.2": "Participants of the Dzūkija Accelerator cohort, from the programme's attendance list.",
    "O1.4": "Networking evenings at Spiečius, from the events register.",
    "O2.1": "First call of the startup grant fund: three grants paid in September.",
    "O3.3": "Cross-sector workshop with Alytus College and local manufacturers.",
}
# Indicators reported once a year, and levels (the latest value counts, not the sum).
YEARLY = {"O1.5", "R2"}
LEVELS = {"O3.2"}

ACTUAL_DATES: dict[str, tuple[str, str | None]] = {
    "1.1": ("2025-03-03", None),
    "1.2": ("2025-02-10", "2026-06-30"),
    "1.3": ("2025-01-15", "2025-12-19"),
    "1.4": ("2025-03-01", None),
    "1.5": ("2025-09-01", None),
    "2.1": ("2026-08-17", None),
    "2.2": ("2025-04-01", None),
    "2.3": ("2025-05-05", None),
    "3.1": ("2025-06-10", None),
    "3.2": ("2025-10-01", None),
    "3.3": ("2026-04-15", None),
    "3.4": ("2025-02-01", "2025-12-31"),
    "3.5": ("2025-03-01", "2026-06-15"),
}

# (phase horizon, action code or "", funding source name starts with, planned EUR, committed, spent)
BUDGET: list[tuple[str, str, str, int, int, int]] = [
    ("short", "2.1", "National SME", 100000, 60000, 24000),
    ("short", "1.4", "European Social", 30000, 26000, 21500),
    ("short", "3.1", "Local sponsor", 15000, 9000, 8400),
    ("short", "1.2", "Horizon", 40000, 40000, 31000),
    ("short", "1.3", "Lithuanian Innovation", 20000, 20000, 19200),
    ("short", "3.2", "Digital Europe", 15000, 12000, 6000),
    ("medium", "2.3", "European Social", 40000, 5000, 1200),
    ("medium", "2.2", "Angel", 60000, 10000, 4000),
    ("medium", "1.3", "National SME", 120000, 0, 0),
    ("medium", "1.1", "European Regional", 67000, 45000, 12000),
    ("long", "1.1", "European Regional", 7400000, 0, 0),
]

# Dated goals: the M&E team phases whole-plan targets into yearly milestones (cumulative since the plan's start).
GOALS = {
    "O3.4": {2025: 10, 2026: 20, 2027: 60},
    "O1.3": {2025: 2, 2026: 4, 2027: 5},
}
GOAL_NOTE = "Milestone agreed by the M&E team (Steering Committee, March 2025)."

DECISIONS = [
    (
        "O1.1",
        Decision.Kind.TIMELINE_CHANGE,
        "Move the opening of the co-working and innovation hub at Žuvinto g. 4 to the second half of 2027, after "
        "the ERDF call; keep the design contract running.",
        "Business Support Department",
        True,
    ),
    (
        "O2.2",
        Decision.Kind.BUDGET_CHANGE,
        "Move EUR 15,000 from the mid-term competition budget to prizes for a second pitch competition in 2026.",
        "Finance and Investment Department",
        None,  # still awaiting the City Council
    ),
    (
        "O3.3",
        Decision.Kind.CORRECTIVE_ACTION,
        "Hold the cross-sector workshops at Alytus College together with the stakeholder forum, and ask the ULG "
        "to bring two manufacturers to each.",
        "ULG coordinator",
        None,
    ),
]


@dataclass
class DemoResult:
    made: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, count: int = 1) -> None:
        if count:
            self.made[name] = self.made.get(name, 0) + count


def _people() -> dict[str, object]:
    users = {user.email: user for user in get_user_model().objects.filter(email__endswith="@talentas.example")}
    needed = {ME_OFFICER, PLAN_MANAGER, *OWNERS.values()}
    missing = sorted(needed - set(users))
    if missing:
        raise CommandError(f"Run `manage.py load_demo` first (missing accounts: {', '.join(missing)}).")
    return users


def load_demo_monitoring(*, today: datetime.date | None = None) -> DemoResult:
    """Make whatever of the monitoring demo is missing. Needs the Alytus plan (load_plan) and load_demo's accounts."""
    if plan_selectors.plans_for_list().filter(slug=PLAN).first() is None:
        raise CommandError("Run `manage.py load_plan plans/alytus-iap.yaml` first.")
    today = today or max(datetime.date.today(), LAST_QUARTER.end + datetime.timedelta(days=35))
    people = _people()
    result = DemoResult()
    plan = indicator_selectors.plan_for_monitoring(slug=PLAN)
    indicators = {indicator.code: indicator for indicator in indicator_selectors.plan_indicators(plan=plan)}
    officer, manager = people[ME_OFFICER], people[PLAN_MANAGER]

    for code in YEARLY | LEVELS:
        if code in indicators and not IndicatorSettings.objects.filter(indicator=indicators[code]).exists():
            fields = {"frequency": Frequency.ANNUAL} if code in YEARLY else {"accumulation": "latest"}
            goals.save_indicator_settings(user=officer, indicator=indicators[code], **fields)
            result.add("indicator settings")

    for code, by_year in GOALS.items():
        for year, target in by_year.items():
            if code in indicators and not IndicatorGoal.objects.filter(indicator=indicators[code], year=year).exists():
                goals.add_goal(user=officer, indicator=indicators[code], year=year, target_value=target, note=GOAL_NOTE)
                result.add("dated goals")

    for code, by_period in VALUES.items():
        indicator = indicators.get(code)
        if indicator is None or automatic_metric(indicator.metric) is not None:
            continue  # a module reports it: its values come from the module's own data
        owner = people[OWNERS[indicator.responsible]]
        for period_code, number in by_period.items():
            period = reporting_periods.ensure_period(span=periods.parse_code(period_code))
            if IndicatorValue.objects.filter(indicator=indicator, period=period).exists():
                continue
            value = values.save_value(
                user=owner,
                indicator=indicator,
                period=period,
                value=number,
                comment=COMMENTS.get(code, ""),
                submit=True,
            )
            values.approve_value(user=officer, value=value)
            result.add("values")

    # A correction: a 2025-Q3 figure typed in by hand was recounted after approval (the first such indicator:
    # as modules land, the figures they feed leave this list).
    q3 = reporting_periods.ensure_period(span=periods.quarter(2025, 3))
    recounted = next(
        (
            indicator
            for code, by_period in VALUES.items()
            if "2025-Q3" in by_period
            and code not in LEVELS
            and (indicator := indicators.get(code)) is not None
            and automatic_metric(indicator.metric) is None
        ),
        None,
    )
    if recounted is not None and not IndicatorValue.objects.filter(indicator=recounted, period=q3, revision=2).exists():
        approved = IndicatorValue.objects.filter(indicator=recounted, period=q3).order_by("-revision").first()
        correction = values.save_value(
            user=people[OWNERS[recounted.responsible]],
            indicator=recounted,
            period=q3,
            value=(approved.value if approved else 0) + 1,
            comment="Recounted: one participant joined late and was missing from the first list.",
            submit=True,
        )
        values.approve_value(user=officer, value=correction)
        result.add("corrections")

    # One value still waiting for the M&E officer, so the staff dashboard has work: the first indicator still
    # typed in by hand (the modules feed more of them as they land) with nothing yet for the last quarter.
    last = reporting_periods.ensure_period(span=LAST_QUARTER)
    pending = next(
        (
            indicator
            for code in VALUES
            if code not in YEARLY | LEVELS
            and (indicator := indicators.get(code)) is not None
            and automatic_metric(indicator.metric) is None
            and not IndicatorValue.objects.filter(indicator=indicator, period=last).exists()
        ),
        None,
    )
    if pending is not None:
        values.save_value(
            user=people[OWNERS[pending.responsible]],
            indicator=pending,
            period=last,
            value=1,
            comment="From the programme team's quarterly list; waiting for the M&E officer's check.",
            submit=True,
        )
        result.add("values awaiting approval")

    for code, (start, end) in ACTUAL_DATES.items():
        action = next((a for a in plan.all_actions() if a.code == code), None)
        if action is None or getattr(getattr(action, "monitoring_settings", None), "actual_start", None):
            continue
        budget.record_action_dates(
            user=manager,
            action=action,
            actual_start=datetime.date.fromisoformat(start),
            actual_end=datetime.date.fromisoformat(end) if end else None,
        )
        result.add("actual dates")

    _budget(plan, people[FINANCE], manager, result)

    # The period-end runs, as they would have happened a month after each quarter.
    for span in periods.quarters_between(datetime.date(2025, 1, 1), LAST_QUARTER.start):
        result.add("alerts", len(period_end.close_period(span=span, today=span.end + datetime.timedelta(days=30))))
    _meetings(plan, indicators, officer, manager, today, result)
    period_end.send_value_reminders(today=today)

    for kind, code in ((Report.Kind.QUARTERLY, LAST_QUARTER.code), (Report.Kind.ANNUAL, "2025")):
        period = reporting_periods.ensure_period(span=periods.parse_code(code))
        for language in ("lt", "en"):
            if Report.objects.filter(
                plan_id=plan.pk, kind=kind, period=period, language=language, state="ready"
            ).exists():
                continue
            report = reports.request_report(
                user=officer, plan=plan, kind=kind, period=period, language=language, queue=False
            )
            reports.generate_report(report_id=report.pk)
            result.add("reports")
    return result


def _budget(plan, finance, manager, result: DemoResult) -> None:
    phases = {phase.horizon: phase for phase in plan.budget_phases.all()}
    sources = list(plan.funding_sources.all())
    actions = {action.code: action for action in plan.all_actions()}
    lines = {(line.phase_id, line.action_id): line for line in budget_selectors.budget_lines(plan=plan)}
    for horizon, action_code, source_name, planned, committed, spent in BUDGET:
        phase, action = phases.get(horizon), actions.get(action_code)
        if phase is None:
            continue
        source = next((s for s in sources if str(s.name_en or s.name).startswith(source_name)), None)
        line = lines.get((phase.pk, action.pk if action else None))
        if line is None:
            line = budget.save_budget_line(
                user=manager, plan=plan, phase=phase, action=action, source=source, planned_eur=planned
            )
            result.add("budget lines")
        if line.entries.exists():
            continue
        year = phase.start_year
        if committed:
            budget.record_budget_entry(
                user=finance,
                line=line,
                kind="commitment",
                amount_eur=committed,
                date=datetime.date(year, 3, 1),
                description=f"Contracts and agreements for action {action_code}",
            )
            result.add("budget entries")
        for share, month in ((Decimal("0.4"), 6), (Decimal("0.6"), 11)):
            amount = (Decimal(spent) * share).quantize(Decimal("0.01"))
            if amount:
                budget.record_budget_entry(
                    user=finance,
                    line=line,
                    kind="expenditure",
                    amount_eur=amount,
                    date=datetime.date(min(year + (month == 11 and horizon != "short"), 2026), month, 15),
                    description=f"Payments for action {action_code}",
                )
                result.add("budget entries")


def _meetings(plan, indicators, officer, manager, today: datetime.date, result: DemoResult) -> None:
    for code, kind, text, responsible, council in DECISIONS:
        if Decision.objects.filter(meeting__plan_id=plan.pk, text=text).exists():
            continue
        indicator = indicators.get(code)
        meeting, agenda_item = _meeting_for(plan, indicator, today)
        decision = governance_services.record_decision(
            user=officer,
            meeting=meeting,
            kind=kind,
            text=text,
            agenda_item=agenda_item,
            responsible=responsible,
            due_date=meeting.date + datetime.timedelta(days=90),
        )
        result.add("decisions")
        if council is not None and meeting.date + datetime.timedelta(days=30) <= today:
            governance_services.record_council_outcome(
                user=manager,
                decision=decision,
                approved=council,
                decided_on=meeting.date + datetime.timedelta(days=28),
                reference=f"T-{meeting.date.year}-{100 + decision.pk}",
            )
    for meeting in SteeringMeeting.objects.filter(plan_id=plan.pk, state=SteeringMeeting.State.PLANNED, date__lt=today):
        governance_services.record_meeting_held(
            user=officer,
            meeting=meeting,
            minutes="The committee reviewed the indicators behind plan and the budget; decisions below.",
        )
        result.add("meetings held")


def _meeting_for(plan, indicator, today: datetime.date):
    """The earliest meeting whose agenda has an alert about the indicator, else the latest past meeting."""

    item = (
        AgendaItem.objects.filter(meeting__plan_id=plan.pk, alert__indicator=indicator)
        .select_related("meeting")
        .order_by("meeting__date")
        .first()
        if indicator is not None
        else None
    )
    if item is not None:
        return item.meeting, item
    meeting = SteeringMeeting.objects.filter(plan_id=plan.pk, date__lte=today).order_by("-date").first()
    if meeting is None:
        meeting = governance_services.schedule_meeting(
            user=get_user_model().objects.get(email=ME_OFFICER),
            plan=plan,
            date=today - datetime.timedelta(days=7),
            title="Steering Committee",
        )
    return meeting, None
