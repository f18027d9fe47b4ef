"""A rush of sign-ups: 180 people register at once for 120 seats, against the real server.

The app runs as the issue deploys it: gunicorn with 4 workers on PostgreSQL (its own database,
`talentas_bench_events`, made and dropped here), the task queue and the cache on Redis (a spare database number,
flushed before and after), reached over loopback only. The benchmark reports how many registrations
were confirmed, waitlisted and failed (the capacity must hold exactly: 120 confirmed, 60 waitlisted, 0
failed), and the registration rate as a ratio to the rate of plain `GET /healthz` requests fired the same
way in the same run. Skipped, with a message, when PostgreSQL or Redis is unreachable. Bounded: every step has a
time limit, and the server and database are removed whatever happens.

The goal: a registration rate of at least GOAL_RATIO of the health rate (it was 0.11 while every sign-up
held the event's lock from its first read to its commit; the seat is now one conditional UPDATE just before
the commit, and the e-mail and the dashboards' data version follow the commit). Returns False (and
`python -m bench` exits non-zero) when the rate or the exact counts are missed.

BENCH_EVENTS_POSTGRES (default postgres://postgres@127.0.0.1:5432) names the server, BENCH_EVENTS_DATABASE the
database made for the run (default talentas_bench_events); BENCH_EVENTS_WORKERS
the gunicorn workers (default: 2 per CPU, at least 3).
"""

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from bench.harness import Timing, check, report, stop_server

ROOT = Path(__file__).resolve().parent.parent
DATABASE = os.environ.get("BENCH_EVENTS_DATABASE", "talentas_bench_events")
REDIS = os.environ.get("BENCH_EVENTS_REDIS", "redis://127.0.0.1:6379/12")
PEOPLE = 180
SEATS = 120
GOAL_RATIO = 0.30
CLIENT_THREADS = 90
REQUEST_TIMEOUT = 30
SETUP_TIMEOUT = 300
# Goal: a registration in the rush costs at most this many GET /healthz fired the same way (it takes a row lock).
RUSH_GOAL = 10.0

