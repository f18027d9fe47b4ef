"""manage.py load_demo_calls: a decided and paid grant round last year within its budget, this year's intakes, an
open call with its own form, lt and en, counted by the plan's indicators, and nothing doubled on a second run."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from talentas.calls.models import Application, Award, Call, Instalment, Programme, ProgrammeYear
from talentas.core.metrics import metric_value
from talentas.monitoring.models import BudgetEntry

PLAN_FILE = Path(__file__).resolve().parents[3] / "plans" / "alytus-iap.yaml"


@pytest.fixture
def plan_and_accounts(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_plan", str(PLAN_FILE), stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())


def test_the_demo_round_is_decided_paid_and_within_budget(plan_and_accounts):
    out = io.StringIO()
    call_command("load_demo_calls", stdout=out)
    assert out.getvalue().startswith("Calls demo loaded: 4 calls")
    year = timezone.localdate().year
    last_year = {"start": datetime.date(year - 1, 1, 1), "end": datetime.date(year, 1, 1)}
    this_year = {"start": datetime.date(year, 1, 1), "end": datetime.date(year + 1, 1, 1)}

    past = Call.objects.get(budget_year=year - 1)
    assert past.phase() == "closed" and past.committed_eur <= past.budget_eur
    awards = Award.objects.filter(application__call=past)
    assert sum(a.amount_eur for a in awards) == past.committed_eur == Decimal("52500")
    assert set(Instalment.objects.filter(award__in=awards).values_list("status", flat=True)) == {"paid"}
    assert metric_value("calls.awarded_eur.startup_grants", **last_year) == Decimal("52500")
    for budget in ProgrammeYear.objects.all():
        assert budget.committed_eur <= budget.budget_eur
    # Finance's books follow the round: each award a commitment, each paid instalment an expenditure, on 2.1's line.
    books = BudgetEntry.objects.filter(line__action__code="2.1", origin__startswith="calls.")
    paid = Instalment.objects.filter(award__in=awards, status="paid")
    assert sum(e.amount_eur for e in books.filter(kind="commitment")) == Decimal("52500")
    assert sum(e.amount_eur for e in books.filter(kind="expenditure")) == sum(i.amount_eur for i in paid) > 0

    assert metric_value("calls.participants.accelerator", **this_year) == 5
    # The accelerator runs in two stages: concepts invited (then approved, or drafting), declined and waiting.
    accelerator = Call.objects.get(programme__slug="alytus-accelerator")
    assert accelerator.two_stage and accelerator.opens_at < accelerator.concept_closes_at < accelerator.closes_at
    stages = set(Application.objects.filter(call=accelerator).values_list("phase", "status"))
    assert stages == {
        ("full", "approved"),
        ("full", "draft"),
        ("concept", "rejected"),
        ("concept", "concept_submitted"),
    }
    assert Application.objects.filter(call=accelerator, invited_by__isnull=False).count() == 6
    assert metric_value("calls.participants.incubator", **this_year) == 5
    open_call = Call.objects.get(programme__slug="startup-grant-fund", budget_year=year)
    assert open_call.is_open() and open_call.form is not None
    assert set(Application.objects.filter(call=open_call).values_list("status", flat=True)) == {"draft", "submitted"}
    for call in Call.objects.all():
        assert call.title_lt and call.title_en and call.summary_lt and call.summary_en
    assert Programme.objects.filter(action__code__in=["1.2", "1.3", "2.1", "2.2"]).count() == 4

    again = io.StringIO()
    call_command("load_demo_calls", stdout=again)
    assert "0 calls" in again.getvalue() and Call.objects.count() == 4
