"""The marketplace's key flow end to end in a real browser: a person fills in a profile and sees a match, an employer
asks to contact them, the person accepts, and only then the employer sees their e-mail and can write to them."""

import re

import pytest
from playwright.sync_api import expect

from conftest import DESKTOP, log_in
from talentas.accounts.tests.factories import PASSWORD, UserFactory
from talentas.talent.models import ContactRequest, TalentProfile

from .conftest import make_opportunity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERSON_NAME = "Rūta Talentaitė"
PERSON_EMAIL = "ruta.talentaite@example.org"
REQUEST_MESSAGE = "We build Python web applications in Alytus and would like to talk to you."


@pytest.fixture
def journey(vocabulary, organisation, employer):
    opportunity = make_opportunity(
        organisation, employer, required=[vocabulary["python"], vocabulary["sql"]], optional=[vocabulary["design"]]
    )
    person = UserFactory(email=PERSON_EMAIL, full_name=PERSON_NAME)
    return {"opportunity": opportunity, "person": person, "employer": employer, "organisation": organisation}


def _add_skill(page, term, label):
    page.get_by_label("Find a skill (English or Lithuanian)").fill(term)
    page.get_by_role("button", name=f"Add: {label}").click()
    expect(page.get_by_label(f"Your level in {label}")).to_be_visible()


