"""The status tag of each action and indicator on the plan's public pages.

`plans` may not import `monitoring`; the statuses come through the hook in talentas/plans/status.py, which
monitoring fills in its AppConfig.ready(). These tests check both the real provider and the hook's contract."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from talentas.monitoring.plan_status import statuses_of_plan
from talentas.monitoring.status import Status
from talentas.plans import status as plan_status
from talentas.plans.status import PlanStatuses, ShownStatus, plan_statuses

pytestmark = pytest.mark.django_db


def url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def provider():
    """Swap the registered provider for the test, and put monitoring's back afterwards."""
    registered = plan_status.status_provider()
    yield plan_status.register_status_provider
    plan_status.register_status_provider(registered)


def action_cards(html: str) -> list[str]:
    return re.findall(r'<li class="card action-card">(.*?)</li>', html, re.S)


def test_monitoring_registers_its_provider():
    assert plan_status.status_provider() is statuses_of_plan


def test_every_action_card_on_the_plan_page_shows_its_status_in_words_and_shape(client, alytus):
    html = client.get(url("plans:detail", "en", slug="alytus-iap")).content.decode()
    cards = action_cards(html)
    assert len(cards) == alytus.actions.count() == 13
    words = {str(label) for _value, label in Status.choices}
    for card in cards:
        tag = re.search(
            r'<strong class="tag tag-tone-(\w+) tag-status-(\w+)">.*?<svg.*?</svg>.*?>([^<]+)</span>', card, re.S
        )
        assert tag, card
        assert tag.group(3) in words  # the word, never colour alone
    # the indicator tables have a status column, each row with its tag
    table = html[html.index('class="indicator-table') :]
    assert re.search(r'<th scope="col"[^>]*>Status</th>', table[: table.index("</thead>")])
    # and the timeline's table says each action's status too, beside its planned months
    timeline = html[html.index('<details class="timeline-table">') :]
    timeline = timeline[: timeline.index("</details>")]
    assert timeline.count("tag-status-") == 13


def test_the_statuses_are_the_dashboards(client, alytus):
    shown = plan_statuses(alytus)
    assert set(shown.actions) == set(alytus.actions.values_list("pk", flat=True))
    html = client.get(url("monitoring:plan_dashboard", "en", slug="alytus-iap")).content.decode()
    first = alytus.actions.order_by("objective__order", "order", "pk").first()
    assert shown.of_action(first).label in html


def test_a_provider_decides_what_the_pages_show_in_both_languages(client, alytus, provider):
    action = alytus.actions.get(code="1.1")
    indicator = action.indicators.first()

    def behind(plan, as_of):
        assert plan.slug == "alytus-iap" and isinstance(as_of, datetime.date)
        return PlanStatuses(
            as_of=as_of,
            actions={action.pk: ShownStatus("behind", str(Status.BEHIND.label))},
            indicators={indicator.pk: ShownStatus("achieved", str(Status.ACHIEVED.label))},
        )

    provider(behind)
    overview = client.get(url("plans:detail", "en", slug="alytus-iap")).content.decode()
    assert sum("tag-status-behind" in card for card in action_cards(overview)) == 1
    page = client.get(url("plans:action", "en", slug="alytus-iap", code="1.1")).content.decode()
    start = page.index("<h1")
    head = page[start : page.index("</header>", start)]
    assert "tag-status-behind" in head and ">Behind</span>" in head
    assert "tag-status-achieved" in page[page.index('class="indicator-table') :]
    with translation.override("lt"):
        lithuanian = client.get(url("plans:action", "lt", slug="alytus-iap", code="1.1")).content.decode()
    assert "tag-status-behind" in lithuanian


def test_without_a_provider_the_pages_show_no_status_and_no_empty_column(client, alytus, provider):
    provider(None)
    assert not plan_statuses(alytus)
    overview = client.get(url("plans:detail", "en", slug="alytus-iap")).content.decode()
    assert "tag-status-" not in overview
    page = client.get(url("plans:action", "en", slug="alytus-iap", code="1.1")).content.decode()
    assert "tag-status-" not in page and not re.search(r'<th scope="col"[^>]*>Status</th>', page)
