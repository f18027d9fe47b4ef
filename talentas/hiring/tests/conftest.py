"""The talent app's fixtures (a verified organisation, its employer, an opportunity, a talent) and applicants."""

import pytest

from talentas.accounts.tests.factories import UserFactory
from talentas.hiring import services
from talentas.hiring.models import Question
from talentas.talent.tests.conftest import (  # noqa: F401  (fixtures)
    colleague,
    employer,
    make_opportunity,
    make_profile,
    media_in_tmp,
    opportunity,
    organisation,
    other_employer,
    talent,
    vocabulary,
)

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
