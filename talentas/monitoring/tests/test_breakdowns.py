"""Breakdowns (gender, age group, kind of talent) of an indicator's approved values on its staff page."""

import re
from decimal import Decimal

from django.urls import reverse

from talentas.monitoring.models import ValueState
from talentas.monitoring.selectors import values as value_selectors

from .factories import IndicatorSettingsFactory, IndicatorValueFactory, approved, period

D = Decimal


def test_tables_per_dimension_with_what_is_not_broken_down(plan, indicators):
    indicator = indicators["O1.1"]
    IndicatorSettingsFactory(indicator=indicator, breakdowns=["gender", "age_group"])
    IndicatorValueFactory(
        indicator=indicator, period=period("2026-Q1"), value=D(10), breakdown={"gender": {"women": "6", "men": "3"}}
    )
    approved(indicator, "2025-Q4", 4)
    IndicatorValueFactory(  # not approved: not shown
        indicator=indicator,
        period=period("2026-Q2"),
        value=D(9),
        state=ValueState.SUBMITTED,
        breakdown={"gender": {"women": "9"}},
    )
    gender, age = value_selectors.breakdown_tables(indicator=indicator, dimensions=["gender", "age_group"])
    assert gender.label == "Gender" and gender.categories == ["Women", "Men", "Other or not stated"]
    assert [(row.period, row.value, row.cells, row.not_broken_down) for row in gender.rows] == [
        ("Q4 2025", D(4), [None, None, None], D(4)),
        ("Q1 2026", D(10), [D(6), D(3), None], D(1)),
    ]
    assert gender.totals == [D(6), D(3), D(0)] and gender.total_value == D(14) and gender.total_not_broken_down == D(5)
    assert age.label == "Age group" and all(row.not_broken_down == row.value for row in age.rows)


def test_the_indicator_page_shows_the_breakdown_table(client, plan, indicators, me_officer):
    indicator = indicators["O1.1"]
    IndicatorSettingsFactory(indicator=indicator, breakdowns=["talent_kind"])
    IndicatorValueFactory(
        indicator=indicator, period=period("2026-Q1"), value=D(5), breakdown={"talent_kind": {"returnee": "2"}}
    )
    client.force_login(me_officer)
    page = client.get(reverse("monitoring:indicator", kwargs={"pk": indicator.pk})).content.decode()
    assert "Breakdowns of the approved values" in page and "<caption>Kind of talent</caption>" in page
    assert re.search(r'<th scope="col" class="num"[^>]*>Returnee</th>', page)  # the data table adds its ARIA role


def test_no_breakdown_section_without_breakdowns(client, plan, indicators, me_officer):
    approved(indicators["O1.1"], "2026-Q1", 3)
    client.force_login(me_officer)
    page = client.get(reverse("monitoring:indicator", kwargs={"pk": indicators["O1.1"].pk})).content.decode()
    assert "Breakdowns of the approved values" not in page
