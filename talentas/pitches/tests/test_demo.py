"""manage.py load_demo_pitches: this year's competition scored by a jury, voted on, its prizes paid within the call's
budget and its results published; counted by action 2.2's indicator; nothing doubled on a second run."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from talentas.calls.models import Award, Call
from talentas.core.metrics import metric_value
from talentas.pitches import selectors
from talentas.pitches.models import AudienceVote, JuryScore, PitchEvent

PLAN_FILE = Path(__file__).resolve().parents[3] / "plans" / "alytus-iap.yaml"


@pytest.fixture
def calls_demo(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_plan", str(PLAN_FILE), stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo_calls", stdout=io.StringIO())
    call_command("load_demo_review", stdout=io.StringIO())  # as prepare_demo runs them


def test_the_demo_competition_is_scored_paid_and_published(calls_demo, client):
    out = io.StringIO()
    call_command("load_demo_pitches", stdout=out)
    assert out.getvalue().startswith("Pitch demo loaded: 1 competition, 5 finalists")
    pitch_event = PitchEvent.objects.get()
    assert pitch_event.is_published and pitch_event.prizes_paid_at is not None
    assert JuryScore.objects.count() == 5 * 3 * 3
    assert AudienceVote.objects.count() == 12
    ranked = selectors.ranking(pitch_event)
    assert ranked[0].finalist.name == "Šiltnamių jutikliai" and ranked[0].jury_score is not None
    call = Call.objects.get(pk=pitch_event.call_id)
    awards = Award.objects.filter(application__call=call)
    assert sum(a.amount_eur for a in awards) == call.committed_eur == Decimal("6000") <= call.budget_eur
    year = timezone.localdate().year
    this_year = {"start": datetime.date(year, 1, 1), "end": datetime.date(year + 1, 1, 1)}
    assert metric_value("calls.participants.pitch_competition", **this_year) == 5
    assert metric_value("calls.awarded_eur.pitch_competition", **this_year) == Decimal("6000")
    page = client.get(f"/en/pitches/{pitch_event.pk}/")
    assert page.status_code == 200 and "First place" in page.content.decode()
    assert client.get(f"/lt/pitches/{pitch_event.pk}/").status_code == 200

    call_command("load_demo_pitches", stdout=io.StringIO())
    assert PitchEvent.objects.count() == 1
