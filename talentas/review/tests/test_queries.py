"""The review lists keep their number of queries whatever the number of rows; the personal-data export names a
reviewer's assignments, declarations and scores."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from talentas.accounts.tests.factories import UserFactory
from talentas.core.personal_data import export_personal_data
from talentas.review import services
from talentas.review.models import Rubric

from .factories import in_review

pytestmark = pytest.mark.django_db


def _reviewed(plan_manager, call, reviewer, count, *, colleagues=()):
    """`count` applications in review, each scored by the reviewer and by each of `colleagues`."""
    criteria = list(Rubric.objects.get(call=call).criteria.all())
    for _ in range(count):
        application = in_review(call=call)
        for person in (reviewer, *colleagues):
            assignment = services.assign_reviewer(
                actor=plan_manager, application_id=application.pk, reviewer=person, role="expert"
            )
            services.declare(user=person, assignment_id=assignment.pk, has_conflict=False)
            services.save_review(
                user=person, assignment_id=assignment.pk, scores={c.pk: 3 for c in criteria}, submit=True
            )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/en/review/",
        "/en/review/staff/calls/{call}/",
        "/en/review/staff/calls/{call}/?export=csv",
        "/en/review/staff/calls/{call}/ranking/",
        "/en/review/staff/calls/{call}/ranking/?export=csv",
    ],
)
def test_lists_take_as_many_queries_for_two_rows_as_for_six(client, plan_manager, call_with_rubric, url):
    reviewer = UserFactory()
    _reviewed(plan_manager, call_with_rubric, reviewer, 2)
    client.force_login(reviewer if url == "/en/review/" else plan_manager)
    address = url.format(call=call_with_rubric.pk)
    few = _queries(client, address)
    # more rows, and more reviewers on each
    _reviewed(plan_manager, call_with_rubric, reviewer, 4, colleagues=[UserFactory(), UserFactory()])
    assert _queries(client, address) == few


def test_the_personal_data_export_has_the_reviewers_work(plan_manager, call_with_rubric):
    reviewer = UserFactory()
    _reviewed(plan_manager, call_with_rubric, reviewer, 1)
    data = json.loads(export_personal_data(user=reviewer))["review"]
    assert data["assignments"][0]["review"]["status"] == "submitted"
    assert data["declarations"][0]["has_conflict"] is False
    assert json.loads(export_personal_data(user=plan_manager))["review"]["assignments"] == []


def test_my_reviews_in_the_api_take_as_many_queries_for_two_as_for_six(client, plan_manager, call_with_rubric):
    from .test_recusal_paths import _auth

    reviewer = UserFactory()
    headers = _auth(reviewer)
    _reviewed(plan_manager, call_with_rubric, reviewer, 2)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert len(client.get("/api/v1/reviews/mine", **headers).json()["items"]) >= 2
        return len(queries)

    count()  # the token's first use is written down once
    few = count()
    _reviewed(plan_manager, call_with_rubric, reviewer, 4)
    assert count() == few
