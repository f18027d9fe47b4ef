import pytest
from django.conf import settings

from talentas.accounts.models import Role

from .factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_profile_needs_login(client):
    response = client.get("/en/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=/en/account/")


def test_profile_shows_name_language_and_roles(client):
    user = UserFactory(full_name="Rūta Jonaitė", preferred_language="lt")
    RoleAssignmentFactory(user=user, role=Role.INDICATOR_OWNER, department="education")
    client.force_login(user)
    page = client.get("/en/account/").content.decode()
    assert 'value="Rūta Jonaitė"' in page
    assert 'autocomplete="name"' in page
    assert "Indicator owner: Education Department" in page
    assert 'id="api-tokens"' in page


def test_profile_edit_saves_and_switches_language(client):
    user = UserFactory(full_name="Old Name", preferred_language="en")
    client.force_login(user)
    response = client.post("/en/account/", {"full_name": "  Rūta Jonaitė ", "preferred_language": "lt"})
    assert response.status_code == 302
    assert response["Location"] == "/lt/account/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "lt"
    user.refresh_from_db()
    assert (user.full_name, user.preferred_language) == ("Rūta Jonaitė", "lt")


@pytest.mark.parametrize(
    "data, field",
    [
        ({"full_name": "Name", "preferred_language": "xx"}, "preferred_language"),
        ({"full_name": "x" * 151, "preferred_language": "en"}, "full_name"),
        ({"full_name": "Name"}, "preferred_language"),
    ],
)
def test_profile_edit_refuses_bad_input(client, data, field):
    user = UserFactory(full_name="Kept", preferred_language="en")
    client.force_login(user)
    response = client.post("/en/account/", data)
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.content.decode()
    user.refresh_from_db()
    assert (user.full_name, user.preferred_language) == ("Kept", "en")
