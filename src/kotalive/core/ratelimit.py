"""Fixed-window rate limits on the cache (Redis in prod, in-process in dev)."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kotalive.core.crypto import token_hash
from kotalive.core.errors import RateLimited

logger = logging.getLogger(__name__)


def _parse(rate: str) -> tuple[int, int]:
    count, _, seconds = rate.partition("/")
    return int(count), int(seconds)


def _window(bucket: str, key: str) -> tuple[int, str, int]:
    """(the allowance, the cache key of the current window, seconds until it ends)."""
    limit, window = _parse(settings.RATE_LIMITS[bucket])
    now = int(time.time())
    window_start = now - now % window
    cache_key = f"rl:{bucket}:{token_hash(key)[:32]}:{window_start}"
    return limit, cache_key, max(1, window_start + window - now)


def _busy() -> RateLimited:
    return RateLimited(
        "rate_limited", _("This service is busy. Please try again in a minute."), retry_after=60
    )


def rate_spent(bucket: str, key: str, *, fail_closed: bool = False) -> int:
    """Seconds until the window ends if `key` has used its whole allowance in `bucket`, else 0.

    Counts nothing: for limits that count only failures (`count_rate` after each one) and refuse
    the next attempt once the allowance is spent.
    """
    limit, cache_key, retry_after = _window(bucket, key)
    try:
        # `incr` by 0, not `get`: a read that cannot reach Redis answers a miss (core/cache.py),
        # and a limit that fails closed must know when it cannot count.
        count = cache.incr(cache_key, 0)
    except ValueError:
        count = 0  # no failure in this window yet
    except Exception:
        logger.warning("rate limit cache unavailable", extra={"bucket": bucket})
        if fail_closed:
            raise _busy() from None
        return 0
    return retry_after if int(count) >= limit else 0


def _hit(bucket: str, key: str, *, fail_closed: bool) -> tuple[int, int, int] | None:
    """Count one hit: (count, allowance, retry after), or None when the cache is down."""
    limit, cache_key, retry_after = _window(bucket, key)
    timeout = _parse(settings.RATE_LIMITS[bucket])[1] + 1
    try:
        count_hit = getattr(cache, "count_hit", None)  # Redis: one round trip
        if count_hit is not None:
            count = count_hit(cache_key, timeout=timeout)
        else:
            added = cache.add(cache_key, 1, timeout=timeout)
            count = 1 if added else cache.incr(cache_key)
    except ValueError:
        # The key expired between add and incr: this hit opens a fresh window.
        cache.set(cache_key, 1, timeout=timeout)
        count = 1
    except Exception:
        logger.warning("rate limit cache unavailable", extra={"bucket": bucket})
        if fail_closed:
            raise _busy() from None
        return None
    return int(count), limit, retry_after


def check_rate(
    bucket: str,
    key: str,
    *,
    fail_closed: bool = False,
    code: str = "rate_limited",
    message: str | Promise | None = None,
) -> None:
    """Count one hit of `key` in `bucket`; raise RateLimited when the window's allowance is spent.

    `code` and `message` name the refusal when a limit deserves its own words (a daily cap).

    When the cache is unreachable, limits that guard codes and logins fail closed (refuse), the
    rest fail open, so that an outage of Redis does not lock residents out of reading.
    """
    hit = _hit(bucket, key, fail_closed=fail_closed)
    if hit is None:
        return
    count, limit, retry_after = hit
    if count > limit:
        raise RateLimited(
            code,
            message or _("Too many attempts. Please wait before trying again."),
            retry_after=retry_after,
        )


def count_rate(bucket: str, key: str, *, fail_closed: bool = False) -> None:
    """Count one hit of `key` in `bucket` and refuse nothing (see `rate_spent`)."""
    _hit(bucket, key, fail_closed=fail_closed)


def reset_rate(bucket: str, key: str) -> None:
    cache.delete(_window(bucket, key)[1])