# Runs in a child process against the benchmark database: an event and PEOPLE people with API tokens.
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
event = Event.objects.create(
    action=ActionFactory(), event_type="pitch_event", title="Dzukija pitch night", starts_at=starts,
    ends_at=starts + datetime.timedelta(hours=3), address="Pramones g. 1, Alytus", capacity={SEATS},
)
event.organisers.set([organisation])
User.objects.bulk_create(
    [User(email=f"racer{{n}}@bench.example", full_name=f"Racer {{n}}", password="!") for n in range({PEOPLE})]
)
tokens = [accounts.create_api_token(user=user, name="bench")[1] for user in User.objects.order_by("pk")]
print(json.dumps({{"event": event.pk, "tokens": tokens}}))
"""


def _postgres_url() -> str:
    return os.environ.get("BENCH_EVENTS_POSTGRES", "postgres://postgres@127.0.0.1:5432").rstrip("/")


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{_postgres_url()}/postgres", autocommit=True, connect_timeout=5) as connection:
        connection.execute(sql)


def _flush_redis() -> None:
    import redis

    with redis.Redis.from_url(REDIS, socket_timeout=5) as client:
        client.flushdb()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _request(port: int, method: str, path: str, headers: dict | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request(method, path, headers={"Host": "127.0.0.1", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


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
                results[index] = _request(port, method, path, headers)
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


def run() -> bool | None:
    try:
        _flush_redis()
    except Exception as error:
        print(f"events benchmark skipped: Redis is unreachable at {REDIS} ({error.__class__.__name__}).")
        return None
    try:
        _admin(f"DROP DATABASE IF EXISTS {DATABASE}")
        _admin(f"CREATE DATABASE {DATABASE}")
    except Exception as error:
        print(f"events benchmark skipped: PostgreSQL is unreachable at {_postgres_url()} ({error.__class__.__name__}).")
        return None
    var_dir = tempfile.mkdtemp(prefix="talentas-bench-events-")
    env = {
        **os.environ,
        "DATABASE_URL": f"{_postgres_url()}/{DATABASE}",
        "REDIS_URL": REDIS,  # the queue and the cache, as deployed: a queued e-mail is one Redis write
        "DJANGO_SETTINGS_MODULE": "talentas.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-not-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_MANIFEST": "0",
        "LOG_LEVEL": "WARNING",
        "VAR_DIR": var_dir,
        "TASKS_IMMEDIATE": "0",  # e-mails wait in the queue, as in production
        "EMAIL_URL": "dummymail://",
        "PYTHONWARNINGS": "ignore::UserWarning",  # whitenoise: no collectstatic output, which the API needs not
    }
    server = None
    try:
        python = sys.executable
        subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
            [python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=SETUP_TIMEOUT
        )
        made = subprocess.run(  # noqa: S603 (our own interpreter and script)
            [python, "-c", SETUP_SCRIPT], cwd=ROOT, env=env, check=True, timeout=SETUP_TIMEOUT, capture_output=True
        )
        setup = json.loads(made.stdout.decode().strip().splitlines()[-1])
        workers = int(os.environ.get("BENCH_EVENTS_WORKERS", 4))
        port = _free_port()
        gunicorn = str(Path(python).with_name("gunicorn"))
        server = subprocess.Popen(  # noqa: S603 (gunicorn from our own virtualenv)
            [gunicorn, "talentas.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
             "--backlog", "2048", "--timeout", "60", "--log-level", "warning"],
            cwd=ROOT, env=env, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            try:
                if _request(port, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("gunicorn did not start within 60 seconds")
            time.sleep(0.2)
        # Before the clock starts every worker opens its database connection and loads the API (its first API
        # request imports and builds the routers: a one-off second or so per worker that no rush should time).
        for _ in range(workers * 5):
            _request(port, "GET", "/healthz")
        warm_up = time.perf_counter()
        for _ in range(workers * 5):
            _request(port, "GET", f"/api/v1/events/{setup['event']}")
        print(f"warm-up: {workers * 5} GET /api/v1/events/<id> in {time.perf_counter() - warm_up:.2f} s")

        health_seconds, health = _fire(port, [("GET", "/healthz", {})] * PEOPLE)
        health_failed = sum(1 for result in health if isinstance(result, Exception) or result[0] != 200)
        path = f"/api/v1/events/{setup['event']}/registrations"
        rush = [("POST", path, {"Authorization": f"Bearer {token}"}) for token in setup["tokens"]]
        rush_seconds, results = _fire(port, rush)

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
        import psycopg

        with psycopg.connect(f"{_postgres_url()}/{DATABASE}", connect_timeout=5) as connection:
            held = connection.execute("SELECT count(*) FROM events_registration WHERE status = 'confirmed'").fetchone()[
                0
            ]
        in_order = sorted(positions) == list(range(1, len(positions) + 1))
        queue = f"1..{max(positions, default=0)} each once" if in_order else "NOT in order"
        print(
            f"registrations: {PEOPLE} people at once ({CLIENT_THREADS} client threads, {workers} gunicorn workers, "
            f"PostgreSQL) for {SEATS} seats: {outcomes['confirmed']} confirmed, {outcomes['waitlisted']} waitlisted, "
            f"{outcomes['failed']} failed; {held} seats held in the database; waitlist positions "
            f"{queue}"
        )
        print(
            f"rates: {PEOPLE / rush_seconds:.0f} registrations/s vs {PEOPLE / health_seconds:.0f} GET /healthz/s "
            f"({health_failed} health requests failed) = {health_seconds / rush_seconds:.2f} of the health rate"
        )
        report(
            "registration in the rush",
            _per_request(rush_seconds, PEOPLE),
            _per_request(health_seconds, PEOPLE),
            "GET /healthz",
            goal=RUSH_GOAL,
        )
        # The capacity holds exactly: as many seats confirmed and held as the event has, no request failed.
        check("seats confirmed", outcomes["confirmed"], at_least=SEATS, at_most=SEATS)
        check("seats held in the database", held, at_least=SEATS, at_most=SEATS)
        check("registrations failed", outcomes["failed"], at_most=0)
        check("waitlist positions 1..N each once", int(in_order), at_least=1)
        check("sign-up rate as a share of the GET /healthz rate", health_seconds / rush_seconds, at_least=GOAL_RATIO)
    finally:
        if server is not None:
            stop_server(server)
        try:
            _admin(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        except Exception as error:
            print(f"could not drop {DATABASE}: {error}")
        shutil.rmtree(var_dir, ignore_errors=True)
        try:
            _flush_redis()
        except Exception as error:
            print(f"could not flush {REDIS}: {error}")


if __name__ == "__main__":
    run()
