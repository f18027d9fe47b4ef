"""The calls module's lists keep their number of queries whatever the number of rows: the public list of calls and
the programme team's list of applications (its review board and ranked list: review/tests/test_queries.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import CallFactory, submitted

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/en/calls/", "/lt/calls/"])
def test_the_public_list_takes_as_many_queries_for_two_calls_as_for_six(client, url):
    for _ in range(2):
        submitted(CallFactory())
    few = _queries(client, url)
    for _ in range(4):
        submitted(CallFactory())
    assert _queries(client, url) == few


@pytest.mark.parametrize("url", ["/en/calls/staff/applications/", "/en/calls/staff/applications/?export=csv"])
def test_the_staff_list_takes_as_many_queries_for_two_applications_as_for_six(client, plan_manager, url):
    call = CallFactory()
    for _ in range(2):
        submitted(call)
    client.force_login(plan_manager)
    few = _queries(client, url)
    for _ in range(2):
        submitted(call)
    for _ in range(2):
        submitted(CallFactory())
    assert _queries(client, url) == few
