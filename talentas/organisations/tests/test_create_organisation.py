"""`manage.py create_organisation`: an organisation with its first owner, invited when new, audited."""

from io import StringIO

import pytest
from django.contrib.auth import hashers
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import translation

from talentas.accounts.models import User
from talentas.accounts.tests.factories import UserFactory
from talentas.audit.models import AuditEntry
from talentas.notices.models import Notice
from talentas.organisations.models import Membership, Organisation
from talentas.organisations.permissions import can_edit_organisation

pytestmark = pytest.mark.django_db


def _create(*args):
    out = StringIO()
    call_command("create_organisation", *args, stdout=out)
    return out.getvalue()


def test_a_verified_organisation_with_a_new_owner_who_is_invited(monkeypatch, django_capture_on_commit_callbacks):
    def no_hashing(*args, **kwargs):
        raise AssertionError("a password was hashed")

    monkeypatch.setattr(hashers, "get_hasher", no_hashing)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), translation.override("lt"):
        out = _create(
            "--name", "Alytaus inovacijos", "--owner-email", "Vadove@Example.org", "--owner-name", "Rasa",
            "--website", "https://inovacijos.example.org", "--verified", "--kind", "business-support",
        )  # fmt: skip
    organisation = Organisation.objects.get()
    assert (organisation.slug, organisation.kind, organisation.website) == (
        "alytaus-inovacijos",
        "business-support",
        "https://inovacijos.example.org",
    )
    assert organisation.verification == Organisation.Verification.VERIFIED and organisation.verified_at
    assert organisation.is_listed
    owner = User.objects.get(email="vadove@example.org")
    assert not owner.has_usable_password() and owner.preferred_language == "lt"
    assert Membership.objects.get(organisation=organisation).user == owner
    assert Membership.objects.get(organisation=organisation).role == Membership.Role.OWNER
    assert can_edit_organisation(owner, organisation)
    assert set(AuditEntry.objects.values_list("verb", flat=True)) == {
        "organisations.create",
        "organisations.membership.add",
    }
    (letter,) = mail.outbox
    assert letter.to == ["vadove@example.org"] and "/lt/accounts/password/reset/key/" in letter.body
    assert "Alytaus inovacijos" in letter.body
    # English for the operator, whatever language is active
    assert "Organisation Alytaus inovacijos (alytaus-inovacijos) created (Verified). Owner: vadove@example.org." in out
    assert "An invitation to set a password was e-mailed" in out


def test_an_existing_account_becomes_the_owner_without_an_invitation(django_capture_on_commit_callbacks):
    person = UserFactory(email="owner@example.org")
    password = person.password
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        out = _create("--name", "Dzūkijos kodas", "--owner-email", "owner@example.org")
    organisation = Organisation.objects.get()
    assert organisation.verification == Organisation.Verification.UNVERIFIED  # without --verified
    person.refresh_from_db()
    assert person.password == password
    assert Membership.objects.get(organisation=organisation, user=person).role == Membership.Role.OWNER
    assert not Notice.objects.filter(key="accounts.invitation").exists()
    assert Notice.objects.filter(user=person, key=f"organisations.{organisation.pk}.first_owner").exists()
    assert "invitation" not in out


def test_the_same_name_twice_is_refused_and_creates_nothing_more():
    _create("--name", "Kodas", "--owner-email", "a@example.org")
    with pytest.raises(CommandError, match=r"^name: "):
        _create("--name", "kodas", "--owner-email", "b@example.org")
    assert Organisation.objects.count() == 1 and not User.objects.filter(email="b@example.org").exists()


def test_a_deactivated_owner_is_refused():
    UserFactory(email="closed@example.org", is_active=False)
    with pytest.raises(CommandError, match=r"^owner_email: "):
        _create("--name", "Kodas", "--owner-email", "closed@example.org")
    assert not Organisation.objects.exists()


def test_output_in_lithuanian_when_asked():
    out = _create("--name", "Kodas", "--owner-email", "a@example.org", "--language", "lt")
    assert "Organizacija Kodas (kodas) sukurta" in out
