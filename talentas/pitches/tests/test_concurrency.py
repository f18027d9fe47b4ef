"""Simultaneous audience votes, each thread with its own database connection: one vote per person per competition.

Runs on SQLite (the default test database: one writer at a time) and on PostgreSQL (`DATABASE_URL=postgres://...`),
where the unique index decides between two inserts that arrive at the same moment.
"""

import threading

import pytest
from django.db import connections

from talentas.accounts.tests.factories import UserFactory
from talentas.core.errors import Conflict
from talentas.pitches import services
from talentas.pitches.models import AudienceVote

from .factories import competition

pytestmark = pytest.mark.django_db(transaction=True)
TRIES = 8


def at_once(work, items):
    start = threading.Barrier(len(items))
    results, errors = [], []

    def run(item):
        try:
            start.wait(timeout=30)
            results.append(work(item))
        except Conflict as refusal:
            results.append(refusal)
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


def test_one_person_voting_many_times_at_once_is_counted_once(plan_manager):
    c = competition(plan_manager)
    services.set_voting(actor=c.chair, pitch_event_id=c.pitch_event.pk, open=True)
    voter, other = UserFactory(), UserFactory()
    tries = [(voter, c.finalists[index % 3]) for index in range(TRIES)] + [(other, c.finalists[0])]
    results = at_once(
        lambda item: services.vote(user=item[0], pitch_event_id=c.pitch_event.pk, finalist_id=item[1].pk), tries
    )
    counted = [result for result in results if isinstance(result, AudienceVote)]
    refused = [result for result in results if isinstance(result, Conflict)]
    assert len(counted) == 2 and len(refused) == TRIES - 1
    assert {refusal.code for refusal in refused} == {"already_voted"}
    assert AudienceVote.objects.filter(pitch_event=c.pitch_event, voter=voter).count() == 1
    assert AudienceVote.objects.filter(pitch_event=c.pitch_event).count() == 2
