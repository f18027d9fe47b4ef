"""The audit log's tests use the root conftest's actors (organisation, owner, member, outsider, plan manager) and
a platform administrator, the only one who may read the log."""

import pytest

from talentas.accounts.models import Role
from talentas.accounts.tests.factories import RoleAssignmentFactory


@pytest.fixture
def platform_admin(db):
    return RoleAssignmentFactory(role=Role.PLATFORM_ADMIN, user__email="admin@example.org").user
