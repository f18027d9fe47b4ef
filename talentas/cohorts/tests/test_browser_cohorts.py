"""Cohort pages and the open data page in a real browser: each passes axe-core's WCAG 2.2 AA checks, and a mentor
records a session through the page."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from conftest import DEMO_LANDING, log_in
from talentas.cohorts.models import Cohort, MentoringSession
from talentas.organisations.demo import DEFAULT_DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PLAN_FILE = Path(__file__).resolve().parents[3] / "plans" / "alytus-iap.yaml"


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    for command, args in (("load_plan", [str(PLAN_FILE)]), ("load_demo", []), ("load_demo_calls", [])):
        call_command(command, *args, stdout=io.StringIO())
    call_command("load_demo_cohorts", stdout=io.StringIO())
    return Cohort.objects.get(programme__kind="accelerator")


def test_a_mentor_records_a_session_on_accessible_pages(page, axe, demo):
    page.goto("/en/calls/open-data/")
    axe(page)
    log_in(page, "mentor@talentas.example", DEFAULT_DEMO_PASSWORD, lands_on=DEMO_LANDING)
    page.goto("/en/cohorts/")
    axe(page)
    page.get_by_role("link", name=demo.name).click()
    axe(page)
    member = demo.members.order_by("organisation__name").first()
    page.get_by_role("link", name=member.organisation.name).click()
    axe(page)
    before = MentoringSession.objects.filter(member=member).count()
    page.get_by_label("When").fill((timezone.localtime() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT10:00"))
    page.get_by_label("Hours").fill("1.5")
    page.get_by_label("Notes for the startup").fill("Talk to three greenhouse owners this week.")
    page.get_by_role("button", name="Record the session").click()
    expect(page.get_by_text("Talk to three greenhouse owners this week.")).to_be_visible()
    assert MentoringSession.objects.filter(member=member).count() == before + 1
    axe(page)
