"""The metric registry: the one narrow path from every module to the monitoring of the plan.

Each domain app declares in its `metrics.py` the figures it can report, for example
"events held of a given type in a period" or "registered talent profiles". An indicator of the
plan names a metric in the plan file (`metric: events.held.networking`), and monitoring asks the
registry for that metric's value over a period. Values are computed from the modules' own data,
so the dashboard never disagrees with them.

A metric key is `module.metric` in lower case; anything after a registered key is a qualifier
handed to the metric (`events.held.networking` -> metric `events.held`, qualifier `networking`).
Apps register their metrics in `AppConfig.ready()` by importing their `metrics` module.

Each metric names the models it is computed from (`sources=[Event, Registration]`). Dashboards and public
pages cache what they compute under the data version; the registry connects the sources' `post_save`,
`post_delete` and many-to-many signals to one bump of that version after the transaction commits (one per
transaction and nested atomic block, none for a rollback), so a module cannot forget to tell them. Writes
that bypass the signals (`QuerySet.update`, `bulk_create`) call `data_changed_after_commit()` themselves.
Models that feed cached pages without feeding a metric (the plan itself) use `register_data_sources`.

Every metric should feed an indicator of a plan; one that no plan uses says why in `unused_reason`.
"""

import hashlib
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.functional import Promise
from django.utils.translation import gettext

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
    sources: tuple[type[models.Model], ...] = ()
    unused_reason: str = ""  # why no plan indicator uses it (empty: an indicator should)
    # How each qualifier reads to a person (an event type's name, a kind of talent); see metric_in_words.
    qualifier_names: Mapping[str, str | Promise] = field(default_factory=dict)


_registry: dict[str, Metric] = {}


class UnknownMetric(LookupError):
    pass


def register_metric(
    key: str,
    *,
    label: str | Promise,
    unit: str | Promise,
    sources: Iterable[type[models.Model]],
    qualifiers: tuple[str, ...] | None = (),
    cumulative: bool = False,
    description: str | Promise = "",
    unused_reason: str = "",
    qualifier_names: Mapping[str, str | Promise] | None = None,
) -> Callable[[MetricFunction], MetricFunction]:
    """Decorator: declare `key` as a metric computed by the decorated function from the `sources` models.

    Changes to the sources move the data version after their transaction commits (see the module doc)."""
    if not KEY_PATTERN.match(key):
        raise ValueError(f"Metric key {key!r} must look like 'module.metric'.")
    sources = tuple(sources)
    if not sources:
        raise ValueError(f"Metric {key!r} must name the models it is computed from (sources=[...]).")
    register_data_sources(*sources)

    def decorator(function: MetricFunction) -> MetricFunction:
        existing = _registry.get(key)
        if existing is not None and existing.compute is not function:
            raise ValueError(f"Metric {key!r} is registered twice.")
        _registry[key] = Metric(
            key, label, unit, function, qualifiers, cumulative, description, sources, unused_reason,
            dict(qualifier_names or {}),
        )  # fmt: skip
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


def metric_in_words(full_key: str) -> str:
    """How a plan's metric key reads to a person, never the key itself: "Counted from the platform: events held
    under a plan action: action 1.4"."""
    try:
        resolve_metric(full_key)
    except UnknownMetric:
        return gettext("To be counted by a module of the platform that is not running yet")
    return gettext("Counted from the platform: %(metric)s") % {"metric": metric_label(full_key)}


def metric_label(full_key: str) -> str:
    """What a metric counts, in words, for a sentence of its own: "events held under a plan action: action 1.4";
    a key no running module serves reads as "a module of the platform that is not running yet"."""
    try:
        metric, qualifier = resolve_metric(full_key)
    except UnknownMetric:
        return gettext("a module of the platform that is not running yet")
    label = str(metric.label)
    if qualifier:
        label = gettext("%(metric)s: %(qualifier)s") % {
            "metric": label,
            "qualifier": _qualifier_in_words(metric, qualifier),
        }
    return label


def _qualifier_in_words(metric: Metric, qualifier: str) -> str:
    if qualifier in metric.qualifier_names:
        return str(metric.qualifier_names[qualifier])
    action = re.fullmatch(r"action_(\d+)_(\d+)", qualifier)  # plan action codes are data, not a fixed list
    if action:
        return gettext("action %(code)s") % {"code": f"{action[1]}.{action[2]}"}
    return qualifier.replace("_", " ")


