"""The styleguide in a real browser: axe-core finds no WCAG 2.2 A/AA violation, in both languages, at desktop and
phone width, and nothing scrolls sideways on a phone."""

import pytest

from conftest import assert_fits_the_screen

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["en", "lt"])
@pytest.mark.parametrize("width", [1366, 360])
def test_the_styleguide_meets_wcag_aa_and_fits_a_phone(transactional_db, page, axe, language, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/{language}/styleguide/")
    assert page.locator("h1").inner_text()
    # every status tag shows its word beside a shape
    tags = page.locator(".tag[class*='tag-status-']")
    assert tags.count() >= 7
    for index in range(7):
        assert tags.nth(index).locator("svg.tag-icon").count() == 1
        assert tags.nth(index).inner_text().strip()
    # the progress bars are read as progress bars with a name and a value in words
    bars = page.get_by_role("progressbar")
    assert bars.count() == 5
    assert bars.first.get_attribute("aria-valuetext")
    page.evaluate("document.querySelectorAll('details').forEach(details => details.open = true)")
    axe(page)
    assert_fits_the_screen(page)


def test_an_error_summary_link_moves_to_its_field(transactional_db, page):
    page.goto("/en/styleguide/#error-summary")
    page.locator(".error-summary a").first.click()
    assert page.evaluate("document.activeElement.id") == "styleguide-name"
