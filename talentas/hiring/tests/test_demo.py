"""The demo's applications load with the talent demo, at their stages, in Lithuanian and English, once."""

from io import StringIO

import pytest
from django.core.management import call_command

from talentas.hiring.models import Application, Question

pytestmark = pytest.mark.django_db


def test_demo_applications_load_once_with_the_talent_demo():
    call_command("load_demo", stdout=StringIO())
    call_command("import_esco", stdout=StringIO(), stderr=StringIO())
    out = StringIO()
    call_command("load_demo_talent", stdout=out)
    assert "Job applications added: 6." in out.getvalue()
    call_command("load_demo_talent", stdout=StringIO())
    assert Application.objects.count() == 6
    assert Question.objects.count() == 4
    tomas = Application.objects.get(profile__user__email="tomas.return@talentas.example")
    assert tomas.status == Application.Status.HIRED and tomas.hired_at is not None
    assert tomas.answers[1]["answer"] == "Po mėnesio" and tomas.notes.count() == 1
    assert Application.objects.filter(interest_only=True).count() == 1
    assert set(Application.objects.values_list("status", flat=True)) >= {"interview", "not-selected", "new"}
