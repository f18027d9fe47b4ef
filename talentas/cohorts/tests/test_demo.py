"""manage.py load_demo_cohorts: an accelerator cohort from this year's approved intake with mentoring sessions and
milestones, the incubator's residents, and nothing doubled on a second run."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from talentas.calls.models import Application, ProgrammeKind
from talentas.cohorts.models import Cohort, CohortMember, MentoringSession

PLAN_FILE = Path(__file__).resolve().parents[3] / "plans" / "alytus-iap.yaml"


@pytest.fixture
def calls_demo(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_plan", str(PLAN_FILE), stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo_calls", stdout=io.StringIO())


def test_the_demo_cohorts_come_from_the_approved_intakes(calls_demo):
    out = io.StringIO()
    call_command("load_demo_cohorts", stdout=out)
    assert out.getvalue().startswith("Cohorts demo loaded: 2 cohorts")
    accelerator = Cohort.objects.get(programme__kind=ProgrammeKind.ACCELERATOR)
    approved = set(
        Application.objects.filter(
            call__programme=accelerator.programme, call__budget_year=accelerator.year, status="approved"
        ).values_list("organisation", flat=True)
    )
    assert approved and set(accelerator.members.values_list("organisation", flat=True)) == approved
    assert MentoringSession.objects.filter(member__cohort=accelerator).count() == 9
    assert accelerator.mentors.get().user.email == "mentor@talentas.example"
    assert CohortMember.objects.filter(cohort__programme__kind=ProgrammeKind.INCUBATOR).exists()
    counts = (Cohort.objects.count(), CohortMember.objects.count(), MentoringSession.objects.count())
    call_command("load_demo_cohorts", stdout=io.StringIO())
    assert (Cohort.objects.count(), CohortMember.objects.count(), MentoringSession.objects.count()) == counts
