"""A Redis cache that degrades to "no cache" while Redis is unreachable.

Django's RedisCache raises redis' ConnectionError from every call when Redis is down, which turns
a cache outage into 500s on every page that reads a cached fragment and every session read. Here
plain reads answer a miss and plain writes do nothing (logged), so pages, the API and sessions
(`cached_db` falls back to the database) keep working, only slower.

`add`, `incr`, `decr` and `clear` still raise: they are the atomic counters of the rate limits,
whose caller decides how to fail (`kotalive.core.ratelimit` refuses code and login attempts when
it cannot count them: fail closed).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _unavailable(operation: str) -> None:
    logger.warning("cache unavailable", extra={"operation": operation})


class ResilientRedisCache(RedisCache):
    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except RedisError:
            _unavailable("get")
            return default

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        try:
            return super().get_many(keys, version)
        except RedisError:
            _unavailable("get_many")
            return {}

    def has_key(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().has_key(key, version)
        except RedisError:
            _unavailable("has_key")
            return False

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        try:
            super().set(key, value, timeout, version)
        except RedisError:
            _unavailable("set")

    def set_many(
        self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> list[Any]:
        try:
            return super().set_many(data, timeout, version)
        except RedisError:
            _unavailable("set_many")
            return list(data)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        try:
            return super().touch(key, timeout, version)
        except RedisError:
            _unavailable("touch")
            return False

    def delete(self, key: Any, version: int | None = None) -> bool:
        # A delete that cannot reach Redis leaves the entry to expire by its own timeout.
        try:
            return super().delete(key, version)
        except RedisError:
            _unavailable("delete")
            return False

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        try:
            super().delete_many(keys, version)
        except RedisError:
            _unavailable("delete_many")
