import datetime

import pytest
import time_machine

from talentas.accounts.models import Role
from talentas.core.choices import ResponsibleEntity

from .factories import owner_of, person, small_plan

TODAY = datetime.date(2026, 5, 20)  # Q2 2026: 2026-Q1 has ended; its values were due on 30 April


@pytest.fixture
def today():
    with time_machine.travel(datetime.datetime(2026, 5, 20, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield TODAY


@pytest.fixture
def plan(db):
    return small_plan()


@pytest.fixture
def indicators(plan):
    return {indicator.code: indicator for indicator in plan.indicators.all()}


@pytest.fixture
def owner(db):
    """Indicator owner of the Business Support Department (O1.1, A1.1, N1.2, R1)."""
    return owner_of(ResponsibleEntity.BUSINESS_SUPPORT)


@pytest.fixture
def education_owner(db):
    return owner_of(ResponsibleEntity.EDUCATION)


@pytest.fixture
def finance_owner(db):
    return owner_of(ResponsibleEntity.FINANCE_AND_INVESTMENT)


@pytest.fixture
def steering(db):
    return person(Role.STEERING_COMMITTEE)
