import pytest

from talentas.accounts.tests.factories import UserFactory
from talentas.events import services
from talentas.organisations.tests.factories import MembershipFactory, OrganisationFactory

from .factories import EventFactory


@pytest.fixture
def grades(db):
    services.ensure_grades()


@pytest.fixture
def organiser_org(db):
    return OrganisationFactory(name="Alytus Business Incubator", slug="alytus-business-incubator")


@pytest.fixture
def event(organiser_org):
    return EventFactory(organisers=[organiser_org], capacity=2, title="Quarterly networking evening")


@pytest.fixture
def organisation(organiser_org):
    """The root conftest's owner and member belong to the organiser here."""
    return organiser_org


@pytest.fixture
def other_org_member(db):
    return MembershipFactory(organisation=OrganisationFactory()).user


@pytest.fixture
def people(db):
    return UserFactory.create_batch(5)
