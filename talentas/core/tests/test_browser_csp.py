"""In a real browser, the main pages run under the Content-Security-Policy without a single violation."""

import pytest
from django.core.management import call_command

from conftest import (
    CHROMIUM_ARGS,  # noqa: F401 (the shared browser fixture launches with these)
    watch_csp,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAIN_PAGES = ["/lt/", "/en/plans/", "/en/plans/alytus-iap/", "/en/monitoring/", "/en/events/", "/en/talent/"]


def test_main_pages_report_no_csp_violation(browser, live_server):
    call_command("load_plan", "plans/alytus-iap.yaml", verbosity=0)
    # A context of its own: the shared `page` fixture bypasses the policy so that axe-core can be injected.
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    problems = watch_csp(page)
    try:
        for path in MAIN_PAGES:
            response = page.goto(path)
            assert response.status == 200, path
            page.wait_for_load_state("load")
            assert page.evaluate("typeof htmx") == "object", path  # our scripts did run
    finally:
        context.close()
    assert problems == []
