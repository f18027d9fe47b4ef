import pytest

from talentas.accounts import services
from talentas.accounts.models import Role
from talentas.organisations.models import Membership
from talentas.organisations.tests.factories import MembershipFactory

from .factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_me_with_a_token(client):
    user = UserFactory(email="ieva@example.org", full_name="Ieva Navickaitė", preferred_language="lt")
    RoleAssignmentFactory(user=user, role=Role.INDICATOR_OWNER, department="education")
    RoleAssignmentFactory(user=user, role=Role.REVIEWER)
    MembershipFactory(
        user=user, organisation__name="Kodas Dzūkija", organisation__slug="kodas", role=Membership.Role.OWNER
    )
    _token, raw = services.create_api_token(user=user, name="Test")

    response = client.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="en", **_bearer(raw))
    assert response.status_code == 200
    assert response.json() == {
        "id": user.pk,
        "email": "ieva@example.org",
        "full_name": "Ieva Navickaitė",
        "preferred_language": "lt",
        "roles": [
            {"role": "indicator-owner", "label": "Indicator owner", "department": "education"},
            {"role": "reviewer", "label": "Reviewer or mentor", "department": None},
        ],
        "organisations": [{"slug": "kodas", "name": "Kodas Dzūkija", "role": "owner"}],
    }


def test_me_with_the_browser_session(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/api/v1/me").json()["email"] == user.email


@pytest.mark.parametrize("header", [None, "Bearer tal_abcdefgh_nope", "Bearer ", "Basic Zm9vOmJhcg=="])
def test_me_without_a_good_token_is_401_json(client, header):
    services.create_api_token(user=UserFactory(), name="Someone's")
    headers = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get("/api/v1/me", **headers)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "unauthenticated"


def test_me_with_a_revoked_token_is_401(client):
    user = UserFactory()
    token, raw = services.create_api_token(user=user, name="Old")
    assert client.get("/api/v1/me", **_bearer(raw)).status_code == 200
    services.revoke_api_token(user=user, token_id=token.pk)
    assert client.get("/api/v1/me", **_bearer(raw)).status_code == 401


def test_me_is_documented(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/me"]["get"]
    assert set(operation["responses"]) >= {"200", "401"}
    assert operation["security"]
    me = schema["components"]["schemas"]["MeOut"]["properties"]
    assert {"id", "email", "full_name", "preferred_language", "roles", "organisations"} <= set(me)
