"""Take one of N under a lock: event seats today; desks, rooms, grant budgets and unique votes tomorrow.

A capacity is a counter row: a model row with a column counting what is taken and a column (or a fixed
number) saying how much there is. Taking is one conditional statement,

    UPDATE <table> SET taken = taken + 1 WHERE id = <pk> AND taken + 1 <= capacity

which the database decides atomically: it succeeds for exactly as many callers as there is room, however
many arrive at once, on PostgreSQL (the row lock of the UPDATE) and on SQLite (its single write lock) alike.
Put a CheckConstraint `taken <= capacity` on the model too, so nothing that bypasses this helper can
overbook either.

The row stays locked from the UPDATE until the transaction commits, so callers take the unit as the LAST
step of their transaction (after validation and reads) and send e-mails and other slow work after the
commit (`transaction.on_commit`): the lock is then held only for the decision and the commit.

A new row that holds one unit (a registration, a booking, a vote) is best written with `take_for`: the take and
the INSERT in one statement on PostgreSQL, no transaction needed. A failed `take` locks nothing. A decision
that moves several units at once (a cancellation that hands the freed seat to the first of the waitlist) calls
`lock()` first, then `release`/`take` as it needs; one that only needs to know whether a unit is free before
queueing calls `lock_and_count_free()`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, connections, models, router, transaction
from django.db.models import F

from talentas.core import rows


@dataclass(frozen=True)
class Capacity:
    """The counter `taken` of row `pk` of `model`, limited by the row's column `limit`."""

    model: type[models.Model]
    pk: int
    taken: str = "taken"
    limit: str = "capacity"

    @staticmethod
    def _in_transaction() -> None:
        if not transaction.get_connection().in_atomic_block:
            # Outside a transaction the unit would be taken with nothing recorded against it.
            raise RuntimeError("Take and release capacity inside transaction.atomic().")

    def _counter(self) -> models.QuerySet:
        # The counters are plain columns: a plain QuerySet skips what a model's manager adds to every query
        # (django-modeltranslation rewrites each lookup), which a rush of sign-ups pays per UPDATE.
        self._in_transaction()
        return models.QuerySet(self.model).filter(pk=self.pk)

    def take(self, count: int = 1) -> bool:
        """Take `count` units if there is room for all of them; whether it did.

        The statement is written out (the QuerySet's update cost more to build than the database takes to run
        it, and every sign-up of a rush makes one); the names come from the model's metadata.
        """
        self._in_transaction()
        sql, parameters = self._take_statement(count)
        with connections[router.db_for_write(self.model)].cursor() as cursor:
            cursor.execute(sql, parameters)
            return cursor.rowcount == 1

    def take_for(self, row: models.Model) -> bool:
        """Take one unit and write the new `row` that holds it: both, or neither; whether it did.

        A rush pays this on every request. On PostgreSQL it is one statement (the UPDATE as a CTE of the INSERT),
        so it needs no transaction: neither BEGIN nor COMMIT is a round trip of its own, and the counter row is
        locked only while that statement commits. SQLite has no data-modifying CTEs: there the two statements
        share a transaction. A row that breaks a unique constraint raises IntegrityError, with nothing taken.
        """
        database = router.db_for_write(self.model)
        if connections[database].vendor == "postgresql":
            sql, parameters = self._take_statement(1)
            return rows.insert(row, only_if=(f"{sql} RETURNING 1", parameters))
        with transaction.atomic(using=database):
            if not self.take():
                return False
            rows.insert(row)
            return True

    def _take_statement(self, count: int) -> tuple[str, list]:
        meta = self.model._meta
        quote = connections[router.db_for_write(self.model)].ops.quote_name
        taken, limit = (quote(rows.column(self.model, name)) for name in (self.taken, self.limit))
        sql = (
            f"UPDATE {quote(meta.db_table)} SET {taken} = {taken} + %s "  # noqa: S608 (names from the model)
            f"WHERE {quote(meta.pk.column)} = %s AND {limit} >= {taken} + %s"
        )
        return sql, [count, self.pk, count]

    def release(self, count: int = 1) -> None:
        """Give back `count` units taken before (never below zero)."""
        self._counter().filter(**{f"{self.taken}__gte": count}).update(**{self.taken: F(self.taken) - count})

    def lock(self) -> models.Model | None:
        """Lock the counter row until the transaction ends and return it fresh (None if it does not exist).

        SQLite has no row locks; its IMMEDIATE transactions (see settings) already hold the database's write lock.
        """
        self._in_transaction()
        return self._locked(self.model._default_manager.filter(pk=self.pk)).first()

    def lock_and_count_free(self) -> int:
        """Lock the counter row like `lock()`, reading only the counters: the units free now (0 without a row)."""
        self._in_transaction()
        meta = self.model._meta
        database = router.db_for_write(self.model)
        quote = connections[database].ops.quote_name
        taken, limit = (quote(rows.column(self.model, name)) for name in (self.taken, self.limit))
        locking = "" if connections[database].vendor == "sqlite" else " FOR UPDATE"
        with connections[database].cursor() as cursor:
            cursor.execute(
                f"SELECT {limit}, {taken} FROM {quote(meta.db_table)} "  # noqa: S608 (names from the model)
                f"WHERE {quote(meta.pk.column)} = %s{locking}",
                [self.pk],
            )
            counters = cursor.fetchone()
        return counters[0] - counters[1] if counters else 0

    @staticmethod
    def _locked(row: models.QuerySet) -> models.QuerySet:
        return row if connection.vendor == "sqlite" else row.select_for_update()
