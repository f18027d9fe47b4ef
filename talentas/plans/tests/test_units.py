"""A unit beside a number takes the form the number asks for, in each language."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from talentas.plans.units import unit_for, unit_name

HUBS = "centras|centrai|centro|centrų"
STARTUPS = "startup|startups"


@pytest.mark.parametrize(
    ("number", "form"),
    [
        (1, "centras"),
        (21, "centras"),
        (2, "centrai"),
        (9, "centrai"),
        (10, "centrų"),
        (12, "centrų"),
        (11, "centrų"),
        (0, "centrų"),
        (Decimal("1.5"), "centro"),
        (Decimal("3.00"), "centrai"),
    ],
)
def test_lithuanian_forms(number, form):
    with translation.override("lt"):
        assert unit_for(HUBS, number) == form


def test_english_forms_and_plain_units():
    with translation.override("en"):
        assert (unit_for(STARTUPS, 1), unit_for(STARTUPS, 12), unit_for(STARTUPS, 2.5)) == (
            "startup",
            "startups",
            "startups",
        )
        assert unit_for("EUR", 1) == "EUR" and unit_for("", 3) == ""
        assert unit_name(STARTUPS) == "startups"
    with translation.override("lt"):
        assert unit_name(HUBS) == "centrai"


def test_the_filter_in_a_template():
    template = Template("{% load plan_tags %}{{ 12|plan_number }} {{ unit|unit_for:12 }}")
    with translation.override("lt"):
        assert template.render(Context({"unit": "startuolis|startuoliai|startuolio|startuolių"})) == "12 startuolių"
