import pytest

from talentas.accounts.models import Role
from talentas.accounts.tests.factories import RoleAssignmentFactory


@pytest.fixture
def reviewer(db):
    """A plan manager: reviews organisation claims."""
    return RoleAssignmentFactory(role=Role.PLAN_MANAGER).user
