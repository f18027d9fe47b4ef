"""The talent app's fixtures (a verified organisation, its employer, an opportunity, a talent) and applicants."""

import pytest

from talentas.accounts.tests.factories import UserFactory
from talentas.hiring import services
from talentas.hiring.models import Question
from talentas.talent.tests import conftest as talent_fixtures

# The talent app's fixtures, shared rather than copied.
colleague = talent_fixtures.colleague
employer = talent_fixtures.employer
media_in_tmp = talent_fixtures.media_in_tmp
opportunity = talent_fixtures.opportunity
organisation = talent_fixtures.organisation
other_employer = talent_fixtures.other_employer
talent = talent_fixtures.talent
vocabulary = talent_fixtures.vocabulary
make_opportunity = talent_fixtures.make_opportunity
make_profile = talent_fixtures.make_profile

PDF = b"%PDF-1.4\n" + b"0" * 200 + b"\n%%EOF\n"


@pytest.fixture
def lithuanian_talent(vocabulary):
    user = UserFactory(preferred_language="lt", full_name="Rūta Jonaitienė")
    return make_profile(user, skills=[(vocabulary["python"], 2)])


@pytest.fixture
def questions(opportunity, employer):
    return services.save_questions(
        user=employer,
        opportunity=opportunity,
        questions=[
            services.QuestionInput(text="Why Alytus?", required=True),
            services.QuestionInput(text="Do you hold a driving licence?", kind=Question.Kind.YES_NO),
            services.QuestionInput(
                text="When could you start?", kind=Question.Kind.CHOICE, choices=("At once", "In a month")
            ),
        ],
    )


def apply_for(opportunity, profile, **fields):
    return services.apply(user=profile.user, opportunity=opportunity, consent=True, **fields)


@pytest.fixture
def application(opportunity, talent):
    return apply_for(opportunity, talent, message="I build Django sites.")
