"""The plan pages in a real browser, checked by axe-core for WCAG 2.2 A and AA."""

import pytest

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
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/en/plans/alytus-iap/")
    chart = page.locator("svg[role=img]")
    assert chart.bounding_box()["width"] >= 760  # scrolls sideways rather than shrinking the text away
    assert page.locator(".gantt rect.bar-long").count() == 9
