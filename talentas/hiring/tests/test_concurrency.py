"""The same person applying several times at once (a double click, two tabs, a retrying client), each try with its
own database connection: exactly one application is made, every other try is refused with the Conflict code
`already_applied` (never a 500). Runs on SQLite and on PostgreSQL (`DATABASE_URL=postgres://...`)."""

import threading

import pytest
from django.db import connections

from talentas.core.errors import Conflict
from talentas.hiring import services
from talentas.hiring.models import Application

pytestmark = pytest.mark.django_db(transaction=True)
TRIES = 6


def test_one_application_however_many_tries_at_once(opportunity, talent):
    start = threading.Barrier(TRIES)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def attempt() -> None:
        try:
            start.wait(timeout=30)
            services.apply(user=talent.user, opportunity=opportunity, consent=True, message="Me, please.")
            outcomes.append("applied")
        except Conflict as refusal:
            outcomes.append(refusal.code)
        except BaseException as error:  # every other failure is reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(TRIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted(outcomes) == ["already_applied"] * (TRIES - 1) + ["applied"]
    assert Application.objects.filter(profile=talent, opportunity=opportunity).count() == 1
