import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["lt", "en"])
def test_home_page_is_accessible_in_both_languages(page, axe, language):
    page.goto(f"/{language}/")
    assert page.locator("html").get_attribute("lang") == language
    axe(page)


def test_skip_link_moves_focus_to_main_content(page):
    page.goto("/en/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
