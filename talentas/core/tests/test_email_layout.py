"""Every e-mail looks like the product: a plain-text and an HTML part in the reader's language, the site's own
name and address (never "example.com"), a subject as written (never HTML-escaped), links to what it is about."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from talentas.accounts.tests.factories import UserFactory
from talentas.core.email import compose
from talentas.events import notifications
from talentas.events.tests.factories import EventFactory, RegistrationFactory
from talentas.notices import services as notices
from talentas.organisations import services as organisations
from talentas.organisations.tests.factories import ClaimFactory, OrganisationFactory

SITE_URL = "https://talentas.alytus.example"
pytestmark = pytest.mark.django_db
APOSTROPHE_TITLE = "Public consultation: the action plan's next year"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE_URL
    settings.SITE_NAME = "Alytaus Talentas"
    mail.outbox.clear()


def parts(message) -> tuple[str, str]:
    """The plain-text body and the HTML alternative (exactly one) of a message."""
    (html,) = [content for content, mime in message.alternatives if mime == "text/html"]
    return message.body, html


def links(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", text)


def assert_product_email(message, *, language: str, about: str) -> None:
    """Both parts, in `language`, naming the site, with every link on SITE_URL and one to `about`."""
    text, html = parts(message)
    assert "&#x27;" not in message.subject and "&amp;" not in message.subject and "\n" not in message.subject
    assert f'<html lang="{language}">' in html and "Alytaus Talentas" in html and "Alytaus Talentas" in text
    assert "example.com" not in text + html + message.subject
    assert "<img" not in html and "<script" not in html
    for link in links(text) + links(html):
        assert link.startswith(SITE_URL + "/"), link
    assert about in text and f'href="{about}"' in html
    notices_link = SITE_URL + reverse("notices:list")
    assert notices_link.replace("/en/", f"/{language}/") in text  # the footer: their notices and settings


def test_compose_writes_both_parts_and_escapes_only_the_html(settings):
    with translation.override("en"):
        message = compose(
            to=["a@example.org"],
            subject="Tom's <b>plan</b>\n& more",
            text="Tom's plan <script>x</script>\nSecond line",
            link=SITE_URL + "/en/plan/",
        )
    text, html = parts(message)
    assert message.subject == "Tom's <b>plan</b> & more"
    assert text.startswith("Tom's plan <script>x</script>\nSecond line\n\nhttps://talentas.alytus.example/en/plan/\n")
    assert "You get this e-mail because you have an account on Alytaus Talentas." in text
    assert "Tom&#x27;s plan &lt;script&gt;" in html and "<script>" not in html
    assert "<title>Tom&#x27;s &lt;b&gt;plan&lt;/b&gt; &amp; more</title>" in html
    assert 'href="https://talentas.alytus.example/en/plan/"' in html


@pytest.mark.parametrize(("language", "footer"), [("lt", "Jūsų pranešimai"), ("en", "Your notices")])
def test_a_notice_email_in_the_readers_language(django_capture_on_commit_callbacks, language, footer):
    reader = UserFactory(preferred_language=language)
    with translation.override("en" if language == "lt" else "lt"), django_capture_on_commit_callbacks(execute=True):
        notices.notify(user=reader, key="k", title="Tom's notice", body="Body", url=lambda: reverse("notices:list"))
    (message,) = mail.outbox
    assert message.subject == "Tom's notice"
    assert_product_email(message, language=language, about=f"{SITE_URL}/{language}/notices/")
    assert footer in parts(message)[0] and footer in parts(message)[1]


def test_the_digest_email(django_capture_on_commit_callbacks):
    reader = UserFactory(preferred_language="lt")
    notices.notify(user=reader, key="d", title="Tom's news", body="", url="/lt/events/", digest=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert notices.send_digests(frequency="daily") == 1
    (message,) = mail.outbox
    assert "Alytaus Talentas" in message.subject
    assert_product_email(message, language="lt", about=f"{SITE_URL}/lt/notices/")
    assert "Tom's news" in parts(message)[0] and "Tom&#x27;s news" in parts(message)[1]


@pytest.mark.parametrize("language", ["lt", "en"])
def test_an_event_email_keeps_the_apostrophe_of_its_title(django_capture_on_commit_callbacks, language):
    event = EventFactory(title=APOSTROPHE_TITLE)
    registration = RegistrationFactory(event=event, user__preferred_language=language)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.send_registration_email(registration.pk, "confirmed")
    (message,) = mail.outbox
    assert APOSTROPHE_TITLE in message.subject and APOSTROPHE_TITLE in message.body
    assert_product_email(message, language=language, about=f"{SITE_URL}/{language}/events/{event.pk}/")


def test_a_claim_decision_email(django_capture_on_commit_callbacks, plan_manager):
    claimant = UserFactory(preferred_language="lt")
    claim = ClaimFactory(user=claimant, organisation=OrganisationFactory(name="O'Brien's Bakery"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        organisations.approve_claim(reviewer=plan_manager, claim_id=claim.pk)
    (message,) = mail.outbox
    assert "O'Brien's Bakery" in message.subject
    assert_product_email(message, language="lt", about=f"{SITE_URL}/lt/organisations/mine/")


@pytest.mark.parametrize("language", ["lt", "en"])
def test_the_sign_up_confirmation_names_the_site_never_example_com(client, language):
    password = "a-brand-new-long-password"
    response = client.post(
        f"/{language}/accounts/signup/",
        {
            "full_name": "Rūta Jonaitė",
            "audience": "talent",
            "email": "ruta@example.org",
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.subject.startswith("[Alytaus Talentas] ")
    text, _html = parts(message)
    confirm = re.search(re.escape(SITE_URL) + r"/\S+/accounts/confirm-email/\S+/", text).group(0)
    assert_product_email(message, language=language, about=confirm)
    assert "talentas.alytus.example" in text  # the domain allauth's text names is the site's own
    assert client.get(confirm.removeprefix(SITE_URL)).status_code == 200


def test_a_password_reset_speaks_the_account_holders_language(client):
    UserFactory(email="jonas@example.org", preferred_language="lt")
    response = client.post("/en/accounts/password/reset/", {"email": "jonas@example.org"})
    assert response.status_code == 302
    (message,) = mail.outbox
    text, _html = parts(message)
    reset = re.search(re.escape(SITE_URL) + r"/\S+/accounts/password/reset/key/\S+/", text).group(0)
    assert_product_email(message, language="lt", about=reset)


def test_a_reset_for_an_unknown_address_links_to_the_sign_up(client, settings):
    settings.ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True
    client.post("/en/accounts/password/reset/", {"email": "nobody@example.org"})
    (message,) = mail.outbox
    assert_product_email(message, language="en", about=f"{SITE_URL}/en/accounts/signup/")


def test_the_sites_row_is_named_after_the_deployment_not_example_com():
    from django.conf import settings
    from django.contrib.sites.models import Site

    site = Site.objects.get(pk=settings.SITE_ID)
    assert "example.com" not in (site.name, site.domain)
    assert site.name == "Talentas"  # SITE_NAME when the migration ran
