import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from talentas.accounts.models import ApiToken, Role, RoleAssignment, User
from talentas.core.choices import ResponsibleEntity
from talentas.organisations.demo import ACCOUNTS, DEFAULT_DEMO_PASSWORD
from talentas.organisations.models import Membership, Organisation, OrganisationClaim

pytestmark = pytest.mark.django_db
MODELS = [User, EmailAddress, RoleAssignment, Organisation, Membership, OrganisationClaim, ApiToken]


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_load_demo_twice_makes_the_same_data(capsys):
    call_command("load_demo")
    first = _counts()
    output = capsys.readouterr().out
    call_command("load_demo")
    assert _counts() == first
    assert first["User"] == len(ACCOUNTS)
    assert first["OrganisationClaim"] == 1
    # The table: a header, a rule, one row per account.
    for account in ACCOUNTS:
        assert account.email in output
    assert "E-mail" in output and "Role" in output and "Password" in output
    assert DEFAULT_DEMO_PASSWORD in output


def test_load_demo_keeps_what_people_changed(capsys):
    call_command("load_demo")
    incubator = Organisation.objects.get(slug="alytus-business-incubator")
    incubator.description = "Edited by its owner."
    incubator.save()
    talent = User.objects.get(email="talent@talentas.example")
    talent.full_name = "My own name"
    talent.save()
    call_command("load_demo")
    incubator.refresh_from_db()
    talent.refresh_from_db()
    assert incubator.description == "Edited by its owner."
    assert talent.full_name == "My own name"


def test_demo_has_one_account_per_role_and_they_can_log_in(client, monkeypatch, capsys):
    monkeypatch.setenv("DEMO_PASSWORD", "another-Strong-demo-pass")
    call_command("load_demo")
    assert "another-Strong-demo-pass" in capsys.readouterr().out
    held = set(RoleAssignment.objects.values_list("role", flat=True))
    assert held == set(Role.values)
    owners = RoleAssignment.objects.filter(role=Role.INDICATOR_OWNER)
    assert set(owners.values_list("department", flat=True)) == set(ResponsibleEntity.values)
    assert Membership.objects.filter(organisation__slug="kodas-dzukija").count() == 2
    assert User.objects.get(email="admin@talentas.example").is_superuser
    for account in ACCOUNTS:
        assert EmailAddress.objects.get(email=account.email).verified
        response = client.post("/en/accounts/login/", {"login": account.email, "password": "another-Strong-demo-pass"})
        assert response.status_code == 302, account.email
        client.logout()


def test_demo_organisations_follow_the_sources(capsys):
    call_command("load_demo")
    names = set(Organisation.objects.values_list("name", flat=True))
    for name in [
        "Alytus Business Advisory Centre",
        "Vilnius Chamber of Commerce, Industry and Crafts, Alytus Branch",
        "Business Association of Alytus Region",
        "South Lithuanian Business Cooperation Centre",
        "Lithuanian Innovation Center Section for Southern Lithuania",
        "Alytus Business Innovation Center",
        "Alytus Business Incubator",
        "Enterprise Lithuania",
        "Business Support Department",
        "Finance and Investment Department",
        "Education Department",
    ]:
        assert name in names
    departments = Organisation.objects.exclude(responsible_entity="")
    assert set(departments.values_list("responsible_entity", flat=True)) == set(ResponsibleEntity.values)
    assert Organisation.objects.get(slug="business-support-me-team").parent.slug == "business-support-department"
    assert Organisation.objects.filter(level=Organisation.Level.NATIONAL).count() == 7
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds == set(Organisation.Kind.values)
