"""`make run`'s preparation: one line per step, the demo accounts last, and a rerun that imports nothing again."""

from io import StringIO

import pytest
from django.core.management import call_command

from talentas.talent.models import Skill


@pytest.mark.django_db(transaction=True)
def test_prepare_demo_twice():
    first, errors = StringIO(), StringIO()
    call_command("prepare_demo", stdout=first, stderr=errors)
    lines = first.getvalue().splitlines()
    assert errors.getvalue() == ""
    assert any(line.startswith("ESCO loaded") for line in lines)
    assert not any("skipped " in line and ".csv:" in line for line in lines)  # no row-by-row lines
    assert lines[-1].startswith("mentor@talentas.example") and lines[-15].startswith("Ready in")
    skills = Skill.objects.count()

    again = StringIO()
    call_command("prepare_demo", stdout=again, stderr=StringIO())
    assert "ESCO is up to date" in again.getvalue() and "Database: up to date." in again.getvalue()
    assert (
        "0 talents and 0 opportunities added" in again.getvalue()
        and "Monitoring demo loaded: nothing new." in again.getvalue()
    )
    assert Skill.objects.count() == skills
    assert len(again.getvalue().splitlines()) == len(lines)
