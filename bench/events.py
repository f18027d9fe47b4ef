"""A rush of sign-ups: 180 people register at once for 120 seats, against the real server.

The app runs as the issue deploys it: gunicorn with 4 workers on PostgreSQL (its own database,
`talentas_bench_events`, made and dropped here), the task queue and the cache on Redis (a spare database number,
flushed before and after), reached over loopback only. The benchmark reports how many registrations
were confirmed, waitlisted and failed (the capacity must hold exactly: 120 confirmed, 60 waitlisted, 0
failed), and the registration rate as a ratio to the rate of plain `GET /healthz` requests fired the same
way in the same run. Skipped, with a message, when PostgreSQL or Redis is unreachable. Bounded: every step has a
time limit, and the server and database are removed whatever happens.

The goal: a registration rate of at least GOAL_RATIO of the health rate, the median of ROUNDS rushes (it was
0.11 while every sign-up held the event's lock from its first read to its commit; the seat is now one
conditional UPDATE just before the commit, and the e-mail and the dashboards' data version follow the commit;
0.21 with that, when building the ORM's SQL for the token lookup, the event read, the INSERT and the UPDATE cost
more than PostgreSQL took to run them, now written out by talentas.core.rows: 0.22 on a quiet 2-core machine;
with a free seat taken and the registration written in one statement, no BEGIN and COMMIT round trips of their
own (Capacity.take_for), and a full event read as full going straight to the waitlist's turn: 0.29-0.30 on a
quiet one (rounds 0.28-0.35), 0.32 on a loaded one; 0.34-0.37 on another day's machine, the same with a
sign-up's two tasks and the data version sent to Redis in one round trip, talentas.core.queue: Redis was never
what the rush waited on).
A missed rate or count is a missed goal (`python -m bench` exits non-zero).

BENCH_EVENTS_POSTGRES (default postgres://postgres@127.0.0.1:5432) names the server, BENCH_EVENTS_DATABASE the
database made for the run (default talentas_bench_events), BENCH_EVENTS_WORKERS the gunicorn workers (default 4)
and BENCH_EVENTS_ROUNDS the rushes (default 5).
"""

import json
import os
import statistics
import threading
import time
from collections import Counter

from bench.deployment import REQUEST_TIMEOUT, Unreachable, deployment, request
from bench.harness import Timing, check, report

DATABASE = os.environ.get("BENCH_EVENTS_DATABASE", "talentas_bench_events")
REDIS = os.environ.get("BENCH_EVENTS_REDIS", "redis://127.0.0.1:6379/12")
PEOPLE = 180
SEATS = 120
# One rush lasts about a second, so one rush's ratio swings with whatever else the machine does in that second:
# ROUNDS rushes, each for its own event right after its own /healthz volley, and the median ratio counts.
ROUNDS = int(os.environ.get("BENCH_EVENTS_ROUNDS", "5"))
GOAL_RATIO = 0.30
CLIENT_THREADS = 90
# Goal: a registration in the rush costs at most this many GET /healthz fired the same way (it takes a row lock).
RUSH_GOAL = 10.0

# Runs in a child process against the benchmark database: a warm-up event, one event per round and PEOPLE people
# with API tokens.
SETUP_SCRIPT = f"""
import datetime, json, django
django.setup()
from django.utils import timezone
from talentas.accounts.models import User
from talentas.accounts import services as accounts
from talentas.events.models import Event
from talentas.organisations.models import Organisation
from talentas.plans.tests.factories import ActionFactory

organisation = Organisation.objects.create(name="Alytus Business Incubator", slug="incubator", kind="business-support")
starts = timezone.now() + datetime.timedelta(days=10)
action = ActionFactory()
events = []
for n in range({ROUNDS} + 1):
    event = Event.objects.create(
        action=action, event_type="pitch_event", title=f"Dzukija pitch night {{n}}", starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3), address="Pramones g. 1, Alytus", capacity={SEATS},
    )
    event.organisers.set([organisation])
    events.append(event.pk)
User.objects.bulk_create(
    [User(email=f"racer{{n}}@bench.example", full_name=f"Racer {{n}}", password="!") for n in range({PEOPLE})]
)
tokens = [accounts.create_api_token(user=user, name="bench")[1] for user in User.objects.order_by("pk")]
print(json.dumps({{"events": events, "tokens": tokens}}))
"""


def _fire(port: int, requests: list[tuple[str, str, dict]]) -> tuple[float, list[tuple[int, bytes] | Exception]]:
    """Send all requests from CLIENT_THREADS threads at once; the seconds it took and each result in order."""
    results: list[tuple[int, bytes] | Exception] = [Exception("not sent")] * len(requests)
    next_index = iter(range(len(requests)))
    lock = threading.Lock()
    start = threading.Barrier(CLIENT_THREADS + 1)

    def worker():
        start.wait()
        while True:
            with lock:
                index = next(next_index, None)
            if index is None:
                return
            method, path, headers = requests[index]
            try:
                results[index] = request(port, method, path, headers)
            except Exception as error:  # a refused or timed-out request counts as failed
                results[index] = error

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(CLIENT_THREADS)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join(timeout=REQUEST_TIMEOUT * len(requests) / CLIENT_THREADS + 60)
    return time.perf_counter() - began, results


