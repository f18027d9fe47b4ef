"""A city's evening: 200 people at once browse the plan and dashboard, register for events, search and match.

Runs locust headless (`bench/load_scenario.py`) for LOAD_SECONDS against gunicorn (4 workers) on PostgreSQL
(its own database, `talentas_bench_load`, made and dropped here) with Redis (the machine's, database
BENCH_LOAD_REDIS_DB, emptied afterwards) for the cache and the queue, over loopback only. Prints each page's
p50 and p95 and its errors, each time as a ratio to the p50 of `/healthz` in the same run.
Skipped, with a message, when PostgreSQL or Redis is unreachable.

BENCH_EVENTS_POSTGRES (default postgres://postgres@127.0.0.1:5432) names the PostgreSQL server; BENCH_LOAD_REDIS
(default redis://127.0.0.1:6379) the Redis server; BENCH_LOAD_SECONDS shortens or lengthens the run.
"""

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

from bench.deployment import Unreachable, deployment

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "talentas_bench_load"
PEOPLE = 200
EVENTS = 20
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
REDIS_DB = int(os.environ.get("BENCH_LOAD_REDIS_DB", "13"))

# Runs in a child process against the benchmark database: the Alytus plan, events, people with tokens, and
# a talent profile each, and opportunities for the search and the matching.
SETUP_SCRIPT = f"""
import datetime, json, django
django.setup()
from django.core.management import call_command
from django.utils import timezone
from talentas.accounts import services as accounts
from talentas.accounts.models import User
from talentas.events.tests.factories import EventFactory
from talentas.organisations.models import Membership, Organisation
from talentas.organisations.tests.factories import MembershipFactory, OrganisationFactory
from talentas.plans.models import Action, Plan
from talentas.talent import services as talent
from talentas.talent.tests.factories import SkillFactory

call_command("load_plan", "plans/alytus-iap.yaml", verbosity=0)
plan = Plan.objects.get()
actions = list(Action.objects.filter(objective__plan=plan))
organisation = OrganisationFactory(verification=Organisation.Verification.VERIFIED)
events = [
    EventFactory(organisers=[organisation], action=actions[n % len(actions)], capacity=50) for n in range({EVENTS})
]
people = User.objects.bulk_create(
    [User(email=f"resident{{n}}@bench.example", full_name=f"Resident {{n}}", password="!") for n in range({PEOPLE})]
)
people = list(User.objects.filter(email__endswith="@bench.example").order_by("pk"))
tokens = [accounts.create_api_token(user=person, name="bench")[1] for person in people]
skills = [SkillFactory(label_en=label) for label in ("Python (computer programming)", "SQL", "welding", "design")]
owner = MembershipFactory(organisation=organisation, role=Membership.Role.OWNER).user
for n in range(30):
    talent.create_opportunity(
        user=owner, organisation=organisation,
        data=talent.OpportunityInput(
            kind="job", title=f"Python developer {{n}}", description="Python for Alytus firms.",
            closes_on=timezone.localdate() + datetime.timedelta(days=30),
        ),
        skills=[(skills[n % 4].pk, True)], languages=[("lt", 3, True)],
    )
for n, person in enumerate(people):
    talent.save_talent_profile(
        user=person,
        data=talent.ProfileInput(kind="student", headline="Developer", city="Alytus", looking_for=("job",)),
        skills=[(skills[n % 4].pk, 3)], languages=[("lt", 5)], consent=True,
    )
print(json.dumps({{"plan": plan.slug, "events": [event.pk for event in events], "tokens": tokens}}))
"""


def _redis_url() -> str:
    return os.environ.get("BENCH_LOAD_REDIS", "redis://127.0.0.1:6379").rstrip("/") + f"/{REDIS_DB}"


def _stats(prefix: Path) -> dict[str, dict[str, float]]:
    with open(f"{prefix}_stats.csv", newline="") as file:
        return {
            row["Name"]: {
                "requests": float(row["Request Count"]),
                "failures": float(row["Failure Count"]),
                "p50": float(row["50%"]),
                "p95": float(row["95%"]),
            }
            for row in csv.DictReader(file)
            if row["Name"] != "Aggregated"
        }


def run() -> None:
    try:
        with deployment(database=DATABASE, redis_url=_redis_url(), setup_script=SETUP_SCRIPT) as served:
            data = served.work / "data.json"
            data.write_text(json.dumps(served.data))
            prefix = served.work / "locust"
            python = sys.executable
            subprocess.run(  # noqa: S603 (locust from our own virtualenv, against our own loopback server)
                [str(Path(python).with_name("locust")), "-f", str(ROOT / "bench" / "load_scenario.py"), "--headless",
                 "--users", str(PEOPLE), "--spawn-rate", "50", "--run-time", f"{LOAD_SECONDS}s",
                 "--host", f"http://127.0.0.1:{served.port}", "--csv", str(prefix), "--only-summary",
                 "--loglevel", "ERROR", "--stop-timeout", "10", "--exit-code-on-error", "0"],
                cwd=ROOT, env={**served.env, "TALENTAS_LOAD_DATA": str(data)}, check=True,
                timeout=LOAD_SECONDS + 120, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            stats = _stats(prefix)
    except Unreachable as error:
        print(f"load benchmark skipped: {error}.")
        return
    baseline = stats["/healthz"]["p50"] or 1.0
    print(
        f"an evening with {PEOPLE} people at once for {LOAD_SECONDS} s (gunicorn 4 workers, PostgreSQL, Redis); "
        f"/healthz p50 {baseline:.0f} ms"
    )
    for name, row in sorted(stats.items()):
        print(
            f"{name}: p50 {row['p50'] / baseline:.1f}x /healthz p50, p95 {row['p95'] / baseline:.1f}x "
            f"(p50 {row['p50']:.0f} ms, p95 {row['p95']:.0f} ms; {row['requests']:.0f} requests, "
            f"{row['failures']:.0f} errors = {row['failures'] / max(row['requests'], 1):.1%})"
        )


if __name__ == "__main__":
    run()
