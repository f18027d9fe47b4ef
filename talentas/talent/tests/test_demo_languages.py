"""The talent demo speaks both languages: every demo opportunity has a Lithuanian and an English title and
description, the Lithuanian pages and search show the Lithuanian ones, and a rerun brings the old English-only
demo texts up to date without touching what an employer edited."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from talentas.talent import demo, services
from talentas.talent.models import Opportunity

from .factories import SkillFactory


@pytest.fixture
def demo_loaded(db):
    """The organisations demo and just the ESCO skills the talent demo names (the full import is test_demo's)."""
    call_command("load_demo", stdout=StringIO())
    labels = {label for talent in demo.TALENTS for label in talent.skills}
    labels |= {label for entry in demo.OPPORTUNITIES for label in (*entry.required, *entry.optional)}
    for label in sorted(labels):
        SkillFactory(label_en=label, label_lt=f"{label} (lt)")
    demo.load_demo_talent(password="demo-password-1")


def _demo_opportunities() -> dict[str, Opportunity]:
    return {o.title_en: o for o in Opportunity.objects.filter(title_en__in=[e.title for e in demo.OPPORTUNITIES])}


def test_every_demo_entry_is_written_in_both_languages():
    for entry in demo.OPPORTUNITIES:
        assert entry.title_lt.strip() and entry.description_lt.strip(), entry.title
        assert entry.title_lt != entry.title and entry.description_lt != entry.description, entry.title


def test_every_demo_opportunity_has_both_languages(demo_loaded):
    opportunities = _demo_opportunities()
    assert len(opportunities) == len(demo.OPPORTUNITIES) == Opportunity.objects.count()
    for entry in demo.OPPORTUNITIES:
        opportunity = opportunities[entry.title]
        assert (opportunity.title_lt, opportunity.description_lt) == (entry.title_lt, entry.description_lt)
        assert (opportunity.title_en, opportunity.description_en) == (entry.title, entry.description)
        with translation.override("lt"):
            assert opportunity.title == entry.title_lt
        with translation.override("en"):
            assert opportunity.title == entry.title


def test_lithuanian_pages_show_the_lithuanian_texts(demo_loaded, client):
    welder = _demo_opportunities()["Welder (MIG/MAG, arc)"]
    with translation.override("lt"):
        detail = client.get(reverse("talent:opportunity_detail", args=[welder.pk])).content.decode()
        board = client.get(reverse("talent:opportunity_list")).content.decode()
    assert "Suvirintojas (MIG/MAG, lankinis suvirinimas)" in detail and "Welder (MIG/MAG, arc)" not in detail
    assert "atestuotų suvirintojų" in detail and "Certified welders" not in detail
    assert "Elektriko pameistrystė" in board and "Electrician apprenticeship" not in board
    with translation.override("en"):
        detail = client.get(reverse("talent:opportunity_detail", args=[welder.pk])).content.decode()
    assert "Welder (MIG/MAG, arc)" in detail and "Suvirintojas (MIG/MAG" not in detail


@pytest.mark.parametrize("query", ["suvirintojas", "welder"])
def test_search_finds_the_demo_in_either_language(demo_loaded, client, query):
    with translation.override("lt"):
        response = client.get(reverse("talent:opportunity_list"), {"q": query})
        titles = [o.title for o in response.context["page"].object_list]
    assert "Suvirintojas (MIG/MAG, lankinis suvirinimas)" in titles


def test_rerun_updates_old_demo_texts_and_keeps_edits(demo_loaded):
    opportunities = _demo_opportunities()
    # As the demo left them before it spoke Lithuanian (migration 0010 copied the English into the lt columns).
    old = opportunities["Maintenance electrician"]
    Opportunity.objects.filter(pk=old.pk).update(
        title_lt=old.title_en, description_lt=old.description_en, title_en=None, description_en=None
    )
    services.refresh_opportunity_search_document(Opportunity.objects.get(pk=old.pk))
    # An employer rewrote this one's Lithuanian title and its English description.
    edited = opportunities["Junior web developer"]
    Opportunity.objects.filter(pk=edited.pk).update(
        title_lt="Programuotojas (-a) mūsų komandai", description_en="Our own words about the job."
    )
    demo.load_demo_talent(password="demo-password-1")
    assert Opportunity.objects.count() == len(demo.OPPORTUNITIES)
    old.refresh_from_db()
    assert (old.title_lt, old.title_en) == ("Techninės priežiūros elektrikas", "Maintenance electrician")
    assert old.description_lt.startswith("Įrengsite ir prižiūrėsite")
    assert " elektrik" in old.search_document
    edited.refresh_from_db()
    assert edited.title_lt == "Programuotojas (-a) mūsų komandai"
    assert edited.description_en == "Our own words about the job."
    assert edited.title_en == "Junior web developer" and edited.description_lt.startswith("Kurkite")
