"""One export and one erasure of a person's data, with every module's part; no model with personal data left out."""

import json

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from talentas.accounts import services as account_services
from talentas.accounts.models import ApiToken, RoleAssignment, User
from talentas.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from talentas.core import personal_data
from talentas.events.models import Registration
from talentas.events.tests.factories import EventFactory, FeedbackFactory, RegistrationFactory
from talentas.organisations.models import OrganisationClaim
from talentas.organisations.tests.factories import ClaimFactory, MembershipFactory

# Models that hold personal data without pointing at the user model; none today.
MARKED_PERSONAL: set[str] = set()


def _models_pointing_at_the_user() -> set[str]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return {
        model._meta.label
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if getattr(field, "concrete", False) and field.is_relation and field.related_model is user_model
    }


def test_every_model_with_personal_data_is_covered_by_a_registered_part():
    needed = _models_pointing_at_the_user() | MARKED_PERSONAL | {settings.AUTH_USER_MODEL}
    missing = needed - personal_data.covered_models()
    assert not missing, f"no personal-data part exports and erases {sorted(missing)}"


def test_every_part_names_only_real_models():
    for label in personal_data.covered_models():
        assert apps.get_model(label) is not None


@pytest.fixture
def person(db):
    user = UserFactory(email="asta@example.org", full_name="Asta Jonaitė")
    RoleAssignmentFactory(user=user)
    account_services.create_api_token(user=user, name="Dashboard export")
    MembershipFactory(user=user)
    ClaimFactory(user=user, message="I run this company.")
    FeedbackFactory(registration__user=user, registration__answers={"Diet": "vegetarian"}, comment="Very useful")
    return user


def test_the_export_holds_every_module_part(client, person):
    client.force_login(person)
    response = client.get(reverse("accounts:export_data"))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert set(data) == {part.name for part in personal_data.registered_parts()}
    assert data["account"]["email"] == "asta@example.org"
    assert data["account"]["roles"] and data["account"]["api_tokens"][0]["name"] == "Dashboard export"
    assert "secret_hash" not in json.dumps(data)
    assert (
        data["organisations"]["memberships"] and data["organisations"]["claims"][0]["message"] == "I run this company."
    )
    registration = data["events"]["registrations"][0]
    assert registration["answers"] == {"Diet": "vegetarian"} and registration["feedback"]["comment"] == "Very useful"


def test_the_account_page_offers_the_download_and_the_erasure(client, person):
    client.force_login(person)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("accounts:export_data") in page and reverse("accounts:erase") in page


def test_erasure_removes_the_person_from_every_module(client, person, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event, user=person)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    client.force_login(person)
    assert client.post(reverse("accounts:erase"), {"confirm": "nope"}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("accounts:erase"), {"confirm": "DELETE"}).status_code == 302
    assert not User.objects.filter(pk=person.pk).exists()
    assert not Registration.objects.filter(user_id=person.pk).exists()
    assert not OrganisationClaim.objects.filter(user_id=person.pk).exists()
    assert not ApiToken.objects.filter(user_id=person.pk).exists()
    assert not RoleAssignment.objects.filter(user_id=person.pk).exists()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED  # the freed seat went to the waitlist


def test_erasure_is_refused_to_anonymous_people(client):
    response = client.post(reverse("accounts:erase"), {"confirm": "DELETE"})
    assert response.status_code == 302 and "/login/" in response.url
