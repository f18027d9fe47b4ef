"""A reviewer from the assignment to a submitted score in a real browser, on a phone, in Lithuanian and English:
the notice, the declarations up front, the list of their reviews, the conflict declaration, the application, the
rubric's scores and the submitted review; and the programme team's review board. Every page is axe-clean and
nothing scrolls sideways."""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from conftest import assert_fits_the_screen
from talentas.review import services
from talentas.review.models import Review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("lang", ["lt", "en"])
def test_a_reviewer_from_the_assignment_to_a_submitted_score(new_page, axe, plan_manager, application, reviewer, lang):
    reviewer.preferred_language = lang
    reviewer.save()
    assignment = services.assign_reviewer(
        actor=plan_manager, application_id=application.pk, reviewer=reviewer, role="expert"
    )
    with translation.override(lang):
        t = {
            text: gettext(text)
            for text in (
                "You are asked to review an application",
                "Declare a conflict of interest first",
                "No: I have no conflict of interest with this applicant",
                "Declare",
                "Your scores",
                "Comments",
                "Submit the review",
                "Your review is submitted.",
            )
        }
        criteria = {c.pk: c.title for c in application.call.rubric.criteria.all()}

    page = new_page(reviewer)
    page.goto(f"/{lang}/notices/")
    expect(page.get_by_text(t["You are asked to review an application"]).first).to_be_visible()
    # the declarations up front name the organisations of the call (it is not blind)
    page.goto(f"/{lang}/review/conflicts/")
    expect(page.get_by_role("heading", name="Sėkla Labs")).to_be_visible()
    axe(page)
    assert_fits_the_screen(page)
    page.goto(f"/{lang}/review/")
    expect(page.get_by_text(t["Declare a conflict of interest first"])).to_be_visible()
    axe(page)
    assert_fits_the_screen(page)
    page.get_by_role("link", name=f"{assignment.application.pk}").first.click()
    page.get_by_label(t["No: I have no conflict of interest with this applicant"]).check()
    axe(page)
    assert_fits_the_screen(page)
    page.get_by_role("button", name=t["Declare"]).click()

    expect(page.get_by_role("heading", name=t["Your scores"])).to_be_visible()
    expect(page.get_by_text("Sėkla Labs").first).to_be_visible()
    axe(page)
    assert_fits_the_screen(page)
    innovation, team = criteria.values()
    page.get_by_label(innovation, exact=True).fill("8")
    page.get_by_label(team, exact=True).fill("4")
    page.get_by_label(t["Comments"]).fill("Aiškus planas. A clear plan.")
    page.get_by_role("button", name=t["Submit the review"]).click()
    expect(page.get_by_text(t["Your review is submitted."])).to_be_visible()
    expect(page.get_by_text(re.compile(r"80[.,]00")).first).to_be_visible()  # (2 * 0.8 + 0.8) / 3
    axe(page)
    assert_fits_the_screen(page)
    review = Review.objects.get(assignment=assignment)
    assert review.status == "submitted" and str(review.total) == "80.00"

    board = new_page(plan_manager, viewport={"width": 1280, "height": 900})
    board.goto(f"/{lang}/review/staff/calls/{application.call_id}/")
    expect(board.get_by_text(re.compile(r"80[.,]00")).first).to_be_visible()
    axe(board)
    board.goto(f"/{lang}/review/staff/calls/{application.call_id}/ranking/")
    axe(board)
