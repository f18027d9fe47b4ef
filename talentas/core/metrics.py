"""The metric registry: the one narrow path from every module to the monitoring of the plan.

Each domain app declares in its `metrics.py` the figures it can report, for example
"events held of a given type in a period" or "registered talent profiles". An indicator of the
plan names a metric in the plan file (`metric: events.held.networking`), and monitoring asks the
registry for that metric's value over a period. Values are computed from the modules' own data,
so the dashboard never disagrees with them.

A metric key is `module.metric` in lower case; anything after a registered key is a qualifier
handed to the metric (`events.held.networking` -> metric `events.held`, qualifier `networking`).
Apps register their metrics in `AppConfig.ready()` by importing their `metrics` module.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.functional import Promise

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")

# compute(start, end, qualifier) -> value over [start, end); qualifier is "" when none was given.
MetricFunction = Callable[[date, date, str], Decimal | int]


@dataclass(frozen=True)
class Metric:
    key: str
    label: str | Promise
    unit: str | Promise
    compute: MetricFunction
    # The qualifiers it understands: empty means none; None means any (the metric checks them itself,
    # e.g. plan action codes, which are data rather than a fixed list).
    qualifiers: tuple[str, ...] | None = ()
    cumulative: bool = False  # True for stock figures ("registered persons") rather than flows per period
    description: str | Promise = ""


_registry: dict[str, Metric] = {}


class UnknownMetric(LookupError):
    pass


def register_metric(
    key: str,
    *,
    label: str | Promise,
    unit: str | Promise,
    qualifiers: tuple[str, ...] | None = (),
    cumulative: bool = False,
    description: str | Promise = "",
) -> Callable[[MetricFunction], MetricFunction]:
    """Decorator: declare `key` as a metric computed by the decorated function."""
    if not KEY_PATTERN.match(key):
        raise ValueError(f"Metric key {key!r} must look like 'module.metric'.")

    def decorator(function: MetricFunction) -> MetricFunction:
        existing = _registry.get(key)
        if existing is not None and existing.compute is not function:
            raise ValueError(f"Metric {key!r} is registered twice.")
        _registry[key] = Metric(key, label, unit, function, qualifiers, cumulative, description)
        return function

    return decorator


def resolve_metric(full_key: str) -> tuple[Metric, str]:
    """The registered metric a plan's metric key names, and its qualifier ("" if none).

    Raises UnknownMetric when no registered metric is a prefix of the key, or when the
    qualifier is not one the metric understands.
    """
    parts = full_key.split(".")
    for length in range(len(parts), 1, -1):
        metric = _registry.get(".".join(parts[:length]))
        if metric is None:
            continue
        qualifier = ".".join(parts[length:])
        if qualifier and metric.qualifiers is not None and qualifier not in metric.qualifiers:
            raise UnknownMetric(f"Metric {metric.key!r} has no qualifier {qualifier!r}.")
        return metric, qualifier
    raise UnknownMetric(f"No module reports the metric {full_key!r}.")


def metric_value(full_key: str, *, start: date, end: date) -> Decimal:
    """The metric's value over the half-open period [start, end), as a Decimal."""
    metric, qualifier = resolve_metric(full_key)
    return Decimal(metric.compute(start, end, qualifier))


def registered_metrics() -> list[Metric]:
    return sorted(_registry.values(), key=lambda metric: metric.key)


# Dashboards cache computed figures under the current data version; every module's service that
# changes data a metric reads calls mark_data_changed(), so a change shows on the next request.
_DATA_VERSION_KEY = "metrics:data-version"


def data_version() -> int:
    from django.core.cache import cache

    return int(cache.get_or_set(_DATA_VERSION_KEY, 1, timeout=None) or 1)


def mark_data_changed() -> None:
    from django.core.cache import cache

    try:
        cache.incr(_DATA_VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new value invalidates what was cached
        cache.set(_DATA_VERSION_KEY, data_version() + 1, timeout=None)