def test_person_profile_match_contact_request_and_acceptance(page, new_page, axe, journey):
    person, opportunity, organisation = journey["person"], journey["opportunity"], journey["organisation"]

    # 1. The person fills in their profile step by step, with the htmx skill picker, then sees the match.
    log_in(page, person.email, PASSWORD)
    page.goto("/en/talent/me/edit/")
    expect(page.get_by_role("heading", name="About you and consent")).to_be_visible()
    axe(page)
    page.locator("input[name=kind][value=graduate]").check()
    page.get_by_label("Headline").fill("Junior web developer")
    page.get_by_label(re.compile(r"^I agree that .+ which runs this Talentas platform")).check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Occupation and skills")).to_be_visible()
    _add_skill(page, "pyth", "Python (computer programming)")
    _add_skill(page, "sql", "SQL")
    page.get_by_label("Your level in SQL").select_option(index=2)
    axe(page)
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("Language 1", exact=True).select_option(label="Lithuanian")
    page.get_by_label("Level of language 1").select_option(label="C2 or native")
    page.get_by_label("Language 2", exact=True).select_option(label="English")
    page.get_by_label("Level of language 2").select_option(label="B2")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Education and experience")).to_be_visible()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("Where I live now (city)").fill("Alytus")
    page.get_by_role("checkbox", name="Job", exact=True).check()
    page.get_by_label("Who may see my profile").select_option(label="Registered employers (verified organisations)")
    axe(page)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="CV")).to_be_visible()
    page.goto("/en/talent/me/matches/")

    expect(page.get_by_role("heading", name="My matches", exact=True)).to_be_visible()
    match = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=opportunity.title))
    expect(match).to_have_count(1)
    expect(match.get_by_role("link", name=opportunity.title)).to_be_visible()
    expect(match.get_by_text("Skills that match")).to_be_visible()
    expect(match.get_by_text("✓ Python (computer programming)")).to_be_visible()
    expect(match.get_by_text("✓ SQL")).to_be_visible()
    expect(match.get_by_text(re.compile(r"Match: \d+ of 100"))).to_be_visible()
    axe(page)

    profile = TalentProfile.objects.get(user=person)
    assert profile.kind == TalentProfile.Kind.GRADUATE
    assert profile.visibility == TalentProfile.Visibility.EMPLOYERS
    assert profile.consent_at is not None
    assert profile.looking_for == ["job"]
    assert {s.skill.label_en for s in profile.skills.all()} == {"Python (computer programming)", "SQL"}
    assert {(lang.language, lang.level) for lang in profile.languages.all()} == {("lt", 6), ("en", 4)}
    public_name = f"Talent #{profile.pk}"

    # 2. The employer finds the person among the opportunity's matches and in the finder, and asks to contact them.
    boss = new_page(viewport=DESKTOP)
    log_in(boss, journey["employer"].email, PASSWORD)
    boss.goto("/en/talent/employer/")
    boss.get_by_role("link", name=f"People who match {opportunity.title}").click()
    expect(boss.get_by_role("heading", name=f"People who match: {opportunity.title}")).to_be_visible()
    expect(boss.get_by_role("link", name=public_name)).to_be_visible()
    expect(boss.get_by_text("✓ SQL")).to_be_visible()
    expect(boss.get_by_text(PERSON_NAME)).to_have_count(0)
    expect(boss.get_by_text(PERSON_EMAIL)).to_have_count(0)

    boss.goto("/en/talent/finder/")
    boss.get_by_label("Skill", exact=True).fill("SQL")
    boss.get_by_role("button", name="Find").click()
    expect(boss.get_by_role("heading", name="1 person")).to_be_visible()
    boss.get_by_role("link", name=public_name).click()

    expect(boss.get_by_role("heading", name=public_name, level=1)).to_be_visible()
    expect(boss.get_by_text("Contact details are shared only after the person accepts your request.")).to_be_visible()
    expect(boss.get_by_text(PERSON_EMAIL)).to_have_count(0)
    expect(boss.get_by_text(PERSON_NAME)).to_have_count(0)
    boss.get_by_label("On behalf of").select_option(label=organisation.name)
    boss.get_by_label("About", exact=True).select_option(label=opportunity.title)
    boss.get_by_label("Message to the person").fill(REQUEST_MESSAGE)
    boss.get_by_role("button", name="Ask to contact").click()

    expect(boss.get_by_role("heading", name="For employers")).to_be_visible()
    expect(boss.get_by_text("Your request is sent.")).to_be_visible()
    request_row = boss.get_by_role("row").filter(has=boss.get_by_role("link", name=public_name))
    expect(request_row).to_contain_text("Waiting for the person's answer")
    request_row.get_by_role("link", name=public_name).click()
    expect(boss.get_by_role("heading", name=f"Contact request to {public_name}")).to_be_visible()
    expect(boss.get_by_text(PERSON_EMAIL)).to_have_count(0)
    expect(boss.get_by_role("heading", name="Messages")).to_have_count(0)
    contact = ContactRequest.objects.get(profile=profile)
    assert contact.status == ContactRequest.Status.PENDING
    assert contact.opportunity_id == opportunity.pk

    # 3. The person, logged in afresh, sees the request and accepts it.
    person_page = new_page(viewport=DESKTOP)
    log_in(person_page, person.email, PASSWORD)
    person_page.goto("/en/talent/me/")
    requests = person_page.get_by_role("region", name="Contact requests")
    row = requests.get_by_role("row").filter(has=person_page.get_by_role("link", name=organisation.name))
    expect(row).to_contain_text(opportunity.title)
    expect(row).to_contain_text("Waiting for your answer")
    row.get_by_role("link", name=organisation.name).click()
    expect(person_page.get_by_role("heading", name=f"Contact request from {organisation.name}")).to_be_visible()
    expect(person_page.get_by_text(REQUEST_MESSAGE)).to_be_visible()
    axe(person_page)
    person_page.get_by_role("button", name="Accept").click()
    expect(person_page.get_by_text("Accepted", exact=True)).to_be_visible()
    expect(person_page.get_by_role("heading", name="Messages")).to_be_visible()

    # ... and now the employer sees the person's name and e-mail, and they can write to each other.
    boss.goto("/en/talent/employer/")
    boss.get_by_role("link", name=PERSON_NAME).click()
    expect(boss.get_by_text("Accepted", exact=True)).to_be_visible()
    expect(boss.get_by_role("link", name=PERSON_EMAIL)).to_have_attribute("href", f"mailto:{PERSON_EMAIL}")
    expect(boss.get_by_role("heading", name="Messages")).to_be_visible()
    expect(boss.get_by_text("No messages yet.")).to_be_visible()
    boss.get_by_label("Your message").fill("Thank you! Could you come by on Monday at 10?")
    boss.get_by_role("button", name="Send", exact=True).click()
    expect(boss.get_by_text("Thank you! Could you come by on Monday at 10?")).to_be_visible()
    axe(boss)

    boss.goto(f"/en/talent/people/{profile.pk}/")
    expect(boss.get_by_role("heading", name=PERSON_NAME, level=1)).to_be_visible()
    expect(boss.get_by_role("link", name=PERSON_EMAIL)).to_be_visible()

    person_page.reload()
    expect(person_page.get_by_text("Thank you! Could you come by on Monday at 10?")).to_be_visible()
