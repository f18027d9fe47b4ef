"""Lean reads and writes of single rows for the few paths that a rush pays for on every request.

Building a QuerySet's SQL costs more than the database takes to answer it (about 1.5 ms for a token lookup
with its person, against 0.2 ms for the same statement written out), and a sign-up makes several. These helpers
write the statement from the model's own metadata (table, columns, converters, the fields' own `pre_save` and
`get_db_prep_save`), so they follow the model's definition, and hand back ordinary model instances. The SQL is
portable (PostgreSQL and SQLite). Use the ORM everywhere else; reach for these only where a benchmark shows the
ORM's own cost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

from django.db import connections, models, router
from django.db.models.signals import post_save, pre_save

M = TypeVar("M", bound=models.Model)


def column(model: type[models.Model], name: str) -> str:
    """The database column of the model's concrete field `name` (a foreign key's `..._id`)."""
    return cast(models.Field, model._meta.get_field(name)).column


def columns(model: type[models.Model], alias: str, names: Sequence[str] | None = None) -> tuple[str, list]:
    """`alias.col1, alias.col2, ...` for the primary key and `names` (field names; every concrete field when None),
    and those fields, in the model's order."""
    meta = model._meta
    # In the model's order, with the primary key: Model.from_db expects a partial row in that order.
    wanted = {meta.pk.name, *(names if names is not None else (field.name for field in meta.concrete_fields))}
    fields = [field for field in meta.concrete_fields if field.name in wanted]
    if len(fields) != len(wanted):
        raise ValueError(f"Not concrete fields of {meta.label}: {sorted(wanted - {f.name for f in fields})}")
    using = router.db_for_read(model)
    quote = connections[using].ops.quote_name
    return ", ".join(f"{alias}.{quote(field.column)}" for field in fields), fields


# (database alias, the fields) -> per field its column expression and the ORM's converters, found once.
_CONVERTERS: dict[tuple[str, tuple], list[tuple[Any, list[Callable]]]] = {}


def _converters(fields: list, using: str) -> list[tuple[Any, list[Callable]]]:
    key = (using, tuple(fields))
    found = _CONVERTERS.get(key)
    if found is None:
        connection = connections[using]
        found = []
        for field in fields:
            column = field.get_col(field.model._meta.db_table)
            found.append((column, [*connection.ops.get_db_converters(column), *column.get_db_converters(connection)]))
        _CONVERTERS[key] = found
    return found


def instance(model: type[M], fields: list, values: Sequence[Any]) -> M:
    """A model instance from a row of `columns(model, alias, ...)`, each value converted as the ORM would; the
    fields left out are deferred (read on first access), as with `.only()`."""
    using = router.db_for_read(model)
    connection = connections[using]
    converted = []
    for value, (column, converters) in zip(values, _converters(fields, using), strict=True):
        for converter in converters:
            value = converter(value, column, connection)
        converted.append(value)
    return model.from_db(using, [field.attname for field in fields], converted)


def insert(obj: models.Model, *, only_if: tuple[str, Sequence[Any]] | None = None) -> bool:
    """Save a new `obj` with one INSERT, as `save()` would (auto_now stamps, defaults, pre_save and post_save
    signals, the new primary key set), without building a QuerySet; whether it was written. For models without
    inherited tables.

    `only_if` is a data-modifying statement with its parameters (PostgreSQL only; an `UPDATE ... RETURNING`):
    it runs as a CTE of the same statement, and the row is written only if it returned a row. Both happen, or
    neither, without a transaction of their own (see Capacity.take_for).
    """
    model = type(obj)
    meta = model._meta
    using = router.db_for_write(model, instance=obj)
    connection = connections[using]
    pre_save.send(sender=model, instance=obj, raw=False, using=using, update_fields=None)
    fields = [field for field in meta.concrete_fields if not field.generated and field is not meta.auto_field]
    values = [field.get_db_prep_save(field.pre_save(obj, add=True), connection) for field in fields]
    quote = connection.ops.quote_name
    into = "INSERT INTO {} ({})".format(quote(meta.db_table), ", ".join(quote(field.column) for field in fields))
    placeholders = ", ".join(["%s"] * len(fields))
    returning = f"RETURNING {quote(meta.pk.column)}"
    if only_if is None:
        sql, parameters = f"{into} VALUES ({placeholders}) {returning}", values
    else:
        # An INSERT ... SELECT leaves the literals' types to the target columns, as VALUES does.
        guard, guard_parameters = only_if
        sql = f"WITH guard AS ({guard}) {into} SELECT {placeholders} FROM guard {returning}"  # noqa: S608
        parameters = [*guard_parameters, *values]
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        written = cursor.fetchone()
    if written is None:
        return False
    obj.pk = written[0]
    obj._state.adding = False
    obj._state.db = using
    post_save.send(sender=model, instance=obj, created=True, update_fields=None, raw=False, using=using)
    return True


def update(obj: models.Model, names: Sequence[str]) -> None:
    """`obj.save(update_fields=names)` in one UPDATE without building a QuerySet: auto_now stamps are moved (as
    save() moves them when they are listed), pre_save and post_save signals are sent."""
    model = type(obj)
    meta = model._meta
    using = router.db_for_write(model, instance=obj)
    connection = connections[using]
    listed = frozenset(names)
    pre_save.send(sender=model, instance=obj, raw=False, using=using, update_fields=listed)
    fields = [field for field in meta.concrete_fields if field.name in listed or field.attname in listed]
    values = [field.get_db_prep_save(field.pre_save(obj, add=False), connection) for field in fields]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608 (names from the model)
        quote(meta.db_table), ", ".join(f"{quote(field.column)} = %s" for field in fields), quote(meta.pk.column)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, obj.pk])
    post_save.send(sender=model, instance=obj, created=False, update_fields=listed, raw=False, using=using)
