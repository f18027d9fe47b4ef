"""Simultaneous approvals, each thread with its own database connection: the budget is never over-committed.

Runs on SQLite (the default test database: one writer at a time) and on PostgreSQL (`DATABASE_URL=postgres://...`),
where the conditional UPDATE's row lock (core.capacity) decides who gets the last euros.
"""

import threading
from decimal import Decimal

import pytest
from django.db import connections

from talentas.calls import services
from talentas.calls.models import Application, Award, Call, ProgrammeYear
from talentas.core.errors import Conflict

from .factories import CallFactory, ProgrammeFactory, submitted

pytestmark = pytest.mark.django_db(transaction=True)
RACERS = 12


def at_once(work, items):
    start = threading.Barrier(len(items))
    results, errors = [], []

    def run(item):
        try:
            start.wait(timeout=30)
            results.append((item, work(item)))
        except Conflict as refusal:
            results.append((item, refusal))
        except BaseException as error:  # every other failure is reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    return results


def test_simultaneous_approvals_never_commit_more_than_the_call_has(plan_manager):
    call = CallFactory(budget_eur=Decimal("20000"), max_award_eur=Decimal("5000"))
    applications = [submitted(call) for _ in range(RACERS)]
    results = at_once(
        lambda application: services.approve(actor=plan_manager, application_id=application.pk, amount_eur="3000"),
        applications,
    )
    awarded = [result for _item, result in results if isinstance(result, Award)]
    refused = [result for _item, result in results if isinstance(result, Conflict)]
    assert len(awarded) == 6 and len(refused) == RACERS - 6  # 6 x 3,000 fit in 20,000; a 7th does not
    assert {refusal.code for refusal in refused} == {"over_budget"}
    call.refresh_from_db()
    assert call.committed_eur == Decimal("18000") <= call.budget_eur
    assert Award.objects.filter(application__call=call).count() == 6
    assert Application.objects.filter(call=call, status=Application.Status.APPROVED).count() == 6
    assert ProgrammeYear.objects.get(programme=call.programme).committed_eur == Decimal("18000")


def test_simultaneous_approvals_in_two_calls_never_overrun_the_programme_year(plan_manager):
    programme = ProgrammeFactory()
    ProgrammeYear.objects.create(programme=programme, year=2026, budget_eur=Decimal("10000"))
    calls = [CallFactory(programme=programme, budget_eur=Decimal("20000")) for _ in range(2)]
    applications = [submitted(calls[index % 2]) for index in range(RACERS)]
    results = at_once(
        lambda application: services.approve(actor=plan_manager, application_id=application.pk, amount_eur="2500"),
        applications,
    )
    assert sum(isinstance(result, Award) for _item, result in results) == 4
    year = ProgrammeYear.objects.get(programme=programme, year=2026)
    assert year.committed_eur == Decimal("10000")
    committed = sum(Call.objects.filter(pk__in=[c.pk for c in calls]).values_list("committed_eur", flat=True))
    assert committed == Decimal("10000")
