"""Our pages in a real browser: axe-core's WCAG 2.2 AA checks, and registration, waitlist and check-in with htmx."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from conftest import assert_fits_the_screen, log_in
from talentas.events.models import Event, Registration
from talentas.organisations.demo import DEFAULT_DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    quiet = open("/dev/null", "w")  # noqa: SIM115
    call_command("load_plan", "plans/alytus-iap.yaml", stdout=quiet)
    call_command("load_demo", stdout=quiet)
    call_command("load_demo_events", stdout=quiet)


def _event(title):
    return Event.objects.get(title_en=title)


def test_public_pages_are_accessible(page, axe, demo):
    pitch = _event("Dzūkija pitch night: the incubator's teams")
    past = _event("Dzūkija pitch night: green startups")
    for url in ["/en/events/", "/lt/events/", f"/en/events/{pitch.pk}/", f"/en/events/{past.pk}/", "/en/events/steam/"]:
        page.goto(url)
        axe(page)
    page.goto("/en/events/")
    page.get_by_label("Type").select_option("financing_workshop")
    page.wait_for_url(re.compile(r"type=financing_workshop"))
    expect(page.get_by_role("link", name="Financing workshop: grants for young entrepreneurs")).to_be_visible()
    expect(page.get_by_role("link", name="Dzūkija pitch night: the incubator's teams")).to_have_count(0)


def test_register_cancel_and_the_waitlist_moves_up(page, axe, demo):
    pitch = _event("Dzūkija pitch night: the incubator's teams")
    first_waiting = Registration.objects.filter(event=pitch, status="waitlisted").order_by("queued_at", "pk").first()
    log_in(page, "talent@talentas.example", DEFAULT_DEMO_PASSWORD)
    page.goto(f"/en/events/{pitch.pk}/")
    page.get_by_role("button", name="Join the waitlist").click()
    expect(page.get_by_text(re.compile(r"You are number 4 on the waitlist"))).to_be_visible()
    axe(page)
    # Someone with a seat cancels (through the API's service, as another person would): the first in line moves up.
    from talentas.events import services

    holder = Registration.objects.filter(event=pitch, status="confirmed").first().user
    services.cancel_registration(user=holder, event_id=pitch.pk)
    first_waiting.refresh_from_db()
    assert first_waiting.status == "confirmed"
    page.reload()
    expect(page.get_by_text(re.compile(r"You are number 3 on the waitlist"))).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Cancel my registration").click()
    expect(page.get_by_text("You cancelled your registration. You can register again.")).to_be_visible()

    grants = _event("Financing workshop: grants for young entrepreneurs")
    page.goto(f"/en/events/{grants.pk}/ticket/")
    expect(page.get_by_role("img", name=re.compile("QR code of your ticket"))).to_be_visible()
    axe(page)
    page.goto("/en/events/mine/")
    axe(page)
    past = _event("Dzūkija pitch night: green startups")
    page.goto(f"/en/events/{past.pk}/feedback/")
    axe(page)
    page.get_by_label("5: excellent").check()
    page.get_by_label("Comment").fill("Great pitches.")
    page.get_by_role("button", name="Send my rating").click()
    expect(page.get_by_text("Thank you for your feedback!")).to_be_visible()


def test_organiser_pages_and_phone_check_in(browser, live_server, axe, demo):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    breakfast = _event("Networking breakfast: tech firms and students")
    log_in(page, "org.owner@talentas.example", DEFAULT_DEMO_PASSWORD)  # Kodas Dzūkija organises the breakfast
    page.goto(f"/en/events/{breakfast.pk}/check-in/")
    axe(page)
    expect(page.get_by_role("heading", name="5 of 14 checked in")).to_be_visible()
    page.get_by_role("button", name=re.compile(r"^Check in ")).first.click()
    expect(page.get_by_role("heading", name="6 of 14 checked in")).to_be_visible()
    page.get_by_label("Find a name or e-mail").fill("attendee")
    expect(page.get_by_role("heading", name="6 of 14 checked in")).to_be_visible()
    assert Registration.objects.filter(event=breakfast, status="attended").count() == 6
    for url in [
        f"/en/events/{breakfast.pk}/attendees/",
        f"/en/events/{breakfast.pk}/edit/",
        "/en/events/organise/",
        "/en/events/new/",
    ]:
        page.goto(url)
        axe(page)
    # The staff lists are stacked cards on a 360 px phone: nothing scrolls sideways, each cell says its column.
    page.set_viewport_size({"width": 360, "height": 800})
    for url in [f"/en/events/{breakfast.pk}/attendees/", "/en/events/organise/"]:
        page.goto(url)
        assert_fits_the_screen(page)
        expect(page.locator(".staff-table td[data-label]").first).to_be_visible()
        axe(page)
    page.goto(f"/en/events/{breakfast.pk}/attendees/")
    page.get_by_role("link", name=re.compile(r"^Name")).click()
    expect(page.locator("th[aria-sort='ascending']")).to_have_count(1)
    context.close()


def test_steam_lesson_form_is_accessible(page, axe, demo):
    log_in(page, "indicators.education@talentas.example", DEFAULT_DEMO_PASSWORD)
    page.goto("/en/events/steam/new/")
    axe(page)
