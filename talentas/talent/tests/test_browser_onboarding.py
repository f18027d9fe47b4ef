"""A new person signs up as a talent on a phone and fills the profile's steps, in Lithuanian and in English:
each step is axe-clean, never scrolls sideways at 360 px and stays short; the progress bar reaches the end."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from conftest import assert_fits_the_screen
from talentas.accounts.models import User
from talentas.talent.models import TalentProfile

from .test_profile import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
# GOV.UK keeps a question page short; the one long form this replaces was 4,362 px tall on a phone.
MAX_STEP_HEIGHT = 1600
PASSWORD = "a-long-enough-password-for-tests"
WORDS = {
    "en": {"tasks": "Your talent profile", "done": "{n} of 6 steps done", "save": "Save and continue"},
    "lt": {"tasks": "Jūsų talento profilis", "done": "Atlikta {n} iš 6 žingsnių", "save": "Išsaugoti ir tęsti"},
}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, bypass_csp=True, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _fits_the_phone(page) -> int:
    """The page's height; fails if anything makes it scroll sideways."""
    assert_fits_the_screen(page)
    return page.evaluate("document.documentElement.scrollHeight")


def _save(page, words):
    page.get_by_role("button", name=words["save"]).click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", ["lt", "en"])
def test_a_new_talent_signs_up_and_fills_the_steps_on_a_phone(phone, axe, vocabulary, language, tmp_path):
    page, words = phone, WORDS[language]
    email = f"ieva.{language}@example.org"

    page.goto(f"/{language}/accounts/signup/")
    axe(page)
    _fits_the_phone(page)
    page.locator("#id_full_name").fill("Ieva Petraitytė")
    page.locator("input[name=audience][value=talent]").check()
    page.locator("#id_email").fill(email)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.locator("main form button[type=submit]").click()

    # A new talent lands on the home page, in the language of the sign-up, which starts them on their profile.
    expect(page).to_have_url(re.compile(rf"/{language}/$"))
    expect(page.locator(f'a[href="/{language}/talent/me/steps/about/"]')).to_be_visible()
    page.goto(f"/{language}/talent/me/steps/")
    expect(page.get_by_role("heading", name=words["tasks"], level=1)).to_be_visible()
    expect(page.get_by_text(words["done"].format(n=0))).to_be_visible()
    axe(page)
    _fits_the_phone(page)

    heights = {}

    def step(slug):
        page.goto(f"/{language}/talent/me/steps/{slug}/")
        axe(page)
        heights[slug] = _fits_the_phone(page)

    step("about")
    page.locator("input[name=kind][value=graduate]").check()
    page.locator("#id_headline").fill("Jaunesnioji programuotoja")
    page.locator("#id_consent").check()
    _save(page, words)

    step("work")
    page.locator("#skill-search").fill("pyth")
    page.locator("#skill-suggestions button").first.click()
    expect(page.locator("#skill-rows li")).to_have_count(1)
    page.locator("#id_skill_names").fill("SQL")
    axe(page)
    _save(page, words)

    step("languages")
    # A level left out: the error summary comes first and the choice is kept.
    page.locator("#id_language_0").select_option("lt")
    _save(page, words)
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#id_language_0")).to_have_value("lt")
    axe(page)
    heights["languages (error)"] = _fits_the_phone(page)
    page.locator("#id_language_level_0").select_option("6")
    _save(page, words)

    step("education")
    page.locator("#id_education_level").select_option("6")
    page.locator("#id_education_field").fill("Informatika")
    _save(page, words)

    step("where")
    page.locator("#id_city").fill("Alytus")
    page.locator("input[name=looking_for][value=job]").check()
    page.locator("#id_visibility").select_option("employers")
    _save(page, words)

    step("cv")
    cv = tmp_path / "cv.pdf"
    cv.write_bytes(PDF)
    page.locator("#id_cv").set_input_files(str(cv))
    _save(page, words)

    expect(page).to_have_url(re.compile(rf"/{language}/talent/me/steps/$"))
    expect(page.get_by_text(words["done"].format(n=6))).to_be_visible()
    assert page.locator("#profile-progress-bar").get_attribute("value") == "6"
    axe(page)
    page.goto(f"/{language}/talent/me/")
    axe(page)
    heights["my profile"] = _fits_the_phone(page)

    tallest = max(height for name, height in heights.items() if name != "my profile")
    print(f"\n[{language}] page heights at 360 px: {heights}")
    assert tallest < MAX_STEP_HEIGHT, heights
    user = User.objects.get(email=email)
    assert (user.full_name, user.audience, user.preferred_language) == ("Ieva Petraitytė", "talent", language)
    profile = TalentProfile.objects.get(user=user)
    assert profile.visibility == "employers" and profile.consent_at is not None and profile.cv
    assert profile.skills.count() == 2 and profile.languages.count() == 1
