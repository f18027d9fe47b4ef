import re

import pytest
from playwright.sync_api import expect

from conftest import assert_fits_the_screen, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["lt", "en"])
def test_home_page_is_accessible_in_both_languages(page, axe, language):
    page.goto(f"/{language}/")
    assert page.locator("html").get_attribute("lang") == language
    axe(page)


def test_skip_link_moves_focus_to_main_content(page):
    page.goto("/en/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("path", ["/lt/", "/lt/events/"])  # the current section is bold, so a little wider
def test_header_fits_one_row_on_a_laptop_in_lithuanian(page, path):
    page.goto(path)
    sections = page.locator(".main-nav .nav-list").bounding_box()
    assert sections["height"] < 35  # one line of links: brand, sections, account links and languages side by side
    assert page.locator(".site-header").bounding_box()["height"] < 80
    expect(page.get_by_role("button", name="Meniu")).to_be_hidden()


def test_phone_menu_opens_with_the_keyboard_and_closes_with_escape(page, axe):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("/lt/")
    toggle = page.get_by_role("button", name="Meniu")
    sections = page.get_by_role("navigation", name="Pagrindinis meniu")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(sections).to_be_hidden()
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(sections.get_by_role("link", name="Renginiai")).to_be_visible()
    axe(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()


def test_menu_stays_open_without_javascript(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 800}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/en/")
    expect(page.get_by_role("link", name="Events", exact=True)).to_be_visible()
    expect(page.locator(".nav-toggle")).to_be_hidden()
    context.close()


# --- The living home page (core.selectors.HOME_BLOCKS) ---------------------------------------------------------


@pytest.fixture
def world(settings):
    from .world import build_world

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    world.talent_user.set_password("a-long-test-password")
    world.talent_user.save()
    return world


@pytest.mark.parametrize("width", [1366, 360])
def test_the_home_page_is_accessible_and_fits_for_a_visitor(page, axe, world, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/en/")
    expect(page.get_by_role("heading", name="Next events")).to_be_visible()
    expect(page.get_by_role("link", name=world.event.title)).to_be_visible()
    assert_fits_the_screen(page)
    axe(page)


@pytest.mark.parametrize("width", [1366, 360])
def test_login_lands_on_the_home_page_with_the_personal_block(page, axe, world, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, world.talent_user.email, "a-long-test-password")
    assert page.url.endswith("/en/")
    steps = page.get_by_role("region", name=re.compile("Your next steps"))
    expect(steps.get_by_role("heading", name="Your profile")).to_be_visible()
    expect(steps.get_by_role("link", name="Junior Python developer")).to_be_visible()  # their application
    assert_fits_the_screen(page)
    axe(page)
