from decimal import Decimal

import pytest
from django.utils import translation

from talentas.plans.templatetags.plan_tags import euros, euros_compact, percent_of, plan_number, plan_text


def test_plan_text_makes_paragraphs_lists_and_headings_and_escapes_the_rest():
    html = plan_text("First line\nsecond line\n\n### Heading\n\n- one\n- <b>two</b>\n\n<script>x</script>", 3)
    assert html == (
        "<p>First line<br>second line</p>"
        "<h3>Heading</h3>"
        "<ul><li>one</li><li>&lt;b&gt;two&lt;/b&gt;</li></ul>"
        "<p>&lt;script&gt;x&lt;/script&gt;</p>"
    )
    assert plan_text("### Sub\ntext", 4) == "<h4>Sub</h4><p>text</p>"
    assert plan_text("") == ""


@pytest.mark.parametrize(
    ("value", "english", "lithuanian"),
    [
        (Decimal("51340.00"), "51,340", "51\xa0340"),  # Lithuanian groups with a non-breaking space
        (Decimal("39.45"), "39.45", "39,45"),
        (Decimal("79.60"), "79.6", "79,6"),
        (Decimal("-410"), "-410", "-410"),
        (None, "", ""),
    ],
)
def test_plan_numbers_follow_the_language(value, english, lithuanian):
    with translation.override("en"):
        assert plan_number(value) == english
    with translation.override("lt"):
        assert plan_number(value) == lithuanian


def test_money():
    with translation.override("en"):
        assert euros(Decimal(220000)) == "€220,000"
        assert euros(Decimal("150000.5")) == "€150,000.50"
        assert euros_compact(Decimal(7900000)) == "€7.9 million"
        assert euros_compact(Decimal(287000)) == "€287,000"
    assert percent_of(Decimal(220000), Decimal(7900000)) == pytest.approx(Decimal("2.7848"), abs=Decimal("0.001"))
    assert percent_of(Decimal(1), Decimal(0)) is None