def metric_value(full_key: str, *, start: date, end: date) -> Decimal:
    """The metric's value over the half-open period [start, end), as a Decimal."""
    metric, qualifier = resolve_metric(full_key)
    return Decimal(metric.compute(start, end, qualifier))


def registered_metrics() -> list[Metric]:
    return sorted(_registry.values(), key=lambda metric: metric.key)


# Dashboards and public pages cache what they compute under the current data version; a write to a source
# model moves it after the commit (below), so a change shows on the next request.
_DATA_VERSION_KEY = "metrics:data-version"
# Entries of old versions are never read again; they expire after a day instead of waiting for eviction.
CACHED_PAGE_SECONDS = 24 * 3600
T = TypeVar("T")


def _fresh_version() -> int:
    # Microseconds since the epoch: a counter made anew (an emptied or evicted cache) starts above any version
    # counted before, so no page cached under an old number is ever read again as current.
    return time.time_ns() // 1000


def data_version() -> int:
    from django.core.cache import cache

    from talentas.core import queue

    queue.send_deferred()  # a version this request moved is read moved
    return int(cache.get_or_set(_DATA_VERSION_KEY, _fresh_version, timeout=None) or 1)


def mark_data_changed() -> None:
    from django.core.cache import cache

    from talentas.core import queue

    if hasattr(cache, "incr_or_start"):  # Redis: a round trip on every write, which a rush of sign-ups pays
        if not queue.defer_counter(cache, _DATA_VERSION_KEY, _fresh_version()):  # in a request: with its tasks
            cache.incr_or_start(_DATA_VERSION_KEY, _fresh_version())
        return
    try:
        cache.incr(_DATA_VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new value invalidates what was cached
        cache.set(_DATA_VERSION_KEY, _fresh_version(), timeout=None)


def cached_while_data_unchanged(name: str, *parts: object, compute: Callable[[], T]) -> T:
    """`compute()`'s result, cached under the data version and the active language: any committed write to a
    source model (see register_data_sources) moves the version, so nothing stale is ever served.

    For what is the same for every visitor (a plan's page body, the plan API's JSON); never per-user content.
    """
    from django.core.cache import cache
    from django.utils import translation

    # The parts come from URLs (a slug a visitor typed): hashed, so no character or length can make a bad key.
    digest = hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()
    key = f"{name}:{data_version()}:{translation.get_language()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=CACHED_PAGE_SECONDS)
    return value


def _bump_after_commit() -> None:
    mark_data_changed()


def data_changed_after_commit(using: str = DEFAULT_DB_ALIAS) -> None:
    """Move the data version once the current transaction commits: once per atomic block however many rows
    changed, not at all if it rolls back; at once outside a transaction."""
    connection = connections[using]
    if not connection.in_atomic_block:
        mark_data_changed()
        return
    # Django keeps the callbacks of the open transaction in run_on_commit, each with the savepoints it was
    # registered under (dropped on rollback, and with a rolled-back savepoint). A bump already waiting from the
    # same atomic block is the one this change will make. Nested atomic blocks register their own (a cheap
    # cache increment): that also keeps tests honest, whose outer transaction never commits.
    here = set(connection.savepoint_ids)
    for pending in connection.run_on_commit:  # (savepoint ids, callback, robust)
        if pending[1] is _bump_after_commit and pending[0] == here:
            return
    transaction.on_commit(_bump_after_commit, using=using)


def _source_changed(sender: Any, *, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    if kwargs.get("action", "post_").startswith("post_"):  # m2m_changed fires pre_ and post_ for each change
        data_changed_after_commit(using)


def register_data_sources(*sources: type[models.Model]) -> None:
    """Connect the models' writes (save, delete, many-to-many changes) to the data version. Idempotent."""
    for model in sources:
        uid = f"talentas.metrics.{model._meta.label_lower}"
        post_save.connect(_source_changed, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(_source_changed, sender=model, dispatch_uid=uid, weak=False)
        for relation in model._meta.local_many_to_many:
            m2m_changed.connect(
                _source_changed, sender=relation.remote_field.through, dispatch_uid=f"{uid}.{relation.name}", weak=False
            )
