"""An organisation's first landing: find and claim it on the page, see the claim wait for the check, then the link
to post a first opportunity once the organisation is verified."""

import pytest
from django.urls import reverse

from talentas.accounts.tests.factories import UserFactory
from talentas.organisations.models import Organisation, OrganisationClaim

from .factories import OrganisationFactory

pytestmark = pytest.mark.django_db
URL = "/en/organisations/start/"


def test_the_start_page_finds_and_claims_an_organisation(client):
    OrganisationFactory(name="Alytaus baldai", slug="alytaus-baldai", verification=Organisation.Verification.UNVERIFIED)
    person = UserFactory()
    client.force_login(person)
    page = client.get(URL).content.decode()
    assert "Find your organisation and claim it" in page and "Post your first opportunity" in page
    assert reverse("talent:opportunity_create") not in page  # nothing verified yet
    page = client.get(URL, {"q": "baldai"}).content.decode()
    assert "claim=alytaus-baldai" in page
    page = client.get(URL, {"q": "baldai", "claim": "alytaus-baldai"}).content.decode()
    assert 'name="contact_role"' in page and 'value="alytaus-baldai"' in page

    response = client.post(URL, {"organisation": "alytaus-baldai", "contact_role": "director", "message": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error-summary"' in page and 'value="director"' in page
    assert not OrganisationClaim.objects.exists()

    response = client.post(
        URL, {"organisation": "alytaus-baldai", "contact_role": "director", "message": "See our website."}
    )
    assert response.status_code == 302 and response["Location"] == URL
    claim = OrganisationClaim.objects.get(user=person)
    assert claim.organisation.slug == "alytaus-baldai" and claim.contact_role == "director"
    assert "Alytaus baldai" in client.get(URL).content.decode()


def test_an_owned_organisation_cannot_be_claimed_again_here(client, owner, organisation):
    client.force_login(UserFactory())
    page = client.get(URL, {"claim": organisation.slug}).content.decode()
    assert "cannot be claimed" in page and 'name="contact_role"' not in page
    response = client.post(URL, {"organisation": organisation.slug, "contact_role": "boss", "message": "Me."})
    assert response.status_code == 400
    assert not OrganisationClaim.objects.exists()


def test_a_verified_member_is_offered_the_first_opportunity(client, owner, organisation):
    organisation.verification = Organisation.Verification.VERIFIED
    organisation.save()
    client.force_login(owner)
    page = client.get(URL).content.decode()
    assert reverse("talent:opportunity_create") in page and "Kodas Dzūkija" in page


def test_an_unlisted_organisation_is_not_offered(client):
    OrganisationFactory(name="Hidden", slug="hidden", is_listed=False)
    client.force_login(UserFactory())
    page = client.get(URL, {"claim": "hidden"}).content.decode()
    assert 'value="hidden"' not in page
