from datetime import date
from decimal import Decimal

import pytest
import yaml
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from talentas.core import metrics


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(metrics, "_registry", {})

    @metrics.register_metric(
        "demo.things", label="Things", unit="things", sources=[ContentType], qualifiers=("red", "blue")
    )
    def things(start, end, qualifier):
        return {"": 3, "red": 1, "blue": 2}[qualifier] * (end.year - start.year)

    return metrics


def test_a_qualified_key_reaches_its_metric(registry):
    assert registry.metric_value("demo.things.red", start=date(2025, 1, 1), end=date(2026, 1, 1)) == Decimal(1)
    assert registry.metric_value("demo.things", start=date(2025, 1, 1), end=date(2027, 1, 1)) == Decimal(6)


def test_unknown_metric_and_unknown_qualifier_are_refused(registry):
    with pytest.raises(registry.UnknownMetric, match="No module reports"):
        registry.resolve_metric("nothing.here")
    with pytest.raises(registry.UnknownMetric, match="no qualifier 'green'"):
        registry.resolve_metric("demo.things.green")


def test_keys_must_be_module_dot_metric(registry):
    with pytest.raises(ValueError, match="must look like"):
        registry.register_metric("Bad Key", label="x", unit="x", sources=[ContentType])


def test_a_metric_must_name_the_models_it_is_computed_from(registry):
    with pytest.raises(ValueError, match="sources"):
        registry.register_metric("demo.orphan", label="x", unit="x", sources=[])


def test_data_version_moves_on_every_change(db):
    before = metrics.data_version()
    metrics.mark_data_changed()
    assert metrics.data_version() == before + 1


def test_a_source_write_moves_the_data_version_once_per_transaction_after_it_commits(
    db, django_capture_on_commit_callbacks
):
    from talentas.events.tests.factories import EventFactory

    event = EventFactory()
    before = metrics.data_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for capacity in (30, 40):  # two writes, one transaction: one bump
            event.capacity = capacity
            event.save()
        assert metrics.data_version() == before  # not before the commit
    assert len(callbacks) == 1
    assert metrics.data_version() == before + 1


def test_a_rolled_back_write_leaves_the_data_version_alone(db, django_capture_on_commit_callbacks):
    from talentas.events.tests.factories import EventFactory

    before = metrics.data_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        try:
            with transaction.atomic():
                EventFactory()
                raise RuntimeError("changed my mind")
        except RuntimeError:
            pass
    assert callbacks == []
    assert metrics.data_version() == before


def _plan_metric_keys() -> dict[str, list[str]]:
    """Each plan file's metric keys (indicators and the plan's own results), with the indicators naming them."""
    used: dict[str, list[str]] = {}

    def walk(node, owner=""):
        if isinstance(node, dict):
            if isinstance(node.get("metric"), str):
                used.setdefault(node["metric"], []).append(str(node.get("code", owner)))
            for value in node.values():
                walk(value, str(node.get("code", owner)))
        elif isinstance(node, list):
            for value in node:
                walk(value, owner)

    for path in (settings.BASE_DIR / "plans").glob("*.yaml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return used


def test_every_metric_feeds_an_indicator_of_the_plan_or_says_why_not():
    indicators_using: dict[str, list[str]] = {metric.key: [] for metric in metrics.registered_metrics()}
    for key, indicators in _plan_metric_keys().items():
        try:
            metric, _qualifier = metrics.resolve_metric(key)
        except metrics.UnknownMetric:
            continue  # a module still to come (calls, ...): the plan loader reports those
        indicators_using[metric.key].extend(indicators)
    unused = [metric.key for metric in metrics.registered_metrics() if not indicators_using[metric.key]]
    without_reason = [key for key in unused if not metrics.resolve_metric(key)[0].unused_reason]
    assert without_reason == [], f"metrics no indicator uses, without unused_reason: {without_reason}"
    assert indicators_using["events.steam_hours"] == ["O1.5"]
    assert sorted(indicators_using["events.held_under"]) == ["O1.4"]
    used_with_a_reason = [
        key for key in indicators_using if indicators_using[key] and metrics.resolve_metric(key)[0].unused_reason
    ]
    assert used_with_a_reason == []  # a stale reason would hide a metric that lost its indicator
