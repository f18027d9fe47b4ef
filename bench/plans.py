"""Plan pages and plan API: a 1,000-action plan should cost about what the 13-action Alytus plan costs.

Both are measured in one run against GET /healthz (the cheapest request the app serves), and the
large plan's time is also printed as a ratio to the Alytus plan's.
"""

from pathlib import Path

from bench.harness import measure, report

ROOT = Path(__file__).resolve().parent.parent
# Goal: an Alytus page or API answer costs at most this many GET /healthz (about 0.5 ms here).
ALYTUS_GOAL = 300.0


def run() -> None:
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

    baseline = measure(get("/healthz"))
    # The last figure of each is the goal for the 1,000-action plan, as a ratio to the Alytus plan: the overview
    # and an action page should barely grow; the API answer carries the whole plan, 77 times as many actions.
    for label, small_path, large_path, large_plan_goal in [
        ("plan overview page", "/en/plans/alytus-iap/", "/en/plans/large-plan/", 15.0),
        ("plan API", "/api/v1/plans/alytus-iap", "/api/v1/plans/large-plan", 50.0),
        ("action page", "/en/plans/alytus-iap/actions/2.1/", "/en/plans/large-plan/actions/1.1/", 5.0),
    ]:
        small = measure(get(small_path))
        large = measure(get(large_path), runs=10)
        report(f"{label}, Alytus plan (13 actions)", small, baseline, "GET /healthz", goal=ALYTUS_GOAL)
        report(f"{label}, 1,000 actions", large, small, "the Alytus plan", goal=large_plan_goal)
