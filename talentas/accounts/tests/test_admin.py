"""The admin is where roles are granted: every page of ours opens, and granting a role works there."""

import pytest

from talentas.accounts import services
from talentas.accounts.models import Role, RoleAssignment
from talentas.organisations.tests.factories import ClaimFactory, MembershipFactory

from .factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_pages_open(admin_client):
    person = UserFactory()
    token, _raw = services.create_api_token(user=person, name="Script")
    role = services.grant_role(user=person, role=Role.TALENT)
    membership = MembershipFactory()
    claim = ClaimFactory()
    for url in [
        "/en/admin/accounts/user/",
        "/en/admin/accounts/user/add/",
        f"/en/admin/accounts/user/{person.pk}/change/",
        "/en/admin/accounts/roleassignment/",
        f"/en/admin/accounts/roleassignment/{role.pk}/change/",
        "/en/admin/accounts/apitoken/",
        f"/en/admin/accounts/apitoken/{token.pk}/change/",
        "/en/admin/organisations/organisation/",
        "/en/admin/organisations/organisation/add/",
        f"/en/admin/organisations/organisation/{membership.organisation.pk}/change/",
        "/en/admin/organisations/membership/",
        "/en/admin/organisations/organisationclaim/",
        f"/en/admin/organisations/organisationclaim/{claim.pk}/change/",
    ]:
        assert admin_client.get(url).status_code == 200, url
    assert admin_client.get("/en/admin/accounts/apitoken/add/").status_code == 403


def test_admin_grants_a_role_and_checks_the_department(admin_client):
    person = UserFactory()
    response = admin_client.post(
        "/en/admin/accounts/roleassignment/add/", {"user": person.pk, "role": Role.INDICATOR_OWNER, "department": ""}
    )
    assert response.status_code == 200  # the form is shown again with the constraint's message
    assert "Indicator owners need a department" in response.content.decode()
    response = admin_client.post(
        "/en/admin/accounts/roleassignment/add/",
        {"user": person.pk, "role": Role.INDICATOR_OWNER, "department": "education"},
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.get(user=person).department == "education"


def test_admin_creates_a_person(admin_client):
    response = admin_client.post(
        "/en/admin/accounts/user/add/",
        {
            "email": "new@example.org",
            "full_name": "New",
            "usable_password": "true",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
            "role_assignments-TOTAL_FORMS": "1",
            "role_assignments-INITIAL_FORMS": "0",
            "role_assignments-0-role": Role.STEERING_COMMITTEE,
            "role_assignments-0-department": "",
        },
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.get(user__email="new@example.org").role == Role.STEERING_COMMITTEE


def test_admin_changes_are_audited_without_secrets(admin_client):
    from talentas.audit.models import AuditEntry

    person = UserFactory()
    admin_client.post(
        "/en/admin/accounts/roleassignment/add/",
        {"user": person.pk, "role": Role.INDICATOR_OWNER, "department": "education"},
    )
    granted = AuditEntry.objects.get(verb="admin.accounts.roleassignment.create")
    assert granted.actor.is_superuser and granted.changes["role"] == [None, Role.INDICATOR_OWNER]
    role = RoleAssignment.objects.get(user=person)
    admin_client.post(f"/en/admin/accounts/roleassignment/{role.pk}/delete/", {"post": "yes"})
    assert AuditEntry.objects.filter(verb="admin.accounts.roleassignment.delete", target_id=str(role.pk)).exists()
    token, _raw = services.create_api_token(user=person, name="Script")
    admin_client.post("/en/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [token.pk], "index": 0})
    token.refresh_from_db()
    revoked = AuditEntry.objects.get(verb="admin.accounts.apitoken.revoke")
    assert token.revoked_at is not None and revoked.target_id == str(token.pk)
    assert not any("password" in entry.changes or "secret_hash" in entry.changes for entry in AuditEntry.objects.all())
