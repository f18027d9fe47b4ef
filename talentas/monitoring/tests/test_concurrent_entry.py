"""Issue 10, defect 4: twenty simultaneous POSTs of one new period's value, each thread on its own connection.

One request creates the value; every other one is told 409 (never a 500). Runs on SQLite (the write lock
serialises them, so the losers find the value already submitted) and on PostgreSQL (the unique constraints
reject the concurrent inserts, which the service turns into a Conflict).
"""

import sqlite3
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from talentas.monitoring.models import IndicatorValue

from .test_api import bearer

pytestmark = pytest.mark.django_db(transaction=True)

RACERS = 20


def on_own_connection(work):
    """Run `work` in a new thread, which opens its own database connection, and return its result."""
    result: list = []

    def run():
        try:
            result.append(work())
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=120)
    return result[0]


@pytest.fixture
def race(indicators, owner, today, tmp_path):
    """The URL and the owner's token. SQLite's shared in-memory test database answers a second writer "table is
    locked" at once (no busy wait), unlike a real SQLite file; so on SQLite every new connection (each thread's)
    opens a file copy of the test database, as in production. PostgreSQL needs nothing."""
    url, headers = f"/api/v1/indicators/{indicators['O1.1'].pk}/values", bearer(owner)
    if connection.vendor != "sqlite":
        yield url, headers
        return
    copy = tmp_path / "race.sqlite3"
    with sqlite3.connect(copy) as target:
        connection.connection.backup(target)
    shared = connections.settings[connection.alias]  # what each thread's connection is made from
    original = shared["NAME"]
    shared["NAME"] = str(copy)
    yield url, headers
    shared["NAME"] = original


def test_simultaneous_posts_of_one_new_period_give_one_201_and_409s(indicators, race):
    url, headers = race
    start = threading.Barrier(RACERS)
    answers: list[int] = []
    errors: list[BaseException] = []

    def post(number: int) -> None:
        try:
            client = Client(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=True)
            start.wait(timeout=30)
            response = client.post(
                url, {"period": "2026-Q1", "value": number, "submit": True}, content_type="application/json", **headers
            )
            answers.append(response.status_code)
        except BaseException as error:  # every failure is collected and reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(number,)) for number in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert sorted(answers) == [201] + [409] * (RACERS - 1)
    assert on_own_connection(IndicatorValue.objects.filter(indicator=indicators["O1.1"]).count) == 1
