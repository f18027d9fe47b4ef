import pytest

from talentas.organisations.models import Organisation

from .factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
Kind = Organisation.Kind


def test_directory_lists_listed_organisations_only(client):
    OrganisationFactory(name="Alytus Business Incubator", kind=Kind.BUSINESS_SUPPORT)
    OrganisationFactory(name="Secret Proposal", is_listed=False, verification=Organisation.Verification.PENDING)
    page = client.get("/en/organisations/").content.decode()
    assert "Alytus Business Incubator" in page
    assert "Secret Proposal" not in page
    assert "1 organisation" in page


def test_directory_filters_by_kind_and_text(client):
    OrganisationFactory(name="Kodas Dzūkija", kind=Kind.STARTUP, description="Programming for children")
    OrganisationFactory(name="GreenHub Alytus", kind=Kind.STARTUP, description="Greenhouse sensors")
    OrganisationFactory(name="Alytus College", kind=Kind.SCHOOL, description="Programming courses")
    page = client.get("/en/organisations/", {"kind": "startup"}).content.decode()
    assert "Kodas Dzūkija" in page and "GreenHub Alytus" in page and "Alytus College" not in page
    page = client.get("/en/organisations/", {"q": "programming"}).content.decode()
    assert "Kodas Dzūkija" in page and "Alytus College" in page and "GreenHub" not in page
    page = client.get("/en/organisations/", {"q": "programming", "kind": "school"}).content.decode()
    assert "Alytus College" in page and "Kodas" not in page
    page = client.get("/en/organisations/", {"q": "nothing matches this"}).content.decode()
    assert "No organisation matches" in page


def test_an_unknown_kind_is_ignored_not_an_error(client):
    OrganisationFactory(name="Kodas Dzūkija")
    response = client.get("/en/organisations/", {"kind": "spaceship", "page": "abc"})
    assert response.status_code == 200
    assert "Kodas Dzūkija" in response.content.decode()


def test_directory_is_paginated_and_keeps_the_filter(client):
    OrganisationFactory.create_batch(25, kind=Kind.COMPANY)
    first = client.get("/en/organisations/", {"kind": "company"}).content.decode()
    assert "Page 1 of 2" in first
    assert "?kind=company&amp;page=2" in first
    second = client.get("/en/organisations/", {"kind": "company", "page": 2}).content.decode()
    assert second.count('<li class="card">') == 5


def test_htmx_gets_the_results_only(client):
    OrganisationFactory(name="Kodas Dzūkija")
    response = client.get("/en/organisations/", {"q": "kodas"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="directory-results"')
    assert "Kodas Dzūkija" in page


@pytest.mark.parametrize("logged_in", [False, True])
def test_directory_query_count_does_not_grow(client, django_assert_num_queries, logged_in):
    parent = OrganisationFactory(name="Alytus City Municipality")
    if logged_in:
        client.force_login(MembershipFactory(organisation=parent).user)
    OrganisationFactory.create_batch(3, parent=parent)
    expected = 4 if logged_in else 2  # (session, user,) count, page
    with django_assert_num_queries(expected):
        client.get("/en/organisations/", {"q": "organisation"})
    OrganisationFactory.create_batch(30, parent=parent)
    with django_assert_num_queries(expected):
        client.get("/en/organisations/", {"q": "organisation"})
