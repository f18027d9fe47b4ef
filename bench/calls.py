"""Calls and their review: the public list of calls, submitting an application, and the programme team's review
board and ranked list of a call, on a realistic year's data.

50 published calls (a rubric each), 500 submitted applications from 500 organisations, in review, each scored by
5 reviewers (2,500 submitted reviews, two criteria each): the year's main round holds 100 of them, the other 49
calls share the rest. An applicant organisation's complete drafts wait to be submitted, one per timed request.

Every page goes through Django's test client in this process (the middleware, the templates, the database), and
each is timed in turns with `GET /healthz` fired the same way (`harness.measure_against`) and printed as a ratio to
it, so a slow shared machine slows both. The goals (below, from runs on a loaded 2-core machine with SQLite) leave
about a third of headroom over the highest ratio measured; a missed goal makes `python -m bench` exit 1.
"""

import datetime
import itertools
import logging
import random
from decimal import Decimal

from bench.harness import measure_against, report

CALLS = 50
APPLICATIONS = 500
MAIN_ROUND = 100  # applications to the call whose board and ranking are timed
REVIEWERS = 5
# Goals, as times GET /healthz timed in turns with it; the ratios of three runs on a 2-core machine shared with
# other work are in the comments (the spread is the machine's, not the code's).
CALL_LIST_GOAL = 60.0  # 29, 42, 46
SUBMIT_GOAL = 50.0  # 26, 37, 38
BOARD_GOAL = 150.0  # 61, 110, 112
RANKING_GOAL = 145.0  # 63, 97, 106


def _people():
    from django.contrib.auth.hashers import make_password

    from talentas.accounts.models import Role, RoleAssignment, User

    unusable = make_password(None)
    staff = User.objects.create(email="staff@bench.example", full_name="Programme staff", password=unusable)
    RoleAssignment.objects.create(user=staff, role=Role.PLAN_MANAGER)
    reviewers = User.objects.bulk_create(
        [User(email=f"reviewer{n}@bench.example", full_name=f"Reviewer {n}", password=unusable) for n in range(5)]
    )
    applicant = User.objects.create(email="applicant@bench.example", full_name="Applicant", password=unusable)
    return staff, reviewers, applicant


def _organisations(count: int, prefix: str):
    from talentas.organisations.models import Organisation

    return Organisation.objects.bulk_create(
        [Organisation(name=f"{prefix} {n}", slug=f"{prefix.lower()}-{n}", kind="startup") for n in range(count)]
    )


def _application(call, organisation, number: int, **fields):
    from django.utils import timezone

    from talentas.calls.models import Application

    return Application(
        call=call,
        organisation=organisation,
        project_title=f"Project {number}",
        summary="Sensors and an app for Dzūkija's greenhouses.",
        requested_eur=Decimal("4000"),
        registered_in_city=True,
        founded_on=timezone.localdate() - datetime.timedelta(days=400),
        **fields,
    )


def _data(rng: random.Random):
    """The calls, the submitted applications with their reviews, and the applicant's drafts (two organisations,
    one draft in each call for each: 100)."""
    from django.utils import timezone

    from talentas.calls.models import Application
    from talentas.calls.tests.factories import CallFactory
    from talentas.organisations.models import Membership
    from talentas.review.models import Review, ReviewerAssignment, Score
    from talentas.review.tests.factories import rubric_for

    staff, reviewers, applicant = _people()
    calls = [CallFactory() for _ in range(CALLS)]
    criteria = {call.pk: list(rubric_for(call).criteria.all()) for call in calls}
    main, others = calls[0], calls[1:]
    homes = [main] * MAIN_ROUND + [others[n % len(others)] for n in range(APPLICATIONS - MAIN_ROUND)]
    now = timezone.now()
    applications = Application.objects.bulk_create(
        [
            _application(
                call,
                organisation,
                n,
                status=Application.Status.IN_REVIEW,
                submitted_at=now,
                women_led=rng.choice(["women_led", "no"]),
            )
            for n, (call, organisation) in enumerate(zip(homes, _organisations(APPLICATIONS, "Startup"), strict=True))
        ]
    )
    assignments = ReviewerAssignment.objects.bulk_create(
        [
            ReviewerAssignment(
                application=application,
                reviewer=reviewer,
                assigned_by=staff,
                assigned_at=now,
                status=ReviewerAssignment.Status.ACTIVE,
            )
            for application in applications
            for reviewer in reviewers
        ]
    )
    reviews = Review.objects.bulk_create(
        [
            Review(
                assignment=a,
                status=Review.Status.SUBMITTED,
                submitted_at=now,
                total=Decimal(rng.randrange(4000, 10000)) / 100,
            )
            for a in assignments
        ]
    )
    Score.objects.bulk_create(
        [
            Score(review=review, criterion=criterion, value=rng.randrange(0, criterion.max_score + 1))
            for review, assignment in zip(reviews, assignments, strict=True)
            for criterion in criteria[assignment.application.call_id]
        ]
    )
    mine = _organisations(2, "Applicant")
    Membership.objects.bulk_create(
        [Membership(organisation=o, user=applicant, role=Membership.Role.OWNER) for o in mine]
    )
    drafts = Application.objects.bulk_create(
        [_application(call, organisation, n, created_by=applicant) for n, (organisation, call) in
         enumerate(itertools.product(mine, calls))]
    )  # fmt: skip
    return staff, applicant, main, drafts


def run() -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from talentas.accounts import services as account_services

    # The applicant's confirmation e-mails stay in memory, and the queue's log lines unprinted: a benchmark
    # prints only its figures.
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    logging.getLogger("huey").setLevel(logging.WARNING)
    rng = random.Random(2026)
    staff, applicant, main, drafts = _data(rng)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"{CALLS} calls, {APPLICATIONS} applications in review, {APPLICATIONS * REVIEWERS:,} reviews, "
          f"{len(drafts)} drafts to submit")  # fmt: skip

    visitor = Client(HTTP_HOST="127.0.0.1")
    team = Client(HTTP_HOST="127.0.0.1")
    team.force_login(staff)
    _token, raw = account_services.create_api_token(user=applicant, name="bench")
    api = Client(HTTP_HOST="127.0.0.1", headers={"Authorization": f"Bearer {raw}"})
    waiting = iter(drafts)

    def get(client, path):
        def fetch():
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        return fetch

    def submit():
        response = api.post(f"/api/v1/applications/{next(waiting).pk}/submit")
        assert response.status_code == 200, (response.status_code, response.content[:300])

    health = get(visitor, "/healthz")
    figures = [
        ("public list of calls", get(visitor, "/en/calls/"), 30, CALL_LIST_GOAL),
        ("submitting an application (API)", submit, 40, SUBMIT_GOAL),
        (f"review board, {MAIN_ROUND} applications", get(team, f"/en/review/staff/calls/{main.pk}/"), 30, BOARD_GOAL),
        (f"ranked list, {MAIN_ROUND} applications", get(team, f"/en/review/staff/calls/{main.pk}/ranking/"), 30,
         RANKING_GOAL),
    ]  # fmt: skip
    for name, fn, runs, goal in figures:
        subject, baseline = measure_against(fn, health, runs=runs)
        report(name, subject, baseline, "GET /healthz", goal=goal)
