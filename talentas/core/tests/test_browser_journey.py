"""A new visitor's first journey: sign up as a follower of the plan, confirm the e-mail, land on the plan's
overview, switch language, open the plan."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def alytus_plan():
    call_command("load_plan", "plans/alytus-iap.yaml", verbosity=0)


def test_sign_up_confirm_switch_language_and_open_the_plan(page, axe, alytus_plan):
    page.goto("/en/")
    page.get_by_role("link", name="Sign up").click()
    axe(page)
    page.get_by_label("Full name").fill("Rūta Jonaitė")
    page.get_by_role("radio", name="I just follow the plan").check()
    page.get_by_label("E-mail").first.fill("ruta@example.com")
    page.get_by_label("Password", exact=True).fill("a-very-long-passphrase-42")
    page.get_by_label("Password (again)").fill("a-very-long-passphrase-42")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url(re.compile(r"/en/accounts/confirm-email/$"))
    axe(page)

    confirmation = next(m for m in mail.outbox if "ruta@example.com" in m.to)
    # The e-mail links to the public address (SITE_URL); the test server answers the same path.
    link = re.search(r"https?://[^/\s]+(/\S+/accounts/confirm-email/\S+/)", confirmation.body).group(1)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    # Everyone lands on the home page, whose own next steps point a follower to the plan.
    page.wait_for_url(re.compile(r"/en/$"))
    expect(page.get_by_role("link", name="See the action plans")).to_be_visible()
    expect(page.get_by_role("link", name="My account")).to_be_visible()

    page.get_by_role("button", name="Lietuviškai").click()
    page.wait_for_url(re.compile(r"/lt/$"))
    assert page.locator("html").get_attribute("lang") == "lt"

    page.get_by_role("link", name="Veiksmų planas", exact=True).click()
    page.get_by_role("link", name=re.compile("Alytaus")).first.click()
    expect(page.get_by_role("heading", level=1).first).to_be_visible()
    expect(page.get_by_text("1.1").first).to_be_visible()
    axe(page)
