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
    limit, window = _parse(settings.RATE_LIMITS[bucket])
    now = int(time.time())
    window_start = now - now % window
    cache_key = f"rl:{bucket}:{token_hash(key)[:32]}:{window_start}"
    retry_after = max(1, window_start + window - now)
    try:
        count_hit = getattr(cache, "count_hit", None)  # Redis: one round trip
        if count_hit is not None:
            count = count_hit(cache_key, timeout=window + 1)
        else:
            added = cache.add(cache_key, 1, timeout=window + 1)
            count = 1 if added else cache.incr(cache_key)
    except ValueError:
        # The key expired between add and incr: this hit opens a fresh window.
        cache.set(cache_key, 1, timeout=window + 1)
        count = 1
    except Exception:
        logger.warning("rate limit cache unavailable", extra={"bucket": bucket})
        if fail_closed:
            raise RateLimited(
                "rate_limited",
                _("This service is busy. Please try again in a minute."),
                retry_after=60,
            ) from None
        return
    if count > limit:
        raise RateLimited(
            code,
            message or _("Too many attempts. Please wait before trying again."),
            retry_after=retry_after,
        )


def reset_rate(bucket: str, key: str) -> None:
    _limit, window = _parse(settings.RATE_LIMITS[bucket])
    now = int(time.time())
    cache.delete(f"rl:{bucket}:{token_hash(key)[:32]}:{now - now % window}")
