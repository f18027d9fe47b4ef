from datetime import date
from decimal import Decimal

import pytest

from talentas.core import metrics


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(metrics, "_registry", {})

    @metrics.register_metric("demo.things", label="Things", unit="things", qualifiers=("red", "blue"))
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
        registry.register_metric("Bad Key", label="x", unit="x")


def test_data_version_moves_on_every_change(db):
    before = metrics.data_version()
    metrics.mark_data_changed()
    assert metrics.data_version() == before + 1
