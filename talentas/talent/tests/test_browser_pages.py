"""Our main pages in a real browser: each passes axe-core's WCAG 2.2 AA checks, and the htmx skill picker works."""

import pytest
from playwright.sync_api import expect

from conftest import log_in
from talentas.accounts.tests.factories import PASSWORD
from talentas.talent import services

from .conftest import make_opportunity, make_profile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(vocabulary, organisation, employer, settings):
    opportunity = make_opportunity(
        organisation, employer, required=[vocabulary["python"], vocabulary["sql"]], optional=[vocabulary["design"]]
    )
    talent = make_profile(skills=[(vocabulary["python"], 3)], languages=[("lt", 6), ("en", 4)])
    contact = services.request_contact(
        user=employer, organisation=organisation, profile=talent, message="We would like to talk to you soon."
    )
    return {"opportunity": opportunity, "talent": talent, "employer": employer, "contact": contact}


def test_public_pages_are_accessible(page, axe, world):
    for url in ["/en/talent/", "/en/talent/opportunities/", f"/en/talent/opportunities/{world['opportunity'].pk}/"]:
        page.goto(url)
        axe(page)


def test_person_pages_are_accessible_and_the_skill_picker_works(page, axe, world):
    log_in(page, world["talent"].user.email, PASSWORD)
    for url in [
        "/en/talent/me/",
        "/en/talent/me/matches/",
        "/en/talent/me/alerts/",
        f"/en/talent/contacts/{world['contact'].pk}/",
    ]:
        page.goto(url)
        axe(page)
    page.goto("/en/talent/me/steps/")
    axe(page)
    page.goto("/en/talent/me/steps/work/")
    axe(page)
    page.get_by_label("Find a skill (English or Lithuanian)").fill("sql")
    page.get_by_role("button", name="Add: SQL").click()
    expect(page.get_by_label("Your level in SQL")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Languages")).to_be_visible()
    page.goto("/en/talent/me/matches/")
    expect(page.get_by_text("Junior Python developer")).to_be_visible()


def test_employer_pages_are_accessible(page, axe, world):
    log_in(page, world["employer"].email, PASSWORD)
    opportunity = world["opportunity"]
    for url in [
        "/en/talent/employer/",
        "/en/talent/finder/",
        f"/en/talent/opportunities/{opportunity.pk}/matches/",
        f"/en/talent/people/{world['talent'].pk}/",
        "/en/talent/opportunities/new/",
    ]:
        page.goto(url)
        axe(page)
