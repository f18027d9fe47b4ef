import pytest

from talentas.accounts.models import Role
from talentas.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from talentas.organisations.models import Membership
from talentas.organisations.tests.factories import MembershipFactory, OrganisationFactory


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Kodas Dzūkija", slug="kodas-dzukija")


@pytest.fixture
def owner(organisation):
    return MembershipFactory(organisation=organisation, role=Membership.Role.OWNER).user


@pytest.fixture
def member(organisation):
    return MembershipFactory(organisation=organisation, role=Membership.Role.MEMBER).user


@pytest.fixture
def outsider(db):
    return UserFactory()


@pytest.fixture
def platform_admin(db):
    return RoleAssignmentFactory(role=Role.PLATFORM_ADMIN, user__email="admin@example.org").user


@pytest.fixture
def plan_manager(db):
    return RoleAssignmentFactory(role=Role.PLAN_MANAGER).user
