"""Sign up, confirm, log in and out, reset a password, and the throttle on failed logins (all through allauth)."""

import re

import pytest
from django.conf import settings
from django.core import mail

from talentas.accounts.models import User

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-brand-new-long-password"


def _link_in(message) -> str:
    return re.search(re.escape(settings.SITE_URL) + r"(/\S+)", message.body).group(1)


def test_signup_confirm_and_login(client):
    response = client.post(
        "/en/accounts/signup/",
        {
            "full_name": "Rūta Jonaitė",
            "audience": "talent",
            "email": "ruta@example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert "Confirm your e-mail address" in client.get(response["Location"]).content.decode()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ruta@example.org"]
    assert message.subject.startswith("[Talentas] ")
    link = _link_in(message)

    confirm_page = client.get(link)
    assert confirm_page.status_code == 200
    assert "ruta@example.org" in confirm_page.content.decode()
    confirmed = client.post(link)
    assert confirmed.status_code == 302
    assert confirmed["Location"] == "/en/"  # logged in, on the home page, in the language of the sign-up
    assert "_auth_user_id" in client.session

    client.logout()
    login = client.post("/lt/accounts/login/", {"login": "ruta@example.org", "password": NEW_PASSWORD})
    assert login.status_code == 302
    assert login["Location"] == "/en/"
    user = User.objects.get(email="ruta@example.org")
    assert (user.preferred_language, user.full_name, user.audience) == ("en", "Rūta Jonaitė", "talent")


def test_unconfirmed_person_cannot_log_in(client):
    UserFactory(email="new@example.org", verified_email=False)
    response = client.post("/en/accounts/login/", {"login": "new@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1  # the confirmation is sent again


def test_signup_errors_are_tied_to_their_fields(client):
    response = client.post(
        "/en/accounts/signup/", {"email": "not-an-address", "password1": NEW_PASSWORD, "password2": "other"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="id_email_error"' in page
    assert 'id="id_email_error"' in page
    assert 'id="id_password2_error"' in page


def test_pages_have_labels_and_autocomplete(client):
    login = client.get("/en/accounts/login/").content.decode()
    assert '<label for="id_login">E-mail address</label>' in login
    assert "placeholder" not in login
    assert 'autocomplete="email"' in login
    assert 'autocomplete="current-password"' in login
    assert "/en/accounts/password/reset/" in login  # "forgot your password" next to the field
    signup = client.get("/en/accounts/signup/").content.decode()
    assert 'autocomplete="new-password"' in signup
    assert '<link rel="stylesheet"' in signup  # our base layout, not allauth's bare one


def test_password_reset(client):
    UserFactory(email="jonas@example.org")
    response = client.post("/en/accounts/password/reset/", {"email": "jonas@example.org"})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert len(mail.outbox) == 1
    link = _link_in(mail.outbox[0])

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert "Password changed" in client.get(done["Location"]).content.decode()

    client.logout()
    login = client.post("/en/accounts/login/", {"login": "jonas@example.org", "password": NEW_PASSWORD})
    assert login.status_code == 302


def test_bad_reset_link_says_so(client):
    response = client.get("/en/accounts/password/reset/key/1-not-a-key/", follow=True)
    assert response.status_code == 200
    assert "This link does not work" in response.content.decode()


def test_failed_logins_are_throttled_with_a_clear_message(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "10/m/ip,3/5m/key"}
    UserFactory(email="target@example.org")
    for _attempt in range(3):
        response = client.post("/en/accounts/login/", {"login": "target@example.org", "password": "wrong"})
        assert response.status_code == 200
        assert "Too many failed login attempts" not in response.content.decode()

    # Even the right password is refused while the throttle holds, and the page says why.
    response = client.post("/en/accounts/login/", {"login": "target@example.org", "password": PASSWORD})
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_rate_limited_signup_answers_429_with_our_page(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "1/m/ip"}
    data = {
        "full_name": "A",
        "audience": "follower",
        "email": "a@example.org",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    client.post("/en/accounts/signup/", data)
    client.logout()
    response = client.post("/en/accounts/signup/", {**data, "email": "b@example.org"})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_login_lands_in_the_preferred_language(client):
    UserFactory(email="greta@example.org", preferred_language="en")
    response = client.post("/lt/accounts/login/", {"login": "greta@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/en/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_login_honours_a_safe_next_in_the_preferred_language(client):
    UserFactory(email="greta@example.org", preferred_language="en")
    response = client.post(
        "/lt/accounts/login/",
        {"login": "greta@example.org", "password": PASSWORD, "next": "/lt/organisations/?kind=ngo"},
    )
    assert response["Location"] == "/en/organisations/?kind=ngo"


def test_login_ignores_an_unsafe_next(client):
    UserFactory(email="greta@example.org", preferred_language="lt")
    response = client.post(
        "/en/accounts/login/", {"login": "greta@example.org", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/lt/"


def test_logout(client):
    user = UserFactory()
    client.force_login(user)
    assert "Do you want to log out?" in client.get("/en/accounts/logout/").content.decode()
    response = client.post("/en/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
