"""Staff set an indicator's baseline between plan revisions, validated as the plan file is."""

from decimal import Decimal

import pytest

from talentas.core.errors import DomainError
from talentas.plans import services

from .factories import IndicatorFactory

pytestmark = pytest.mark.django_db


def test_a_baseline_is_recorded_once_and_reports_whether_it_changed():
    indicator = IndicatorFactory(baseline_value=None, baseline_year=None)
    assert services.set_indicator_baseline(indicator=indicator, value=Decimal(12), year=2024) is True
    indicator.refresh_from_db()
    assert (indicator.baseline_value, indicator.baseline_year) == (Decimal(12), 2024)
    assert services.set_indicator_baseline(indicator=indicator, value=Decimal(12), year=2024) is False


@pytest.mark.parametrize(
    ("value", "year", "field"),
    [(None, 2024, "baseline_value"), (Decimal(1), 1980, "baseline_year"), (Decimal(1), 2099, "baseline_year")],
)
def test_a_bad_baseline_names_the_field_and_changes_nothing(value, year, field):
    indicator = IndicatorFactory(baseline_value=Decimal(3), baseline_year=2023)
    with pytest.raises(DomainError) as raised:
        services.set_indicator_baseline(indicator=indicator, value=value, year=year)
    assert raised.value.field == field
    indicator.refresh_from_db()
    assert (indicator.baseline_value, indicator.baseline_year) == (Decimal(3), 2023)
