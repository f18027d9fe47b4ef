"""The applicant pipeline end to end in a real browser, in Lithuanian and in English: a talent finds an opportunity,
applies with answers and sees "Submitted"; the employer moves the applicant (one bulk move with a message, then
the applicant's own page) through to "hired"; the talent sees "Hired" and the notice. The apply, application,
pipeline and applicant pages are axe-clean at 360 px without sideways scrolling."""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from conftest import assert_fits_the_screen
from talentas.accounts.tests.factories import UserFactory
from talentas.hiring.models import Application

from .conftest import make_profile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("lang", ["lt", "en"])
def test_apply_move_to_hired_and_see_it(new_page, axe, opportunity, questions, employer, vocabulary, lang):
    with translation.override(lang):
        t = {
            text: gettext(text)
            for text in (
                "Apply or say you are interested",
                "Message to the employer",
                "Send my application",
                "Submitted",
                "Shortlisted",
                "Interview",
                "Offer",
                "Hired",
                "Move",
                "Move to",
                "Your own words to add (optional)",
                "Yes",
                "Your application: %(status)s",
            )
        }
    talent = make_profile(
        UserFactory(full_name="Aistė Petraitytė", preferred_language=lang), skills=[(vocabulary["python"], 3)]
    )

    # 1. The talent goes from the opportunities to this one and applies with answers.
    page = new_page(talent.user)
    page.goto(f"/{lang}/talent/opportunities/")
    page.get_by_role("link", name=opportunity.title).first.click()
    expect(page.get_by_role("heading", name=opportunity.title, level=1)).to_be_visible()
    page.get_by_role("link", name=t["Apply or say you are interested"]).click()
    axe(page)
    assert_fits_the_screen(page)
    page.get_by_label(t["Message to the employer"]).fill("Esu programuotoja iš Alytaus. I build Django sites.")
    page.get_by_label("Why Alytus?").fill("My family lives here.")
    page.get_by_label("Do you hold a driving licence?").select_option(label=t["Yes"])
    page.get_by_label("When could you start?").select_option(label="At once")
    page.locator("#id_cv_choice_1").check()  # "No CV" when the profile has none: the second of two
    page.locator("#id_consent").check()
    page.get_by_role("button", name=t["Send my application"]).click()
    expect(page.locator(".page-head .badge")).to_have_text(t["Submitted"])
    axe(page)
    assert_fits_the_screen(page)
    application = Application.objects.get(profile=talent)
    assert application.answers[0]["answer"] == "My family lives here." and application.consent_at is not None

    # 2. The employer moves the applicant once in bulk, with a message, then on the applicant's page to "hired".
    boss = new_page(employer)
    boss.goto(f"/{lang}/hiring/opportunities/{opportunity.pk}/applicants/")
    axe(boss)
    assert_fits_the_screen(boss)
    boss.locator(f"#choose-{application.pk}").check()
    boss.get_by_label(t["Move to"], exact=True).select_option(label=t["Shortlisted"])
    boss.get_by_label(t["Your own words to add (optional)"]).fill("Iki pasimatymo antradienį.")
    boss.get_by_role("button", name=t["Move"], exact=True).click()
    expect(boss.get_by_role("row").filter(has_text="Aistė Petraitytė")).to_contain_text(t["Shortlisted"])
    boss.get_by_role("link", name="Aistė Petraitytė").click()
    axe(boss)
    assert_fits_the_screen(boss)
    for stage in ("Interview", "Offer", "Hired"):
        boss.get_by_label(t["Move to"], exact=True).select_option(label=t[stage])
        boss.get_by_role("button", name=t["Move"], exact=True).click()
        expect(boss.locator(".page-head .badge").first).to_have_text(t[stage])

    # 3. The talent sees "Hired" and the notice, in their language.
    page.reload()
    expect(page.locator(".page-head .badge")).to_have_text(t["Hired"])
    page.goto(f"/{lang}/notices/")
    expect(page.get_by_role("link", name=t["Your application: %(status)s"] % {"status": t["Hired"]})).to_be_visible()
    expect(page.get_by_text(re.compile("Iki pasimatymo antradienį"))).to_have_count(1)
    # (The notices page is the notices app's; its "mark read" buttons fail axe's contrast check at 360 px.)
    application.refresh_from_db()
    assert application.status == Application.Status.HIRED and application.hired_at is not None
