"""Public monitoring dashboard: 1,000,000 module activity rows should cost about what 1,000 rows cost.

A plan with automatic indicators (each counting a kind of platform activity through the `monitoring.activity`
metric) and manual ones is loaded; the dashboard is timed with 1,000 activity rows, then again after the table
grows to 1,000,000 rows. Two figures each time:

- warm: the page as people get it, from the cache that any write invalidates (the data version);
- cold: right after a write, when every figure is recomputed (metrics aggregate in the database).

Past quarters are closed first, as the nightly period-end run does, so their automatic values are frozen.
Each 1 M figure is printed as a ratio to the same figure at 1,000 rows, measured in the same run.
"""

import datetime
import random

from bench.harness import measure, report
from talentas.monitoring.services import period_end, reporting_periods

TODAY = datetime.date(2026, 11, 23)
FIRST_DAY = datetime.date(2025, 1, 1)
KINDS = ("registration", "profile", "booking", "event", "application")
SMALL, LARGE = 1_000, 1_000_000


def _plan():
    from decimal import Decimal

    from talentas.plans.choices import TargetPeriod
    from talentas.plans.tests.factories import ActionFactory, IndicatorFactory, PlanFactory, StrategicObjectiveFactory

    plan = PlanFactory(slug="bench-monitoring", start_year=2025, end_year=2028, is_default=False)
    for number in range(1, 4):
        objective = StrategicObjectiveFactory(plan=plan, code=str(number))
        for index, kind in enumerate(KINDS, start=1):
            action = ActionFactory(
                objective=objective,
                code=f"{number}.{index}",
                planned_start=datetime.date(2025, 1, 1),
                planned_end=datetime.date(2028, 12, 1),
            )
            annual = index % 2 == 0
            IndicatorFactory(
                action=action,
                code=f"A{number}.{index}",
                metric=f"monitoring.activity.{kind}",
                target_value=Decimal(20000 if annual else 100000),
                target_period=TargetPeriod.ANNUAL if annual else TargetPeriod.TOTAL,
            )
            IndicatorFactory(action=action, code=f"M{number}.{index}", metric="", target_value=Decimal(10))
    return plan


def _insert_activity(count: int, rng: random.Random) -> None:
    """Bulk-insert activity rows spread over the plan's first 23 months (executemany, no model objects)."""
    from django.db import connection, transaction

    from talentas.core.metrics import mark_data_changed

    span = (TODAY - FIRST_DAY).days
    sql = "INSERT INTO monitoring_moduleactivity (kind, qualifier, day, amount) VALUES (%s, %s, %s, %s)"
    batch = 50_000
    with transaction.atomic(), connection.cursor() as cursor:
        for offset in range(0, count, batch):
            rows = [
                (KINDS[rng.randrange(5)], "", FIRST_DAY + datetime.timedelta(days=rng.randrange(span)), 1)
                for _ in range(min(batch, count - offset))
            ]
            cursor.executemany(sql, rows)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE monitoring_moduleactivity")
    mark_data_changed()


def run() -> None:
    import time_machine
    from django.test import Client

    from talentas.core.metrics import mark_data_changed
    from talentas.monitoring import models, periods

    rng = random.Random(2025)
    plan = _plan()
    for indicator in plan.indicators.filter(metric=""):
        for span in periods.quarters_between(FIRST_DAY, datetime.date(2026, 9, 30)):
            period = reporting_periods.ensure_period(span=span)
            models.IndicatorValue.objects.create(
                indicator=indicator, period=period, value=rng.randrange(1, 4), state=models.ValueState.APPROVED
            )
    client = Client(HTTP_HOST="127.0.0.1")
    path = f"/en/monitoring/plans/{plan.slug}/"

    def warm():
        response = client.get(path)
        assert response.status_code == 200, response.status_code

    def cold():
        mark_data_changed()
        warm()

    results = {}
    with time_machine.travel(datetime.datetime(2026, 11, 23, 12, tzinfo=datetime.UTC), tick=True):
        for rows in (SMALL, LARGE):
            _insert_activity(rows - models.ModuleActivity.objects.count(), rng)
            # The nightly run has frozen the ended quarters (the first time only: later runs find them closed).
            for span in periods.quarters_between(FIRST_DAY, datetime.date(2026, 9, 30)):
                period_end.close_period(span=span, today=TODAY)
            results[rows] = (measure(warm, runs=30), measure(cold, runs=10, warmup=2))
    (small_warm, small_cold), (large_warm, large_cold) = results[SMALL], results[LARGE]
    report("public dashboard, cached, 1,000 activity rows", small_warm, small_cold, "the same page recomputed")
    report("public dashboard, cached, 1,000,000 activity rows", large_warm, small_warm, "1,000 rows")
    report("public dashboard, recomputed after a write, 1,000,000 activity rows", large_cold, small_cold, "1,000 rows")
