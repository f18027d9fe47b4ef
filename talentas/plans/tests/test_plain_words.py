"""Issue 12, part 6: no metric key reaches a person; the plan's automatic indicators say in words what counts them."""

import re

import pytest
from django.utils import translation

from talentas.core.metrics import metric_in_words
from talentas.plans.models import Indicator

METRIC_KEY = re.compile(r"\b(events|talent|calls|ecosystem|hiring)\.[a-z_]+(\.[a-z0-9_]+)?\b")


def test_metric_keys_read_as_words_in_both_languages(db):
    with translation.override("en"):
        assert metric_in_words("events.held_under.action_1_4") == (
            "Counted from the platform: Events held under a plan action: action 1.4"
        )
        assert metric_in_words("events.held.financing_workshop").startswith("Counted from the platform: Events held: ")
        assert metric_in_words("talent.registered_persons.return_migrant").endswith(": Return migrant")
        assert "not running yet" in metric_in_words("nothing.reports_this_yet")
    with translation.override("lt"):
        words = metric_in_words("events.held_under.action_1_4")
        assert "1.4" in words and "Counted" not in words and "events." not in words


@pytest.mark.parametrize("language", ["lt", "en"])
def test_the_action_pages_name_no_metric_key(client, alytus, language):
    automatic = Indicator.objects.exclude(metric="").select_related("action")
    assert automatic.exists()
    for indicator in automatic:
        if indicator.action is None:
            continue
        page = client.get(f"/{language}/plans/{alytus.slug}/actions/{indicator.action.code}/").content.decode()
        assert not METRIC_KEY.search(page.split("<main", 1)[-1]), indicator.metric
