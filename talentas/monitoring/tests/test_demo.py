"""manage.py load_demo_monitoring: a plausible Alytus year, and nothing doubled when it runs again."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from talentas.governance.models import Decision, SteeringMeeting
from talentas.monitoring.models import (
    Alert,
    BudgetEntry,
    IndicatorGoal,
    IndicatorValue,
    Report,
)
from talentas.monitoring.selectors import indicators as indicator_selectors
from talentas.monitoring.status import Status

PLAN_FILE = Path(__file__).resolve().parents[3] / "plans" / "alytus-iap.yaml"


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (IndicatorValue, IndicatorGoal, Alert, SteeringMeeting, Decision, BudgetEntry, Report)
    }


def test_the_demo_needs_the_plan_and_accounts(db):
    with pytest.raises(CommandError, match="load_plan"):
        call_command("load_demo_monitoring")


def test_load_demo_monitoring_twice(db, settings, tmp_path, capsys):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_plan", str(PLAN_FILE))
    call_command("load_demo")
    call_command("load_demo_monitoring")
    first = counts()
    assert "Monitoring demo loaded" in capsys.readouterr().out
    call_command("load_demo_monitoring")
    assert counts() == first
    assert first["Report"] == 4 and Report.objects.filter(state="ready").count() == 4
    assert first["Alert"] >= 2 and first["Decision"] == 3
    assert Decision.objects.filter(council_status=Decision.Council.PENDING).count() == 1
    assert Decision.objects.filter(council_status=Decision.Council.APPROVED).count() == 1
    progress = indicator_selectors.plan_progress(plan=indicator_selectors.plan_for_monitoring(slug="alytus-iap"))
    statuses = {figure.status for figure in progress.indicators}
    assert {Status.ON_TRACK, Status.BEHIND, Status.ACHIEVED} <= statuses
    assert IndicatorValue.objects.filter(revision=2).exists()  # a visible correction
    assert first["IndicatorGoal"] == 6
    by_code = {figure.code: figure for figure in progress.indicators}
    assert by_code["O3.4"].goal_year is not None  # the talent target is measured against this year's milestone
    assert IndicatorValue.objects.filter(state="submitted").exists()  # work for the M&E officer
