"""Public monitoring dashboard: 1,000,000 rows of module data should cost about what 1,000 rows cost.

A plan with automatic indicators, each following a metric of the events module over the data that module stores
(events held, people checked in at them, different people checked in), and manual ones is loaded; the dashboard
is timed with 1,000 event registrations, then again after the registrations grow to 1,000,000 (set
`BENCH_MONITORING_ROWS` for another size; the bulk insert through the events module's models runs at about 2,400
rows a second on two idle cores, so a million take about seven minutes, far longer on shared cores). Two figures
each time:

- warm: the page as people get it, from the cache that any write invalidates (the data version);
- cold: right after a write, when every figure is recomputed (metrics aggregate in the database).

Past quarters are closed first, as the nightly period-end run does, so their automatic values are frozen.
Each large figure is printed as a ratio to the same figure at 1,000 rows, measured in the same run.
"""

import datetime
import os
import random
import time

from bench.harness import measure, report

TODAY = datetime.date(2026, 11, 23)
FIRST_DAY = datetime.date(2025, 1, 1)
TYPES = ("networking", "workshop", "financing_workshop", "stakeholder_forum", "pitch_event")
METRICS = ("events.held.{type}", "events.participants.{type}", "events.unique_participants.{type}")
EVENTS = 500  # spread over the plan's first 23 months
SMALL = 1_000
LARGE = int(os.environ.get("BENCH_MONITORING_ROWS", 1_000_000))
BATCH = 5_000
# Goals: the cached page costs at most a fifth of recomputing it, and 1,000 times the rows cost at most this much
# more: nothing from the cache, at most 3 times as much recomputed (past quarters are frozen).
CACHED_GOAL = 0.2
CACHED_LARGE_GOAL = 1.5
RECOMPUTED_LARGE_GOAL = 3.0


def _plan():
    from decimal import Decimal

    from talentas.plans.choices import TargetPeriod
    from talentas.plans.tests.factories import ActionFactory, IndicatorFactory, PlanFactory, StrategicObjectiveFactory

    plan = PlanFactory(slug="bench-monitoring", start_year=2025, end_year=2028, is_default=False)
    for number in range(1, 4):
        objective = StrategicObjectiveFactory(plan=plan, code=str(number))
        for index, event_type in enumerate(TYPES, start=1):
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
                metric=METRICS[(number + index) % len(METRICS)].format(type=event_type),
                target_value=Decimal(20000 if annual else 100000),
                target_period=TargetPeriod.ANNUAL if annual else TargetPeriod.TOTAL,
            )
            IndicatorFactory(action=action, code=f"M{number}.{index}", metric="", target_value=Decimal(10))
    return plan


def _events(plan, rng: random.Random) -> list:
    """The events the registrations are for, held (ended) on days of the plan's first 23 months."""
    from talentas.events.models import Event

    actions = list(plan.actions.all())
    span = (TODAY - FIRST_DAY).days
    events = []
    for number in range(EVENTS):
        ends = datetime.datetime.combine(
            FIRST_DAY + datetime.timedelta(days=rng.randrange(span)), datetime.time(18), tzinfo=datetime.UTC
        )
        events.append(
            Event(
                action=rng.choice(actions),
                event_type=TYPES[number % len(TYPES)],
                title=f"Event {number}",
                title_lt=f"Renginys {number}",
                title_en=f"Event {number}",
                starts_at=ends - datetime.timedelta(hours=2),
                ends_at=ends,
                capacity=5000,
                address="Pramonės g. 1, Alytus",
            )
        )
    return Event.objects.bulk_create(events)


def _people(count: int) -> list:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    User = get_user_model()
    unusable = make_password(None)  # nobody logs in as these people
    return User.objects.bulk_create(
        [User(email=f"bench-{number}@example.org", password=unusable) for number in range(count)], batch_size=BATCH
    )


def _register(events: list, people: list, start: int, stop: int) -> None:
    """Registrations number `start` to `stop` (person `n // events`, event `n % events`: each pair once), most of
    them checked in, bulk-created through the events module's model in batches."""
    from talentas.core.metrics import mark_data_changed
    from talentas.events.models import Registration

    def batch(first: int, last: int):
        for number in range(first, last):
            event = events[number % len(events)]
            attended = number % 10 != 0
            yield Registration(
                event=event,
                user=people[number // len(events)],
                status=Registration.Status.ATTENDED if attended else Registration.Status.NO_SHOW,
                queued_at=event.starts_at - datetime.timedelta(days=7),
                checked_in_at=event.starts_at if attended else None,
            )

    for first in range(start, stop, BATCH):
        Registration.objects.bulk_create(batch(first, min(first + BATCH, stop)), batch_size=BATCH)
    mark_data_changed()


def run() -> None:
    import time_machine
    from django.db import connection
    from django.test import Client

    from talentas.core.metrics import mark_data_changed
    from talentas.monitoring import models, periods
    from talentas.monitoring.services import period_end, reporting_periods

    rng = random.Random(2025)
    plan = _plan()
    for indicator in plan.indicators.filter(metric=""):
        for span in periods.quarters_between(FIRST_DAY, datetime.date(2026, 9, 30)):
            period = reporting_periods.ensure_period(span=span)
            models.IndicatorValue.objects.create(
                indicator=indicator, period=period, value=rng.randrange(1, 4), state=models.ValueState.APPROVED
            )
    events = _events(plan, rng)
    people = _people(-(-LARGE // EVENTS))
    client = Client(HTTP_HOST="127.0.0.1")
    path = f"/en/monitoring/plans/{plan.slug}/"

    def warm():
        response = client.get(path)
        assert response.status_code == 200, response.status_code

    def cold():
        mark_data_changed()
        warm()

    results = {}
    done = 0
    with time_machine.travel(datetime.datetime(2026, 11, 23, 12, tzinfo=datetime.UTC), tick=True):
        for rows in (SMALL, LARGE):
            started = time.perf_counter()
            _register(events, people, done, rows)
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            print(f"{rows - done:,} registrations inserted in {time.perf_counter() - started:.0f} s")
            done = rows
            # The nightly run has frozen the ended quarters (the first time only: later runs find them closed).
            for span in periods.quarters_between(FIRST_DAY, datetime.date(2026, 9, 30)):
                period_end.close_period(span=span, today=TODAY)
            results[rows] = (measure(warm, runs=30), measure(cold, runs=10, warmup=2))
    (small_warm, small_cold), (large_warm, large_cold) = results[SMALL], results[LARGE]
    report(
        "public dashboard, cached, 1,000 registrations",
        small_warm,
        small_cold,
        "the same page recomputed",
        goal=CACHED_GOAL,
    )
    report(
        f"public dashboard, cached, {LARGE:,} registrations",
        large_warm,
        small_warm,
        "1,000 rows",
        goal=CACHED_LARGE_GOAL,
    )
    report(
        f"public dashboard, recomputed after a write, {LARGE:,} registrations",
        large_cold,
        small_cold,
        "1,000 rows",
        goal=RECOMPUTED_LARGE_GOAL,
    )
