"""Sign-up asks the person's name and who they are, and the first landing fits the answer; nobody lands on
API tokens, and the answer can be changed later on the account page."""

import re

import pytest
from django.conf import settings
from django.core import mail

from talentas.accounts.models import Audience, User

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-brand-new-long-password"


def _sign_up_and_confirm(client, *, language: str, audience: str) -> str:
    """Sign up, confirm the e-mail (which logs in) and follow to the page the person lands on."""
    response = client.post(
        f"/{language}/accounts/signup/",
        {
            "full_name": "Rūta Jonaitė",
            "audience": audience,
            "email": "ruta@example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    # The e-mail links to the site's own address (SITE_URL); the path is what the test client follows.
    link = re.search(re.escape(settings.SITE_URL) + r"(/\S+/accounts/confirm-email/\S+/)", mail.outbox[-1].body).group(
        1
    )
    response = client.post(link, follow=True)
    assert response.status_code == 200
    return response.redirect_chain[-1][0]


@pytest.mark.parametrize(
    ("audience", "first_step"),
    [
        (Audience.TALENT, "/en/talent/me/steps/about/"),
        (Audience.ORGANISATION, "/en/organisations/start/"),
        (Audience.FOLLOWER, "/en/plans/"),
    ],
)
def test_signup_lands_on_the_home_page_with_the_first_step_that_fits(client, audience, first_step):
    assert _sign_up_and_confirm(client, language="en", audience=audience) == "/en/"
    page = client.get("/en/").content.decode()
    assert "Your next steps, Rūta" in page
    assert f'class="button button-secondary button-small" href="{first_step}"' in page or (
        f'class="button button-small" href="{first_step}"' in page
    )
    user = User.objects.get(email="ruta@example.org")
    assert (user.full_name, user.audience) == ("Rūta Jonaitė", audience)


def test_a_lithuanian_talent_lands_on_the_lithuanian_home_page_with_the_profile_steps(client):
    landing = _sign_up_and_confirm(client, language="lt", audience=Audience.TALENT)
    assert landing == "/lt/"
    page = client.get(landing).content.decode()
    assert 'href="/lt/talent/me/steps/about/"' in page and "iš 6 žingsnių" in page


def test_signup_asks_the_name_and_who_one_is(client):
    page = client.get("/en/accounts/signup/").content.decode()
    assert "<legend>Who are you?" in page
    for label in [
        "I&#x27;m looking for work, study or a start in Alytus",
        "I represent an organisation or company",
        "I just follow the plan",
    ]:
        assert label in page
    response = client.post(
        "/en/accounts/signup/", {"email": "a@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert {"full_name", "audience"} <= set(form.errors)
    assert not User.objects.exists() and not mail.outbox


@pytest.mark.parametrize("audience", ["", *Audience.values])
def test_nobody_lands_on_api_tokens(client, audience):
    UserFactory(email="greta@example.org", preferred_language="en", audience=audience)
    response = client.post("/en/accounts/login/", {"login": "greta@example.org", "password": PASSWORD}, follow=True)
    final = response.redirect_chain[-1][0]
    assert final != "/en/account/"
    assert 'id="api-tokens"' not in response.content.decode()


def test_the_account_page_changes_who_one_is_and_so_the_landing(client):
    user = UserFactory(preferred_language="en", audience=Audience.FOLLOWER)
    client.force_login(user)
    page = client.get("/en/account/").content.decode()
    assert 'name="audience" value="follower"' in page and "checked" in page
    response = client.post(
        "/en/account/", {"full_name": "Greta", "preferred_language": "en", "audience": Audience.ORGANISATION}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.audience == Audience.ORGANISATION
    assert client.get("/en/account/start/")["Location"] == "/en/organisations/start/"
    response = client.post("/en/account/", {"full_name": "Greta", "preferred_language": "en", "audience": "boss"})
    assert response.status_code == 400 and "audience" in response.context["profile_form"].errors
