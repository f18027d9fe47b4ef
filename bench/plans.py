"""Plan pages and plan API: served from the cache, they should cost about what GET /healthz costs.

The goal: the overview page and the plan API, for the 13-action Alytus plan and for a 1,000-action plan,
each at most GOAL times GET /healthz (the cheapest request the app serves), measured in the same run. Before
the cache the overview took 79x /healthz, and 1.6 s for the large plan. The first request after a change
renders the page once (printed as "first request"); every later one reads it from the cache until the plan
changes. Returns False (and `python -m bench` exits non-zero) when a page misses the goal.
"""

from pathlib import Path

from bench.harness import measure, report

ROOT = Path(__file__).resolve().parent.parent
GOAL = 5.0  # at most this many times GET /healthz


def run() -> None:
    from django.conf import settings
    from django.test.utils import override_settings

    # Measured as served in production: `make` writes DEBUG=1 for development, which re-reads every template
    # on every request; without it Django keeps compiled templates in memory.
    templates = [{**engine, "OPTIONS": {**engine.get("OPTIONS", {}), "debug": False}} for engine in settings.TEMPLATES]
    with override_settings(DEBUG=False, TEMPLATES=templates):
        _run()


def _run() -> None:
    from django.core.cache import cache
    from django.test import Client

    from talentas.plans import services
    from talentas.plans.tests.factories import full_plan

    services.load_plan(text=(ROOT / "plans" / "alytus-iap.yaml").read_text(encoding="utf-8"))
    full_plan(objectives=20, actions_per_objective=50, slug="large-plan")
    client = Client(HTTP_HOST="127.0.0.1")

    def get(path: str):
        def request():
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        return request

    def first_request(path: str):
        def request():
            cache.clear()
            get(path)()

        return request

    baseline = measure(get("/healthz"))
    # The first request after a change renders the page; its goal is a ratio to the Alytus plan's first request
    # (the overview and an action page should barely grow; the API answer carries 77 times as many actions).
    # Every later request is read from the cache until the data changes: at most GOAL times GET /healthz.
    for label, small_path, large_path, first_request_goal in [
        ("plan overview page", "/en/plans/alytus-iap/", "/en/plans/large-plan/", 15.0),
        ("plan API", "/api/v1/plans/alytus-iap", "/api/v1/plans/large-plan", 50.0),
        ("action page", "/en/plans/alytus-iap/actions/2.1/", "/en/plans/large-plan/actions/1.1/", 5.0),
    ]:
        report(
            f"{label}, 1,000 actions, first request",
            measure(first_request(large_path), runs=5),
            measure(first_request(small_path), runs=5),
            "the Alytus plan's first request",
            goal=first_request_goal,
        )
        for plan, path in [("Alytus plan (13 actions)", small_path), ("1,000 actions", large_path)]:
            report(f"{label}, {plan}, cached", measure(get(path)), baseline, "GET /healthz", goal=GOAL)
