"""Every main page (core/tests/main_pages.py) on a 360 px wide phone, in Lithuanian and in English, as the person
who would open it: nothing scrolls sideways (`document.documentElement.scrollWidth <= innerWidth`) and axe-core
finds no WCAG 2.2 A/AA violation. Data tables stack into cards or scroll inside a focusable region
({% datatable %}), so this holds with real rows in them."""

import os
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from conftest import PHONE, axe_violations, session_cookie, sideways_overflow
from talentas.core.tests.main_pages import ACTOR_ATTRIBUTE, MAIN_PAGES, main_pages
from talentas.core.tests.world import build_world
from talentas.monitoring.models import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Set PHONE_SCREENSHOTS=folder to keep a full-page picture of each page as the test saw it.
SCREENSHOTS = os.environ.get("PHONE_SCREENSHOTS")


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    world.report.pdf.save("report.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    world.report.state = Report.State.READY
    world.report.save()
    return world


def _contexts(browser, live_server, world):
    contexts = {}
    for actor, attribute in ACTOR_ATTRIBUTE.items():
        context = browser.new_context(base_url=live_server.url, viewport=PHONE, bypass_csp=True)
        if attribute is not None:
            context.add_cookies([session_cookie(getattr(world, attribute), live_server.url)])
        contexts[actor] = context
    return contexts


def test_the_list_of_main_pages_covers_every_actor_once_per_route():
    assert {page.actor for page in MAIN_PAGES} == set(ACTOR_ATTRIBUTE)
    assert len({page.url_name for page in MAIN_PAGES}) == len(MAIN_PAGES)


@pytest.mark.parametrize("language", ["lt", "en"])
def test_no_main_page_scrolls_sideways_or_fails_axe_on_a_phone(browser, live_server, world, language):
    contexts = _contexts(browser, live_server, world)
    problems = []
    try:
        pages = {actor: context.new_page() for actor, context in contexts.items()}
        for name, path, actor in main_pages(world, language):
            page = pages[actor]
            response = page.goto(path)
            if response is None or response.status >= 400:
                problems.append(f"{name} ({actor}) {path}: answered {response and response.status}")
                continue
            if page.url.split("?")[0].endswith(("/login/", "/prisijungti/")) and actor != "anonymous":
                problems.append(f"{name} ({actor}) {path}: sent to the sign-in page")
            overflow = sideways_overflow(page)
            if overflow > 0:
                wide = page.evaluate(
                    """() => [...document.querySelectorAll('body *')]
                        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                        .slice(0, 4).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))"""
                )
                problems.append(
                    f"{name} ({actor}) {path}: {overflow} px too wide for a {PHONE['width']} px screen {wide}"
                )
            problems += [f"{name} ({actor}) {path}: {line}" for line in axe_violations(page)]
            if SCREENSHOTS:
                folder = Path(SCREENSHOTS)
                folder.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=folder / f"{language}-{actor}-{name.replace(':', '-')}.png", full_page=True)
    finally:
        for context in contexts.values():
            context.close()
    assert not problems, "\n".join(problems)
