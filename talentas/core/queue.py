"""The task queue on Redis: a queued task is never lost, and a request writes its tasks in one round trip.

Two things the plain `huey.RedisHuey` does not do:

- **Redis down.** Its `enqueue` raises, so any request that queues a task (every API call noting its token's
  use, every sign-up telling the person) answered 500 after its data was committed, and the task was gone.
  Here a task that cannot reach Redis is kept as a `HeldTask` row in the database, and `requeue_held_tasks`
  (every minute on the queue's own workers, see core.tasks: as soon as Redis answers again) hands it to the queue.
- **Round trips.** A sign-up queued two tasks and moved the dashboards' data version: three Redis round
  trips, each costing the server more than the database's work for the seat. Inside `deferred_writes()`
  (every request, see QueueWritesMiddleware) the tasks wait in memory and leave when the response is ready:
  one LPUSH for all of them, with the counters of a cache on the same Redis (`defer_counter`) in the same
  script. A task is queued after its transaction committed either way (the callers use `on_commit`); what
  waits here only waits for the end of the response, as on_commit callbacks wait for the commit.
"""

import contextlib
import contextvars
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from huey import RedisHuey
from huey.storage import RedisStorage

from .cache import UNREACHABLE

logger = logging.getLogger(__name__)

# Tasks sent to Redis in one command at most (a request that notifies thousands of people queues thousands, and
# requeue_held_tasks moves as many rows a transaction).
CHUNK = 500

# Counters first (KEYS[2..], each started at its ARGV if missing, then incremented), then the tasks (the rest of
# ARGV) onto the queue (KEYS[1]): one script, one round trip, where a redis-py pipeline costs more to build.
_PUSH_AND_COUNT = """
local counters = #KEYS - 1
for i = 1, counters do
  redis.call('SET', KEYS[i + 1], ARGV[i], 'NX')
  redis.call('INCR', KEYS[i + 1])
end
if #ARGV > counters then
  redis.call('LPUSH', KEYS[1], unpack(ARGV, counters + 1))
end
return counters
"""


@dataclass
class _Writes:
    """What one request has for Redis so far: tasks by the storage they go to, counters by key."""

    tasks: dict["TaskStorage", list[bytes]] = field(default_factory=dict)
    counters: dict[str, tuple[Any, int]] = field(default_factory=dict)  # key -> (the cache, its start value)


_writes: contextvars.ContextVar[_Writes | None] = contextvars.ContextVar("queue_writes", default=None)


class TaskStorage(RedisStorage):
    def enqueue(self, data: bytes, priority: int | None = None) -> None:
        if priority:
            raise NotImplementedError("Task priorities are not supported by this storage.")
        writes = _writes.get()
        if writes is not None:
            writes.tasks.setdefault(self, []).append(data)
            return
        self.push([data])

    def push(self, messages: list[bytes], counters: dict[str, int] | None = None) -> bool:
        """Queue the messages, moving the counters (made keys -> start values) in the same round trip, CHUNK
        messages a command; what Redis cannot take is held in the database. Whether Redis took everything."""
        counters = dict(counters or {})
        chunks = [messages[first : first + CHUNK] for first in range(0, len(messages), CHUNK)] or [[]]
        for number, chunk in enumerate(chunks):
            try:
                if counters:
                    keys, starts = list(counters), list(counters.values())
                    self.conn.eval(_PUSH_AND_COUNT, 1 + len(keys), self.queue_key, *keys, *starts, *chunk)
                    counters = {}
                elif chunk:
                    self.conn.lpush(self.queue_key, *chunk)
            except UNREACHABLE as error:
                hold([message for rest in chunks[number:] for message in rest], error)
                return False
        return True

    def shares_server_with(self, client: Any) -> bool:
        """Whether a redis-py client talks to the same server and database as this queue."""
        mine = self.conn.connection_pool.connection_kwargs
        theirs = client.connection_pool.connection_kwargs
        return all(mine.get(key) == theirs.get(key) for key in ("host", "port", "db", "path", "username"))


class TalentasHuey(RedisHuey):
    storage_class = TaskStorage


def hold(messages: list[bytes], error: Exception) -> None:
    """Keep tasks that Redis could not take, for requeue_held_tasks."""
    from .models import HeldTask  # settings name TalentasHuey, so this module loads before the models can

    if not messages:
        return
    logger.warning("task queue unavailable (%s): %d task(s) held in the database", type(error).__name__, len(messages))
    HeldTask.objects.bulk_create([HeldTask(message=message) for message in messages])


def defer_counter(cache: Any, key: str, start: int) -> bool:
    """Move the cache's counter at `key` (started at `start`) together with this request's tasks; False outside a
    request's deferred writes or for a cache that is not on Redis (then the caller moves it at once)."""
    writes = _writes.get()
    if writes is None or not hasattr(cache, "redis_client"):
        return False
    writes.counters[cache.make_and_validate_key(key)] = (cache, start)
    return True


@contextlib.contextmanager
def deferred_writes() -> Iterator[None]:
    """Hold the tasks queued (and counters moved) inside the block, and send them when it ends."""
    writes = _Writes()
    token = _writes.set(writes)
    try:
        yield
    finally:
        _writes.reset(token)
        _send(writes)


def send_deferred() -> None:
    """Send what this request has deferred so far, now: before reading a counter it may have moved (a page
    that writes and then shows what it wrote must not be served from the cache of the version before)."""
    writes = _writes.get()
    if writes is not None and (writes.tasks or writes.counters):
        pending = _Writes(tasks=writes.tasks, counters=writes.counters)
        writes.tasks, writes.counters = {}, {}
        _send(pending)


def _send(writes: _Writes) -> None:
    counters = dict(writes.counters)
    for storage, messages in writes.tasks.items():
        together = {
            key: start for key, (cache, start) in counters.items() if storage.shares_server_with(cache.redis_client())
        }
        storage.push(messages, together)
        for key in together:
            del counters[key]
    for key, (cache, start) in counters.items():  # no task to go with, or another Redis
        cache.incr_or_start(key, start, key_made=True)


class QueueWritesMiddleware:
    """Every request's tasks and counters go to Redis in one round trip when its response is ready."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with deferred_writes():
            return self.get_response(request)


def requeue_held_tasks(storage: Any = None) -> int:
    """Hand the held tasks to the queue (the site's own unless `storage` is given), oldest first; how many went.
    Rows are locked while they go, so two workers never queue the same task twice, and stay while Redis still
    does not answer."""
    from huey.contrib.djhuey import HUEY

    from .models import HeldTask

    storage = storage or HUEY.storage
    if not isinstance(storage, TaskStorage):  # no Redis queue (SQLite, or tasks run at once): nothing is held
        return 0
    moved = 0
    while True:
        with transaction.atomic():
            batch = list(HeldTask.objects.select_for_update(skip_locked=True).order_by("pk")[:CHUNK])
            if not batch:
                return moved
            try:
                storage.conn.lpush(storage.queue_key, *(bytes(row.message) for row in batch))
            except UNREACHABLE:
                logger.warning("task queue still unavailable: %d held task(s) wait", len(batch))
                return moved
            HeldTask.objects.filter(pk__in=[row.pk for row in batch]).delete()
            moved += len(batch)
