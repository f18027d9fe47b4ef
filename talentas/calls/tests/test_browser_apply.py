"""A startup's member walks from the public page of an open call to a submitted application in a real browser:
starts a draft, saves it, sees what is missing, answers the call's own questions (a required text, a file and a
budget table), attaches a PDF and submits. A submission after the call closed (the server's clock decides) is
refused with the draft kept. The call page and the application page pass axe-core's WCAG 2.2 AA checks at
1366 px and on a 360 px phone, where nothing scrolls sideways."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import assert_fits_the_screen, log_in
from talentas.accounts.tests.factories import PASSWORD
from talentas.calls import services
from talentas.calls.models import Application
from talentas.calls.tests.factories import CallFactory
from talentas.forms import services as form_services
from talentas.forms.models import OwnerKind
from talentas.organisations.models import Membership, Organisation
from talentas.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def call(plan_manager):
    form = form_services.define_form(
        by=plan_manager,
        title_lt="Dotacijos paraiška",
        title_en="Grant application",
        owner_kind=OwnerKind.CALL,
        sections=[
            {
                "title_lt": "Komanda ir biudžetas",
                "title_en": "Team and budget",
                "questions": [
                    {
                        "key": "team_story",
                        "kind": "long_text",
                        "label_lt": "Jūsų komanda",
                        "label_en": "Your team",
                        "required": True,
                    },
                    {"key": "pitch_deck", "kind": "file", "label_lt": "Pristatymas", "label_en": "Pitch deck"},
                    {"key": "budget", "kind": "budget_table", "label_lt": "Biudžetas", "label_en": "Budget"},
                ],
            }
        ],
    )
    return CallFactory(title_en="Startup grants 2026", form=form.versions.get())


@pytest.fixture
def startup_member():
    organisation = OrganisationFactory(
        name="Šiltnamio jutikliai", city="Alytus", verification=Organisation.Verification.VERIFIED
    )
    return MembershipFactory(organisation=organisation, role=Membership.Role.MEMBER).user


def _check_both_widths(page, axe) -> None:
    """axe-clean at 1366 px and at 360 px, where the page must not scroll sideways."""
    for width, height in ((1366, 900), (360, 780)):
        page.set_viewport_size({"width": width, "height": height})
        axe(page)
        if width == 360:
            assert_fits_the_screen(page)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_a_startup_applies_from_the_call_page_to_submitted(page, axe, call, startup_member, tmp_path):
    log_in(page, startup_member.email, PASSWORD)
    page.goto(f"/en/calls/{call.pk}/")
    expect(page.get_by_role("heading", name="Startup grants 2026", level=1)).to_be_visible()
    _check_both_widths(page, axe)

    page.get_by_role("link", name="Start an application").click()
    page.get_by_role("button", name="Start the draft").click()
    expect(page.get_by_text("Your draft is started")).to_be_visible()
    application = Application.objects.get()
    assert application.response is not None

    # An empty draft saves; the page lists what is still missing, each a link to its field.
    page.get_by_label("Project title").fill("Smart greenhouse sensors")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("Your draft is saved.")).to_be_visible()
    expect(page.get_by_role("heading", name="What is missing")).to_be_visible()
    tasks = page.locator("#tasks-heading ~ ul.task-list")
    expect(tasks.get_by_role("link", name="Describe the project in a short summary.")).to_be_visible()
    expect(tasks.get_by_role("link", name="Answer: Your team")).to_be_visible()
    expect(tasks.get_by_role("link", name="Give the project a title.")).to_have_count(0)
    tasks.get_by_role("link", name="Answer: Your team").click()
    expect(page.get_by_label("Your team")).to_be_focused()
    _check_both_widths(page, axe)

    # Submitting an incomplete draft is refused, naming what is missing.
    page.get_by_role("button", name="Submit the application").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.locator(".page-head .badge")).to_have_text("Draft")
    assert Application.objects.get().status == Application.Status.DRAFT
    _check_both_widths(page, axe)

    page.get_by_label("Project summary").fill("Sensors and an app for Dzūkija's greenhouses.")
    page.get_by_label("Amount requested (EUR)").fill("4000")
    page.get_by_label("Is the organisation registered in the city?").select_option("yes")
    page.get_by_label("Company registered on").fill((timezone.localdate() - datetime.timedelta(days=400)).isoformat())
    page.get_by_label("Your team").fill("Two engineers and a greenhouse farmer.")
    page.locator("#id_answers-budget_0_item").fill("Sensors")
    page.locator("#id_answers-budget_0_amount").fill("2500")
    page.locator("#id_answers-budget_1_item").fill("App development")
    page.locator("#id_answers-budget_1_amount").fill("1500")
    deck = tmp_path / "pitch-deck.pdf"
    deck.write_bytes(PDF)
    page.get_by_label("Pitch deck").set_input_files(str(deck))
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("Your draft is saved.")).to_be_visible()
    expect(page.get_by_text("Every answer is given.")).to_be_visible()

    # A supporting document in the files section.
    letter = tmp_path / "support-letter.pdf"
    letter.write_bytes(PDF)
    page.get_by_label("Attach a file").set_input_files(str(letter))
    page.get_by_role("button", name="Attach", exact=True).click()
    expect(page.get_by_text("The file is attached.")).to_be_visible()
    expect(page.get_by_role("link", name="support-letter.pdf")).to_be_visible()
    _check_both_widths(page, axe)

    page.get_by_role("button", name="Submit the application").click()
    expect(page.get_by_text("Your application is submitted.")).to_be_visible()
    expect(page.locator(".page-head .badge")).to_have_text("Submitted")
    expect(page.get_by_role("heading", name="What you sent")).to_be_visible()
    expect(page.get_by_text("Two engineers and a greenhouse farmer.")).to_be_visible()
    expect(page.get_by_role("link", name="support-letter.pdf")).to_be_visible()
    _check_both_widths(page, axe)

    application = Application.objects.get()
    assert application.status not in Application.EDITABLE
    assert application.submitted_at is not None
    assert application.requested_eur == Decimal("4000")
    answers = application.response.answers
    assert answers["team_story"] == "Two engineers and a greenhouse farmer."
    assert Decimal(str(answers["budget"]["total"])) == Decimal("4000")
    assert answers["pitch_deck"]["name"] == "pitch-deck.pdf"
    assert [f.name for f in application.files.all()] == ["support-letter.pdf"]

    # The call page now shows the organisation's application instead of the start button.
    page.goto(f"/en/calls/{call.pk}/")
    expect(page.get_by_role("link", name="Start an application")).to_have_count(0)
    expect(page.get_by_role("link", name="Open it")).to_be_visible()
    expect(page.get_by_role("region", name="Apply").locator(".badge")).to_have_text("Submitted")


def test_a_late_submission_is_refused_and_the_draft_kept(page, call, startup_member):
    organisation = startup_member.memberships.get().organisation
    application = services.start_application(user=startup_member, call=call, organisation=organisation)
    # The call closed an hour ago by the server's clock, while the draft was still open in a browser.
    call.closes_at = timezone.now() - datetime.timedelta(hours=1)
    call.save(update_fields=["closes_at"])

    log_in(page, startup_member.email, PASSWORD)
    page.goto(f"/en/calls/{call.pk}/")
    expect(page.get_by_text("Closed", exact=True)).to_be_visible()
    page.get_by_role("link", name="Open it").click()
    page.get_by_label("Project title").fill("Smart greenhouse sensors")
    page.get_by_label("Project summary").fill("Sensors and an app for Dzūkija's greenhouses.")
    page.get_by_label("Amount requested (EUR)").fill("4000")
    page.get_by_label("Your team").fill("Two engineers and a greenhouse farmer.")
    page.get_by_role("button", name="Submit the application").click()
    expect(page.get_by_text("applications can no longer be submitted. Your draft is kept.")).to_be_visible()
    expect(page.locator(".page-head .badge")).to_have_text("Draft")

    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert application.submitted_at is None
    assert application.project_title == "Smart greenhouse sensors"
    assert application.response.answers["team_story"] == "Two engineers and a greenhouse farmer."
    page.reload()
    expect(page.get_by_label("Project title")).to_have_value("Smart greenhouse sensors")
    expect(page.get_by_label("Your team")).to_have_value("Two engineers and a greenhouse farmer.")
