"""Texts a person can rely on (issue 11, part 4): the consent in every interface language, the talent's own view
of a pending request, the employer's confirmation, the opportunity pre-selected, the e-mail's link."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from talentas.core.links import absolute_url
from talentas.talent import services
from talentas.talent.forms import consent_field
from talentas.talent.models import ContactRequest

pytestmark = pytest.mark.django_db
MESSAGE = "We build Python web applications in Alytus and would like to talk."


@pytest.mark.parametrize(("language", "start"), [("lt", "Sutinku, kad"), ("en", "I agree that")])
def test_the_consent_is_in_the_pages_language(client, outsider, language, start):
    with translation.override(language):
        assert str(consent_field().label).startswith(start)
        client.force_login(outsider)
        page = client.get(reverse("talent:profile_step", args=["about"])).text
    assert start in page
    if language == "lt":
        assert "I agree" not in page


def _request(employer, organisation, talent, opportunity=None):
    return services.request_contact(
        user=employer, organisation=organisation, profile=talent, message=MESSAGE, opportunity=opportunity
    )


def test_the_talent_reads_that_the_answer_is_theirs(client, employer, organisation, talent):
    contact = _request(employer, organisation, talent)
    client.force_login(talent.user)
    for url in (reverse("talent:my_profile"), reverse("talent:contact_detail", args=[contact.pk])):
        page = client.get(url).text
        assert "Waiting for your answer" in page and "Waiting for the person" not in page, url
    client.force_login(employer)
    assert "Waiting for the person" in client.get(reverse("talent:contact_detail", args=[contact.pk])).text


def test_the_employers_confirmation_points_at_a_place_that_exists(client, employer, organisation, talent, opportunity):
    client.force_login(employer)
    response = client.post(
        reverse("talent:talent_detail", args=[talent.pk]),
        {"organisation": organisation.pk, "opportunity": opportunity.pk, "message": MESSAGE},
        follow=True,
    )
    page = response.text
    assert "under Contacts" not in page and "under Contact requests" in page
    assert 'id="contacts-heading"' in page  # the heading the message names, on the page it leads to
    assert ContactRequest.objects.get().opportunity == opportunity


def test_a_request_from_an_opportunity_preselects_it(client, employer, talent, opportunity):
    client.force_login(employer)
    matches = client.get(reverse("talent:opportunity_matches", args=[opportunity.pk])).text
    link = f"{reverse('talent:talent_detail', args=[talent.pk])}?opportunity={opportunity.pk}"
    assert link in matches
    form = client.get(link).context["form"]
    assert str(form["opportunity"].value()) == str(opportunity.pk)
    assert f'<option value="{opportunity.pk}" selected>' in client.get(link).text


def test_the_contact_email_links_to_the_request(employer, organisation, talent, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        contact = _request(employer, organisation, talent)
    with translation.override("en"):
        link = absolute_url(reverse("talent:contact_detail", args=[contact.pk]))
    assert [m.to for m in mail.outbox] == [[talent.user.email]]
    assert link in mail.outbox[0].body
    assert "Open the request" in mail.outbox[0].body
