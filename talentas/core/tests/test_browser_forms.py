"""Failed forms in a real browser, on a phone: the error summary is at the top and takes the focus (so the page
does not scroll away from it), each of its links moves the focus to its field with the label in view, what the
person typed is still there, and a file input says it must be chosen again. The talent profile's task list: the
steps, saving one step, and the "check your answers" page."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from conftest import PHONE, assert_fits_the_screen
from talentas.accounts.tests.factories import UserFactory
from talentas.monitoring.tests.factories import small_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _in_view(page, locator) -> bool:
    box = locator.bounding_box()
    assert box is not None, locator
    return -1 <= box["y"] < PHONE["height"]


def _summary_is_focused_at_the_top(page) -> None:
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert _in_view(page, summary)
    # The summary comes before every field of the form.
    assert page.evaluate(
        "() => document.querySelector('.error-summary').compareDocumentPosition(document.querySelector("
        "'main .field, main fieldset')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )


def test_a_failed_sign_up_focuses_the_summary_links_to_each_field_and_keeps_what_was_typed(new_page, axe):
    page = new_page()
    page.goto("/en/accounts/signup/")
    page.get_by_label("Full name").fill("Rūta Jonaitė")
    page.get_by_label("E-mail").first.fill("ruta@example.com")
    page.get_by_label("Password", exact=True).fill("a-very-long-passphrase-42")
    page.get_by_label("Password (again)").fill("a-different-passphrase-42")
    page.get_by_role("button", name="Sign up").click()

    _summary_is_focused_at_the_top(page)
    links = page.locator(".error-summary a")
    assert links.count() >= 2  # who you are (not chosen) and the passwords that differ
    # What the person typed is still there (passwords are not sent back, on purpose).
    expect(page.get_by_label("Full name")).to_have_value("Rūta Jonaitė")
    expect(page.get_by_label("E-mail").first).to_have_value("ruta@example.com")
    axe(page)

    page.locator(".error-summary a[href='#id_audience_0']").click()
    expect(page.locator("#id_audience_0")).to_be_focused()
    assert _in_view(page, page.locator("#id_audience_0").locator("xpath=ancestor::fieldset/legend"))
    page.locator(".error-summary a[href='#id_password2']").click()
    expect(page.locator("#id_password2")).to_be_focused()
    assert _in_view(page, page.locator("label[for='id_password2']"))


def test_a_failed_event_form_keeps_the_values_and_the_summary_in_view(new_page, owner):
    small_plan()
    page = new_page(owner)
    page.goto("/en/events/new/")
    page.get_by_label("Title in Lithuanian").fill("Tinklaveikos pusryčiai")
    page.get_by_role("button", name="Publish the event").click()
    _summary_is_focused_at_the_top(page)
    expect(page.get_by_label("Title in Lithuanian")).to_have_value("Tinklaveikos pusryčiai")
    first = page.locator(".error-summary a").first
    target = first.get_attribute("href")[1:]
    first.click()
    expect(page.locator(f"[id='{target}']")).to_be_focused()


def test_the_profile_task_list_saves_one_step_and_shows_the_answers(new_page, axe):
    user = UserFactory()
    page = new_page(user)
    page.goto("/en/talent/me/steps/")
    items = page.locator(".task-list-item")
    expect(items).to_have_count(6)
    expect(page.get_by_text("0 of 6 steps done")).to_be_visible()
    axe(page)

    page.get_by_role("link", name="About you and consent").click()
    page.get_by_role("button", name=re.compile("Save and continue")).click()
    _summary_is_focused_at_the_top(page)  # the kind of person is required

    page.get_by_role("radio", name=re.compile("Student")).first.check()
    page.get_by_label(re.compile("Headline")).fill("Data analyst in the making")
    page.get_by_role("button", name=re.compile("Save and continue")).click()
    page.wait_for_url(re.compile(r"/en/talent/me/steps/work/$"))
    expect(page.get_by_text("Saved: About you and consent.")).to_be_visible()

    page.goto("/en/talent/me/steps/")
    expect(page.get_by_text("1 of 6 steps done")).to_be_visible()
    expect(page.locator("#status-about")).to_have_text(re.compile("Completed"))
    expect(page.locator("#status-work")).to_have_text(re.compile("Not started"))
    assert_fits_the_screen(page)

    page.get_by_role("link", name="Check your profile").click()  # "check your answers"
    expect(page.get_by_text("Data analyst in the making")).to_be_visible()
    change = page.get_by_role("link", name=re.compile("Change")).first
    expect(change).to_be_visible()
    assert_fits_the_screen(page)
    axe(page)
    change.click()
    page.wait_for_url(re.compile(r"/en/talent/me/steps/\w+/$"))
    expect(page.get_by_label(re.compile("Headline"))).to_have_value("Data analyst in the making")


def test_a_failed_cv_upload_says_to_choose_the_file_again(new_page, axe):
    from talentas.talent import services

    user = UserFactory()
    services.save_profile_step(user=user, step="about", values={"kind": "student"})
    page = new_page(user)
    page.goto("/en/talent/me/steps/cv/")
    upload = SimpleUploadedFile("cv.txt", b"not a pdf")
    page.locator("input[type=file]").set_input_files(
        {"name": upload.name, "mimeType": "text/plain", "buffer": upload.read()}
    )
    page.locator("main form button[type=submit]:not([name=skip])").first.click()
    _summary_is_focused_at_the_top(page)
    expect(page.get_by_text("choose the file again")).to_be_visible()
    axe(page)
