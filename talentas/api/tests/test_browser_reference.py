"""The API reference page in a real browser: WCAG 2.2 AA by axe-core, its contents links, and a phone's width."""

import pytest
from playwright.sync_api import expect

from conftest import assert_fits_the_screen
from talentas.api import selectors
from talentas.api.urls import api

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "lt"])
def test_the_page_meets_wcag_aa(page, axe, language):
    page.goto(f"/{language}/api/")
    assert page.locator("html").get_attribute("lang") == language
    axe(page)


def test_a_contents_link_moves_to_its_operation(page):
    last = selectors.api_reference(api).groups[-1].operations[-1]  # the farthest down, so the page must scroll
    page.goto("/en/api/")
    operation = page.locator(f"#{last.id}")
    expect(operation).not_to_be_in_viewport()
    page.locator(".api-contents").locator(f'a[href="#{last.id}"]').click()
    expect(page).to_have_url(f"{page.url.split('#')[0]}#{last.id}")
    expect(operation.get_by_role("heading", level=3)).to_be_in_viewport()
    expect(operation).to_have_attribute("open", "")  # the link opened the operation: its tables are shown
    expect(operation.locator("table").first).to_be_visible()


def test_operations_are_closed_until_opened(page):
    page.goto("/en/api/")
    first = page.locator("details.api-operation").first
    expect(first.locator("table").first).to_be_hidden()
    first.locator("summary").click()
    expect(first.locator("table").first).to_be_visible()


def test_long_paths_and_tables_stay_within_a_phone_screen(page, axe):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/lt/api/")
    assert_fits_the_screen(page)
    # on phones each table row stacks its cells, so no column hides off screen behind a sideways scroll
    scrolling = page.evaluate(
        "[...document.querySelectorAll('.table-wrap')].filter(w => w.scrollWidth > w.clientWidth)"
    )
    assert scrolling == []
    axe(page)
    # and with every operation opened, its tables stack within the screen too
    page.evaluate("document.querySelectorAll('details.api-operation').forEach(d => { d.open = true; })")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert (
        page.evaluate("[...document.querySelectorAll('.table-wrap')].filter(w => w.scrollWidth > w.clientWidth)") == []
    )
