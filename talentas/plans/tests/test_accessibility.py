"""The plan pages in a real browser, checked by axe-core for WCAG 2.2 A and AA."""

import pytest

from conftest import assert_fits_the_screen
from talentas.plans.services import load_plan

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "path",
    ["/en/", "/lt/plans/", "/en/plans/alytus-iap/", "/lt/plans/alytus-iap/", "/en/plans/alytus-iap/actions/2.1/"],
)
def test_plan_pages_meet_wcag_aa(transactional_db, alytus_text, page, axe, path):
    load_plan(text=alytus_text)
    page.goto(path)
    page.evaluate("document.querySelectorAll('details').forEach(details => details.open = true)")
    axe(page)


def test_the_timeline_is_drawn_and_readable_at_phone_width(transactional_db, alytus_text, page):
    load_plan(text=alytus_text)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto("/en/plans/alytus-iap/")
    rows = page.locator("#timeline .timeline-figure .gantt-row:not(.gantt-axis)")
    assert rows.count() == 13  # one gantt_bar component per action
    track = rows.first.locator(".gantt-track").bounding_box()
    assert track["width"] >= 250  # the track takes the phone's width, above the row's words
    assert_fits_the_screen(page)  # reflows rather than scrolling sideways
