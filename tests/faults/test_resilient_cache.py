"""The Redis cache backend while Redis cannot be reached (a closed port; no server needed)."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings
from redis.exceptions import ConnectionError as RedisConnectionError

from kotalive.core.cache import ResilientRedisCache
from kotalive.core.errors import RateLimited
from kotalive.core.ratelimit import check_rate
from tests.prod_profile import free_port

OPTIONS = {"socket_timeout": 1, "socket_connect_timeout": 1}


def _unreachable(backend: type[RedisCache]) -> RedisCache:
    return backend(f"redis://127.0.0.1:{free_port()}/0", {"OPTIONS": OPTIONS})


def test_djangos_redis_cache_raises_when_redis_is_down_which_is_why_the_wrapper_exists():
    with pytest.raises(RedisConnectionError):
        _unreachable(RedisCache).get("key")


def test_reads_are_misses_and_writes_do_nothing_while_redis_is_down():
    cache = _unreachable(ResilientRedisCache)
    assert cache.get("key") is None
    assert cache.get("key", "fallback") == "fallback"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("key") is False
    cache.set("key", "value")
    assert cache.set_many({"a": 1}) == ["a"]
    assert cache.touch("key") is False
    assert cache.delete("key") is False
    cache.delete_many(["a"])


def test_counters_still_raise_so_rate_limits_can_fail_closed():
    cache = _unreachable(ResilientRedisCache)
    with pytest.raises(RedisConnectionError):
        cache.add("counter", 1)
    with pytest.raises(RedisConnectionError):
        cache.incr("counter")
    assert isinstance(cache, ResilientRedisCache)
    with pytest.raises(RedisConnectionError):
        cache.count_hit("counter", timeout=60)


def test_count_hit_counts_in_one_window_and_expires_with_it():
    # This worker's own cache (its own Redis database: another worker's FLUSHDB cannot reach it).
    cache = caches["default"]
    if not isinstance(cache, ResilientRedisCache):
        pytest.skip("needs the Redis cache (REDIS_URL)")
    key = f"test-hits-{free_port()}"
    cache.delete(key)
    assert [cache.count_hit(key, timeout=60) for _ in range(3)] == [1, 2, 3]
    assert cache.get(key) == 3  # the plain integer Django's own incr reads and writes
    client = cache._cache.get_client(cache.make_and_validate_key(key), write=True)
    assert 0 < client.ttl(cache.make_and_validate_key(key)) <= 60  # set once, not extended
    cache.delete(key)


def test_a_code_request_limit_refuses_and_a_reading_limit_lets_through_while_redis_is_down():
    port = free_port()
    caches = {
        "default": {
            "BACKEND": "kotalive.core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": OPTIONS,
        }
    }
    with override_settings(CACHES=caches):
        from django.core.cache import caches as handler

        # override_settings resets the handler: `cache` now points at the unreachable server.
        assert isinstance(handler["default"], ResilientRedisCache)
        with pytest.raises(RateLimited) as refused:
            check_rate("otp_request_phone", "+6281234567890", fail_closed=True)
        assert refused.value.retry_after == 60
        check_rate("otp_request_phone", "+6281234567890", fail_closed=False)
