"""The public plan pages and the plan API come from the cache until the plan changes; the header stays personal."""

import pytest
from django.db import transaction
from django.utils import translation

from talentas.accounts.tests.factories import UserFactory
from talentas.plans.models import Action

OVERVIEW = "/en/plans/alytus-iap/"
ACTION = "/en/plans/alytus-iap/actions/2.1/"
API = "/api/v1/plans/alytus-iap?lang=en"


@pytest.mark.parametrize("path", [OVERVIEW, ACTION, API])
def test_a_second_visit_costs_no_database_query(client, alytus, django_assert_num_queries, path):
    first = client.get(path)
    with django_assert_num_queries(0):
        second = client.get(path)
    assert first.status_code == second.status_code == 200
    assert "Establish a startup grant fund" in second.content.decode()


def test_the_cached_api_answers_as_before(client, alytus):
    body = client.get(API).json()
    assert body["slug"] == "alytus-iap"
    assert {action["code"] for objective in body["objectives"] for action in objective["actions"]} >= {"1.4", "2.1"}
    lithuanian = client.get("/api/v1/plans/alytus-iap?lang=lt").json()
    assert lithuanian["title"] != body["title"]  # each language cached on its own


def test_the_header_stays_personal_around_the_cached_body(client, alytus):
    client.get(OVERVIEW)  # cached by an anonymous visitor
    person = UserFactory(full_name="Rūta Visitor")
    client.force_login(person)
    page = client.get(OVERVIEW).text
    assert "Log in" not in page
    assert 'action="/accounts/logout/"' in page or "logout" in page
    client.logout()
    assert "Log in" in client.get(OVERVIEW).text


def test_each_language_has_its_own_page(client, alytus):
    english = client.get(OVERVIEW).text
    lithuanian = client.get("/lt/plans/alytus-iap/").text
    assert 'lang="lt"' in lithuanian and english != lithuanian


@pytest.mark.django_db(transaction=True)  # real commits: the data version moves after one
@pytest.mark.parametrize("path", [OVERVIEW, ACTION, API])
def test_a_committed_change_to_the_plan_shows_on_the_next_request(client, alytus_text, path):
    from talentas.plans.services import load_plan

    load_plan(text=alytus_text)
    client.get(path)
    with transaction.atomic(), translation.override("en"):
        action = Action.objects.get(plan__slug="alytus-iap", code="2.1")
        action.title_en = "A startup grant fund, renamed"
        action.save()
    assert "A startup grant fund, renamed" in client.get(path).content.decode()


def test_an_unknown_plan_is_still_404(client, alytus):
    assert client.get("/en/plans/nowhere/").status_code == 404
    assert client.get("/api/v1/plans/nowhere?lang=en").status_code == 404
