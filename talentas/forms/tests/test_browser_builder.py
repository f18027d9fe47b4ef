"""A plan manager builds a small form in a real browser, previews it, and the conditional question shows only
when its condition is met; the builder and the preview pass axe-core's WCAG 2.2 AA checks."""

import pytest
from playwright.sync_api import expect

from conftest import log_in
from talentas.accounts.models import Role
from talentas.accounts.tests.factories import PASSWORD, RoleAssignmentFactory, UserFactory
from talentas.forms.models import Form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def builder(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    person = UserFactory(email="builder@talentas.example")
    RoleAssignmentFactory(user=person, role=Role.PLAN_MANAGER)
    return person


def test_build_and_preview_a_form(page, axe, builder):
    log_in(page, builder.email, PASSWORD)

    page.goto("/en/forms/new/")
    axe(page)
    page.get_by_label("Title in Lithuanian").fill("Renginio registracija")
    page.get_by_label("Title in English").fill("Event registration")
    page.get_by_label("Used for").select_option("event")
    page.get_by_role("button", name="Create the form").click()
    expect(page.get_by_role("heading", name="Event registration", level=1)).to_be_visible()
    axe(page)

    page.get_by_role("link", name="Add a question").click()
    page.get_by_label("Key", exact=True).fill("diet")
    page.get_by_label("Type", exact=True).select_option("yes_no")
    page.get_by_label("Question in Lithuanian").fill("Ar turite mitybos apribojimų?")
    page.get_by_label("Question in English").fill("Do you have dietary needs?")
    page.get_by_label("Required").check()
    page.get_by_role("button", name="Save the question").click()

    page.get_by_role("link", name="Add a question").click()
    page.get_by_label("Key", exact=True).fill("diet_details")
    page.get_by_label("Type", exact=True).select_option("long_text")
    page.get_by_label("Question in Lithuanian").fill("Kokių?")
    page.get_by_label("Question in English").fill("Which ones?")
    page.get_by_label("Required").check()
    page.get_by_label("Shown only when the question with key").fill("diet")
    page.get_by_label("Has the answer").fill("yes")
    page.get_by_role("button", name="Save the question").click()
    expect(page.get_by_text("Shown only when diet equals “yes”.")).to_be_visible()

    # Reordering with htmx swaps the builder's contents in place.
    page.get_by_role("button", name="Move up diet_details").click()
    expect(page.locator(".form-builder-questions li").first).to_contain_text("Which ones?")
    page.get_by_role("button", name="Move down diet_details").click()
    expect(page.locator(".form-builder-questions li").first).to_contain_text("Do you have dietary needs?")

    page.get_by_role("link", name="Preview").first.click()
    details = page.get_by_label("Which ones?")
    expect(details).to_be_hidden()
    axe(page)
    page.get_by_label("Yes").check()
    expect(details).to_be_visible()
    page.get_by_role("button", name="Check the answers").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Answer this question.")).to_be_visible()
    axe(page)
    page.get_by_label("Which ones?").fill("Vegetarian")
    page.get_by_role("button", name="Check the answers").click()
    expect(page.get_by_text("Every answer is valid.", exact=False)).to_be_visible()

    page.goto(f"/en/forms/{Form.objects.get().pk}/")
    page.get_by_role("button", name="Publish version 1").click()
    expect(page.get_by_text("Version 1 is published.")).to_be_visible()
    assert Form.objects.get().versions.get().is_published
