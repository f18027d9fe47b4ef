"""The public job board in a real browser: accessible in both languages with the filters open, usable on a 360 px
phone, the live filter pushes its address, and the JobPosting data block raises no Content-Security-Policy
violation."""

import json

import pytest
from playwright.sync_api import expect

from conftest import assert_fits_the_screen, watch_csp
from talentas.talent.models import Opportunity

from .conftest import make_opportunity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def postings(vocabulary, organisation, employer):
    lt = make_opportunity(
        organisation,
        employer,
        title="Programuotojas </script> (-a)",
        description="Ieškome jaunesniojo programuotojo.",
        required=[vocabulary["python"]],
        salary_min=1500,
        salary_max=2500,
    )
    make_opportunity(
        organisation,
        employer,
        kind="internship",
        title="Design internship",
        description="Posters for the festival.",
        workplace=Opportunity.Workplace.REMOTE,
    )
    return lt


@pytest.mark.parametrize("language", ["lt", "en"])
def test_board_and_detail_are_accessible_and_fit_a_phone(page, axe, postings, language):
    page.goto(f"/{language}/talent/opportunities/?salary=1000")
    expect(page.locator("details.board-more")).to_have_attribute("open", "")
    axe(page)
    page.goto(f"/{language}/talent/opportunities/")
    page.locator("details.board-more > summary").click()
    expect(page.locator("#id_workplace")).to_be_visible()
    axe(page)
    page.goto(f"/{language}/talent/opportunities/{postings.pk}/")
    axe(page)
    page.set_viewport_size({"width": 360, "height": 800})
    assert_fits_the_screen(page)  # the detail page, with its share links and the link to copy
    # The board with every filter open and an error summary above the results.
    page.goto(f"/{language}/talent/opportunities/?salary=lots&skill=nothing+like+it")
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#id_open_on")).to_be_visible()
    assert_fits_the_screen(page)
    axe(page)


def test_the_live_filter_swaps_results_and_pushes_the_address(page, postings):
    page.goto("/en/talent/opportunities/")
    expect(page.get_by_role("heading", name="2 opportunities")).to_be_visible()
    page.get_by_label("Kind").select_option("internship")
    expect(page.get_by_role("heading", name="1 opportunity", exact=True)).to_be_visible()
    assert "kind=internship" in page.url
    page.get_by_label("Search words").fill("programuotojų")
    page.get_by_label("Kind").select_option("")
    expect(page.get_by_role("link", name="Programuotojas </script> (-a)")).to_be_visible()
    expect(page.get_by_role("heading", name="1 opportunity", exact=True)).to_be_visible()


def test_job_posting_data_raises_no_csp_violation_and_copy_link_works(browser, live_server, postings):
    # A context of its own that keeps the policy (the shared `page` fixture bypasses it to inject axe-core).
    context = browser.new_context(base_url=live_server.url)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    problems = watch_csp(page)
    page.on("pageerror", lambda error: problems.append(str(error)))
    try:
        page.goto(f"/en/talent/opportunities/{postings.pk}/")
        page.wait_for_load_state("load")
        data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
        assert data["@type"] == "JobPosting" and data["title"] == "Programuotojas </script> (-a)"
        expect(page.get_by_role("heading", name="Programuotojas </script> (-a)")).to_be_visible()
        copy = page.get_by_role("button", name="Copy link")
        expect(copy).to_be_visible()
        copy.click()
        expect(page.get_by_role("button", name="Link copied")).to_be_visible()
        assert (
            page.evaluate("navigator.clipboard.readText()")
            == page.get_by_label("Link to this opportunity").input_value()
        )
    finally:
        context.close()
    assert problems == []
