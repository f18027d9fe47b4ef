"""The demo loads on the full shipped ESCO, twice without duplicates, and makes sensible matches."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from talentas.talent import selectors
from talentas.talent.models import Opportunity, Skill, TalentProfile


@pytest.mark.django_db
def test_full_esco_and_demo(settings):
    call_command("load_demo", stdout=StringIO())
    out = StringIO()
    call_command("import_esco", stdout=out, stderr=StringIO())
    assert Skill.objects.exclude(skill_type="group").count() == 13896
    python = selectors.resolve_skill("python")
    assert python.label_en == "Python (computer programming)" and python.label_lt == "Python (programavimas)"
    assert Skill.objects.exclude(label_lt="").count() >= 80
    call_command("load_demo_talent", stdout=StringIO())
    call_command("load_demo_talent", stdout=StringIO())
    assert TalentProfile.objects.count() == 14
    assert TalentProfile.objects.filter(kind="return-migrant").count() >= 2
    assert TalentProfile.objects.filter(kind="expatriate").count() >= 2
    assert Opportunity.objects.count() == 12
    with translation.override("en"):
        tomas = TalentProfile.objects.get(user__email="tomas.return@talentas.example")
        best = selectors.matches_for_profile(tomas)[0]
        assert best.opportunity.title == "Welder (MIG/MAG, arc)" and best.score >= 80
