"""The calls.* metrics the plan's actions 1.2, 1.3, 2.1, 2.2 and indicator R1 count from (issue 13, part 9)."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from talentas.calls import services
from talentas.calls.models import ProgrammeKind
from talentas.core.metrics import metric_in_words, metric_value, resolve_metric
from talentas.plans.models import Indicator

from .factories import CallFactory, ProgrammeFactory, submitted

pytestmark = pytest.mark.django_db
YEAR_2026 = {"start": datetime.date(2026, 1, 1), "end": datetime.date(2027, 1, 1)}
PLAN_KEYS = [
    "calls.participants.accelerator",
    "calls.participants.incubator",
    "calls.participants.pitch_competition",
    "calls.awarded_eur.startup_grants",
    "calls.startups_funded",
]


@pytest.mark.parametrize("key", PLAN_KEYS)
def test_the_plan_metric_keys_are_registered_and_read_as_words(key):
    resolve_metric(key)
    assert "not running yet" not in metric_in_words(key)


def _approve(kind, amount, *, women_led="no", organisation=None, when=datetime.datetime(2026, 3, 1, 12)):
    call = CallFactory(
        programme=ProgrammeFactory(kind=kind), budget_eur=Decimal("50000"), max_award_eur=Decimal("9000")
    )
    application = submitted(call, organisation=organisation, women_led=women_led)
    with time_machine.travel(timezone.make_aware(when), tick=False):
        from talentas.accounts.models import Role
        from talentas.accounts.tests.factories import RoleAssignmentFactory

        staff = RoleAssignmentFactory(role=Role.PLAN_MANAGER).user
        return services.approve(actor=staff, application_id=application.pk, amount_eur=amount)


def test_the_metrics_count_awards_and_admissions_of_the_year():
    first = _approve(ProgrammeKind.GRANT_FUND, "5000", women_led="women_led")
    _approve(ProgrammeKind.GRANT_FUND, "7500.50")
    _approve(ProgrammeKind.GRANT_FUND, "9000", when=datetime.datetime(2025, 11, 1, 12))  # last year
    _approve(ProgrammeKind.ACCELERATOR, "3000", organisation=first.application.organisation)
    _approve(ProgrammeKind.ACCELERATOR, "3000")
    _approve(ProgrammeKind.INCUBATOR, "1000")
    _approve(ProgrammeKind.PITCH_COMPETITION, "2000", women_led="women_cofounded")
    assert metric_value("calls.awarded_eur.startup_grants", **YEAR_2026) == Decimal("12500.50")
    assert metric_value("calls.awarded_eur", **YEAR_2026) == Decimal("21500.50")
    assert metric_value("calls.participants.accelerator", **YEAR_2026) == 2
    assert metric_value("calls.participants.incubator", **YEAR_2026) == 1
    assert metric_value("calls.participants.pitch_competition", **YEAR_2026) == 1
    # One organisation funded twice counts once.
    assert metric_value("calls.startups_funded", **YEAR_2026) == 5
    assert metric_value("calls.women_led_share.awardees", **YEAR_2026) == Decimal("40.0")
    assert metric_value("calls.startups_funded", start=datetime.date(2025, 1, 1), end=datetime.date(2026, 1, 1)) == 1


def test_the_women_led_share_of_applicants_counts_submissions_of_the_period():
    call = CallFactory()
    for women_led in ("women_led", "no", "no", "women_cofounded"):
        submitted(call, women_led=women_led)
    period = {"start": timezone.localdate(), "end": timezone.localdate() + datetime.timedelta(days=1)}
    assert metric_value("calls.women_led_share.applicants", **period) == Decimal("50.0")
    assert metric_value("calls.women_led_share", **period) == Decimal("50.0")


def test_the_shipped_plan_counts_its_four_actions_from_the_module():
    from talentas.monitoring.progress import automatic_metric, read_metric
    from talentas.plans.services import load_plan

    load_plan(text=(settings.BASE_DIR / "plans" / "alytus-iap.yaml").read_text(encoding="utf-8"))
    _approve(ProgrammeKind.GRANT_FUND, "5000")
    keys = dict(Indicator.objects.filter(metric__startswith="calls.").values_list("code", "metric"))
    assert keys == {
        "O1.2": "calls.participants.accelerator",
        "O1.3": "calls.participants.incubator",
        "O2.1": "calls.awarded_eur.startup_grants",
        "O2.2": "calls.participants.pitch_competition",
        "R1": "calls.startups_funded",
    }
    for key in keys.values():
        assert automatic_metric(key) is not None  # monitoring counts it from the module, nobody types it in
    assert read_metric("calls.awarded_eur.startup_grants", **YEAR_2026) == Decimal("5000")
