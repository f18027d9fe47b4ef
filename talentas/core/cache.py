"""The Redis cache, degrading instead of failing: with Redis down, pages are served uncached, not as 500s.

The cache only ever holds what can be computed again (dashboards, rate-limit counters), so a read that cannot
reach Redis is a miss and a write that cannot reach it is skipped, each logged once per call. Redis being
back makes the cache work again with no restart.
"""

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


def _degrades(answer: Callable[..., Any]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Call the cache operation; when Redis cannot be reached, log it and return `answer(*args, **kwargs)`."""

    def decorate(operation: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(operation)
        def degraded(self, *args: Any, **kwargs: Any) -> Any:
            try:
                return operation(self, *args, **kwargs)
            except UNREACHABLE as error:
                logger.warning("cache unavailable, %s skipped: %s", operation.__name__, error.__class__.__name__)
                return answer(*args, **kwargs)

        return degraded

    return decorate


def _default(key: str, default: Any = None, *args: Any, **kwargs: Any) -> Any:
    return default


def _nothing(*args: Any, **kwargs: Any) -> None:
    return None


def _false(*args: Any, **kwargs: Any) -> bool:
    return False


def _no_keys(*args: Any, **kwargs: Any) -> dict:
    return {}


def _none_stored(data: dict, *args: Any, **kwargs: Any) -> list:
    return list(data)


def _fresh_count(key: str, delta: int = 1, *args: Any, **kwargs: Any) -> int:
    return delta


def _no_count(*args: Any, **kwargs: Any) -> None:
    return None


_INCR_OR_START = "redis.call('SET', KEYS[1], ARGV[1], 'NX') return redis.call('INCR', KEYS[1])"


class _ReusedClients(RedisCacheClient):
    """Django makes a new redis-py client object for every cache call, and building one (its table of reply
    parsers) costs more than the round trip; a client over the same connection pool is safe to share."""

    # Django's RedisCacheClient makes these; django-stubs does not declare them (annotations only, no values).
    _servers: list[str]
    _pools: dict[int, Any]
    _pool_class: Any
    _pool_options: dict[str, Any]
    _client: Any
    _get_connection_pool_index: Callable[[bool], int]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)  # one client per server, as Django has one pool per server
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_pool(index))
        return client

    def _get_pool(self, index: int) -> Any:
        if index not in self._pools:
            self._pools[index] = self._pool_class.from_url(self._servers[index], **self._pool_options)
        return self._pools[index]


class RedisCacheThatDegrades(RedisCache):
    _cache: _ReusedClients  # Django's cached property, undeclared in django-stubs

    def __init__(self, server: Any, params: Any):
        super().__init__(server, params)
        self._class = _ReusedClients

    get = _degrades(_default)(RedisCache.get)
    get_many = _degrades(_no_keys)(RedisCache.get_many)
    has_key = _degrades(_false)(RedisCache.has_key)
    set = _degrades(_nothing)(RedisCache.set)
    add = _degrades(_false)(RedisCache.add)
    touch = _degrades(_false)(RedisCache.touch)
    delete = _degrades(_false)(RedisCache.delete)
    set_many = _degrades(_none_stored)(RedisCache.set_many)
    delete_many = _degrades(_nothing)(RedisCache.delete_many)
    incr = _degrades(_fresh_count)(RedisCache.incr)
    clear = _degrades(_false)(RedisCache.clear)

    def redis_client(self) -> Any:
        """The redis-py client this cache writes with (the task queue sends a counter with its tasks through a
        client on the same server, see talentas.core.queue)."""
        return self._cache.get_client(None, write=True)

    @_degrades(_no_count)
    def incr_or_start(self, key: str, start: int, *, key_made: bool = False) -> int | None:
        """Add one to the counter at `key`, first setting it to `start` if it is missing: one round trip, where
        `incr` takes two (EXISTS, then INCRBY) and fails on a missing key. None while Redis is unreachable.
        `key_made`: the key is already this cache's full key (make_and_validate_key)."""
        # One script, not a pipeline: building a redis-py pipeline costs more than the round trip.
        full_key = key if key_made else self.make_and_validate_key(key)
        return self.redis_client().eval(_INCR_OR_START, 1, full_key, start)
