import pytest

from talentas.accounts.models import Role
from talentas.accounts.tests.factories import RoleAssignmentFactory
from talentas.organisations.models import Organisation

from .factories import ClaimFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
URL = "/en/organisations/kodas-dzukija/"


def _page(client, user=None) -> str:
    if user is not None:
        client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_sees_public_details_but_not_members(client, organisation, owner):
    page = _page(client)
    assert "Kodas Dzūkija" in page
    assert owner.email not in page
    assert "Manage members" not in page
    assert "Log in to claim" not in page  # it has an owner already


def test_outsider_sees_no_members_and_cannot_edit(client, owner, outsider):
    page = _page(client, outsider)
    assert owner.email not in page
    assert "Edit details" not in page
    assert "I speak for this organisation" not in page  # it has an owner already


def test_member_sees_members_but_cannot_edit(client, owner, member):
    page = _page(client, member)
    assert owner.email in page and member.email in page
    assert "You are a member" in page
    assert "Edit details" not in page


def test_owner_sees_members_and_edit_links(client, owner, member):
    page = _page(client, owner)
    assert member.email in page
    assert "Edit details" in page and "Manage members" in page


def test_reviewer_sees_members(client, owner, reviewer):
    assert owner.email in _page(client, reviewer)


def test_unclaimed_organisation_offers_a_claim(client, organisation, outsider):
    assert "Log in to claim" in _page(client)
    assert "I speak for this organisation" in _page(client, outsider)


def test_unlisted_proposal_is_hidden_except_from_claimant_and_reviewers(client, outsider, reviewer):
    proposal = OrganisationFactory(slug="proposed", is_listed=False, verification=Organisation.Verification.PENDING)
    claimant = ClaimFactory(organisation=proposal, is_proposal=True).user
    url = "/en/organisations/proposed/"
    assert client.get(url).status_code == 404
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(claimant)
    assert client.get(url).status_code == 200
    client.force_login(reviewer)
    assert client.get(url).status_code == 200
    client.force_login(RoleAssignmentFactory(role=Role.PLATFORM_ADMIN).user)
    assert client.get(url).status_code == 200


def test_unknown_slug_is_404(client, db):
    assert client.get("/en/organisations/nothing-here/").status_code == 404
