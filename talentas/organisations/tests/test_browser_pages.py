"""Our pages in a real browser: each passes axe-core's WCAG 2.2 AA checks, and the htmx parts work."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from conftest import DEMO_LANDING, log_in
from talentas.organisations.demo import DEFAULT_DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_public_pages_are_accessible(page, axe, demo):
    for url in [
        "/en/organisations/",
        "/en/organisations/alytus-business-incubator/",
        "/en/accounts/login/",
        "/en/accounts/signup/",
        "/en/accounts/password/reset/",
    ]:
        page.goto(url)
        axe(page)
    page.goto("/en/organisations/")
    page.get_by_label("Kind").select_option("school")
    page.wait_for_url(re.compile(r"kind=school"))
    expect(page.get_by_role("link", name="Alytus College (Alytaus kolegija)")).to_be_visible()
    expect(page.get_by_role("link", name="Alytus Business Incubator")).to_have_count(0)


def test_owner_pages_and_api_tokens_are_accessible(page, axe, demo):
    log_in(page, "org.owner@talentas.example", DEFAULT_DEMO_PASSWORD, lands_on=DEMO_LANDING)
    page.goto("/en/account/")  # these checks read English
    axe(page)
    page.get_by_label("Token name").fill("Browser test")
    page.get_by_role("button", name="Create token").click()
    token = page.get_by_label("New API token")
    assert token.input_value().startswith("tal_")
    axe(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke Browser test").click()
    expect(page.get_by_text("You have no active tokens.")).to_be_visible()
    expect(page.get_by_label("New API token")).to_have_count(0)
    for url in [
        "/en/organisations/kodas-dzukija/",
        "/en/organisations/kodas-dzukija/edit/",
        "/en/organisations/kodas-dzukija/members/",
        "/en/organisations/mine/",
        "/en/organisations/propose/",
    ]:
        page.goto(url)
        axe(page)


def test_reviewer_pages_are_accessible(page, axe, demo):
    log_in(page, "plan.manager@talentas.example", DEFAULT_DEMO_PASSWORD, lands_on=DEMO_LANDING)
    page.goto("/en/account/")  # these checks read English
    page.goto("/en/organisations/claims/")
    axe(page)
    page.get_by_role("link", name=re.compile("Review")).first.click()
    axe(page)
