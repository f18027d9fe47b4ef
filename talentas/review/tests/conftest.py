import pytest

from talentas.accounts.tests.factories import UserFactory
from talentas.organisations.tests.factories import OrganisationFactory

from .factories import in_review, rubric_for


@pytest.fixture
def reviewer(db):
    return UserFactory(full_name="Rita Reviewer", email="rita.reviewer@example.org")


@pytest.fixture
def call_with_rubric(db):
    from talentas.calls.tests.factories import CallFactory

    call = CallFactory()
    rubric_for(call)
    return call


@pytest.fixture
def application(call_with_rubric):
    return in_review(
        call=call_with_rubric,
        organisation=OrganisationFactory(name="Sėkla Labs", slug="sekla-labs"),
        project_title="Seed sensors",
    )