def _per_request(seconds: float, count: int) -> Timing:
    return Timing(median_ms=seconds * 1000 / count, p95_ms=seconds * 1000 / count, runs=count)


def _rush(port: int, event: int, tokens: list[str]) -> tuple[float, Counter, list[int]]:
    """Everyone signs up for `event` at once: the seconds it took, the outcomes and the waitlist positions."""
    path = f"/api/v1/events/{event}/registrations"
    seconds, results = _fire(port, [("POST", path, {"Authorization": f"Bearer {token}"}) for token in tokens])
    outcomes: Counter[str] = Counter()
    positions = []
    for result in results:
        if isinstance(result, Exception) or result[0] != 201:
            outcomes["failed"] += 1
            continue
        body = json.loads(result[1])
        outcomes[body["status"]] += 1
        if body["waitlist_position"] is not None:
            positions.append(body["waitlist_position"])
    return seconds, outcomes, positions


def _seats_held(database_url: str) -> dict[int, int]:
    import psycopg

    with psycopg.connect(database_url, connect_timeout=5) as connection:
        rows = connection.execute(
            "SELECT event_id, count(*) FROM events_registration WHERE status = 'confirmed' GROUP BY event_id"
        ).fetchall()
    return dict(rows)


def run() -> bool | None:
    workers = int(os.environ.get("BENCH_EVENTS_WORKERS", 4))
    try:
        with deployment(database=DATABASE, redis_url=REDIS, setup_script=SETUP_SCRIPT, workers=workers) as served:
            return _measure(served.port, served.data, served.env["DATABASE_URL"], workers)
    except Unreachable as error:
        print(f"events benchmark skipped: {error}.")
        return None


def _measure(port: int, setup: dict, database_url: str, workers: int) -> None:
    warm_up_event, *events = setup["events"]
    tokens = setup["tokens"]
    # Before the clock starts every worker opens its database connections and runs the sign-up path once (its
    # first API request imports and builds the routers: a one-off second or so per worker that no rush should
    # time).
    for _ in range(workers * 5):
        request(port, "GET", "/healthz")
    warm_up = time.perf_counter()
    _fire(port, [("POST", f"/api/v1/events/{warm_up_event}/registrations", {"Authorization": f"Bearer {token}"})
                 for token in tokens[: workers * 5]])  # fmt: skip
    print(f"warm-up: {workers * 5} sign-ups in {time.perf_counter() - warm_up:.2f} s")

    ratios, rush_times, health_times = [], [], []
    all_in_order, failed, health_failed = True, 0, 0
    confirmed = []
    for event in events:
        health_seconds, health = _fire(port, [("GET", "/healthz", {})] * PEOPLE)
        health_failed += sum(1 for result in health if isinstance(result, Exception) or result[0] != 200)
        rush_seconds, outcomes, positions = _rush(port, event, tokens)
        in_order = sorted(positions) == list(range(1, len(positions) + 1))
        all_in_order &= in_order
        failed += outcomes["failed"]
        confirmed.append(outcomes["confirmed"])
        ratios.append(health_seconds / rush_seconds)
        rush_times.append(rush_seconds)
        health_times.append(health_seconds)
        queue = f"1..{len(positions)} each once" if in_order else "NOT in order"
        print(
            f"round {len(ratios)}: {outcomes['confirmed']} confirmed, {outcomes['waitlisted']} waitlisted, "
            f"{outcomes['failed']} failed, waitlist {queue}; "
            f"{PEOPLE / rush_seconds:.0f} sign-ups/s vs {PEOPLE / health_seconds:.0f} GET /healthz/s "
            f"= {ratios[-1]:.2f}"
        )
    held = _seats_held(database_url)
    print(
        f"registrations: {PEOPLE} people at once ({CLIENT_THREADS} client threads, {workers} gunicorn workers, "
        f"PostgreSQL, Redis) for {SEATS} seats, {len(events)} rounds; {health_failed} health requests failed; "
        f"median {statistics.median(ratios):.2f} of the health rate (rounds: "
        + ", ".join(f"{ratio:.2f}" for ratio in ratios)
        + ")"
    )
    report(
        "registration in the rush",
        _per_request(statistics.median(rush_times), PEOPLE),
        _per_request(statistics.median(health_times), PEOPLE),
        "GET /healthz",
        goal=RUSH_GOAL,
    )
    # The capacity holds exactly in every round: as many seats confirmed and held as the event has, none failed.
    for name, counts in (
        ("seats confirmed", confirmed),
        ("seats held in the database", [held.get(e, 0) for e in events]),
    ):
        check(f"{name} (fewest of a round)", min(counts), at_least=SEATS, at_most=SEATS)
        check(f"{name} (most of a round)", max(counts), at_least=SEATS, at_most=SEATS)
    check("registrations failed", failed, at_most=0)
    check("waitlist positions 1..N each once", int(all_in_order), at_least=1)
    check("sign-up rate as a share of the GET /healthz rate", statistics.median(ratios), at_least=GOAL_RATIO)


if __name__ == "__main__":
    run()
