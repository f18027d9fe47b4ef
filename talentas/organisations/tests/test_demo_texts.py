"""The demo a visitor believes: every organisation described in Lithuanian and in English, and the demo says it
is made up once, in the footer of every page, never in an organisation's own text."""

import re

import pytest
from django.core.management import call_command
from django.utils import translation

from talentas.organisations.demo import OLD_DESCRIPTIONS, ORGANISATIONS
from talentas.organisations.models import Organisation

pytestmark = pytest.mark.django_db
DISCLAIMER = {"en": "made up", "lt": "išgalvot"}
MADE_UP = re.compile(r"fictional|made up|išgalvot|sugalvot", re.IGNORECASE)


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", no_accounts=True, stdout=None)


def test_every_demo_organisation_is_described_in_both_languages_without_saying_it_is_made_up(demo):
    slugs = [entry.slug for entry in ORGANISATIONS]
    organisations = Organisation.objects.filter(slug__in=slugs)
    assert organisations.count() == len(slugs)
    for organisation in organisations:
        lithuanian, english = organisation.description_lt, organisation.description_en
        assert lithuanian and english and lithuanian != english, organisation.slug
        assert not MADE_UP.search(lithuanian) and not MADE_UP.search(english), organisation.slug
        with translation.override("lt"):
            assert organisation.description == lithuanian
        with translation.override("en"):
            assert organisation.description == english


def test_a_demo_loaded_with_the_old_english_only_texts_is_described_again_and_an_edit_stays(demo):
    # What the migration leaves of the earlier demo: its English-only text in both columns.
    old = f"{OLD_DESCRIPTIONS[1]} Warehousing and regional transport."
    Organisation.objects.filter(slug="vidzgiris-logistics").update(description_lt=old, description_en=old)
    Organisation.objects.filter(slug="alytus-putinai-gymnasium").update(description_lt=OLD_DESCRIPTIONS[2])
    Organisation.objects.filter(slug="greenhub-alytus").update(description_lt="Mūsų pačių aprašymas.")
    call_command("load_demo", no_accounts=True, stdout=None)
    logistics = Organisation.objects.get(slug="vidzgiris-logistics")
    assert (logistics.description_lt, logistics.description_en) == (
        "Sandėliavimas ir kroviniai vežimai regione.",
        "Warehousing and regional transport.",
    )
    assert Organisation.objects.get(slug="alytus-putinai-gymnasium").description_lt.startswith("Gimnazija")
    assert Organisation.objects.get(slug="greenhub-alytus").description_lt == "Mūsų pačių aprašymas."


@pytest.mark.parametrize("language", ["lt", "en"])
def test_the_demo_says_it_is_made_up_once_in_the_footer_only(demo, client, settings, language):
    settings.DEMO_MODE = True
    for path in (f"/{language}/", f"/{language}/organisations/", f"/{language}/organisations/kodas-dzukija/"):
        html = client.get(path).content.decode()
        assert html.count(DISCLAIMER[language]) == 1, path
        footer = html[html.index('<footer class="site-footer">') :]
        assert DISCLAIMER[language] in footer, path
        assert not MADE_UP.search(html[: html.index('<footer class="site-footer">')]), path
    settings.DEMO_MODE = False
    html = client.get(f"/{language}/organisations/kodas-dzukija/").content.decode()
    assert not MADE_UP.search(html)
