from pathlib import Path

import pytest
from django.core.cache import cache

from talentas.plans.models import Plan
from talentas.plans.services import load_plan

REPOSITORY = Path(__file__).resolve().parents[3]
ALYTUS_FILE = REPOSITORY / "plans" / "alytus-iap.yaml"
SECOND_CITY_FILE = Path(__file__).parent / "data" / "second-city.yaml"


@pytest.fixture(autouse=True)
def fresh_cache():
    """Plan pages are cached under the data version, which lives in the cache too: every test starts afresh."""
    cache.clear()


@pytest.fixture
def alytus_text() -> str:
    return ALYTUS_FILE.read_text(encoding="utf-8")


@pytest.fixture
def second_city_text() -> str:
    return SECOND_CITY_FILE.read_text(encoding="utf-8")


@pytest.fixture
def alytus(db, alytus_text) -> Plan:
    """The shipped Alytus plan, loaded from plans/alytus-iap.yaml."""
    load_plan(text=alytus_text)
    return Plan.objects.get(slug="alytus-iap")
