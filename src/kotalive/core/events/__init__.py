"""Real-time events: services publish after commit, SSE clients subscribe (docs/realtime.md).

    event_publish(channel=f"org:{org.id}", kind="complaint.assigned", data={"id": c.id})

Events are a best-effort notice ("something changed, refetch"), not a durable outbox: the
database stays the truth, and a client that was away longer than the replay buffer reloads.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from kotalive.core.events.access import channel_access_check
from kotalive.core.events.base import (
    CHANNEL_RE,
    KIND_RE,
    BusUnavailable,
    Event,
    EventBackend,
    Subscription,
    SubscriptionClosed,
    parse_event_id,
)

__all__ = [
    "BusUnavailable",
    "Event",
    "EventBackend",
    "Subscription",
    "SubscriptionClosed",
    "channel_access_check",
    "event_backend",
    "event_publish",
    "event_publish_many",
    "event_publish_now",
    "parse_event_id",
]

log = logging.getLogger(__name__)

_lock = threading.Lock()
_backends: dict[tuple[str, str, int, int], EventBackend] = {}


def event_backend() -> EventBackend:
    """The configured backend, one per process and configuration (tests switch settings)."""
    key = (
        settings.EVENT_BUS_BACKEND,
        settings.EVENT_BUS_REDIS_URL,
        settings.EVENT_REPLAY_MAXLEN,
        settings.EVENT_REPLAY_SECONDS,
    )
    with _lock:
        backend = _backends.get(key)
        if backend is None:
            backend = _backends[key] = _make_backend(*key)
        return backend


def _make_backend(name: str, url: str, maxlen: int, ttl: int) -> EventBackend:
    if name == "memory":
        from kotalive.core.events.memory import MemoryBackend

        return MemoryBackend(maxlen=maxlen)
    if name == "redis":
        if not url:
            raise ImproperlyConfigured(
                "EVENT_BUS_BACKEND=redis needs EVENT_BUS_REDIS_URL or REDIS_URL."
            )
        from kotalive.core.events.redis_backend import RedisBackend

        return RedisBackend(url=url, maxlen=maxlen, ttl=ttl)
    raise ImproperlyConfigured(f"EVENT_BUS_BACKEND must be 'redis' or 'memory', not {name!r}.")


def _check(channel: str, kind: str, data: dict[str, Any]) -> str:
    # Checked at call time, inside the service, so a bad event fails the request that made it
    # rather than vanishing in an on-commit hook.
    if not CHANNEL_RE.match(channel):
        raise ValueError(f"invalid event channel {channel!r}")
    if not KIND_RE.match(kind):
        raise ValueError(f"invalid event kind {kind!r}")
    return json.dumps(data, cls=DjangoJSONEncoder, separators=(",", ":"), ensure_ascii=False)


def event_publish_now(*, channel: str, kind: str, data: dict[str, Any]) -> Event:
    """Publish immediately, whatever the transaction state (ops command, tests)."""
    data_json = _check(channel, kind, data)
    at = timezone.now().isoformat()
    return event_backend().publish(channel=channel, kind=kind, data_json=data_json, at=at)


def event_publish(*, channel: str, kind: str, data: dict[str, Any]) -> None:
    """Publish once the current transaction commits; nothing if it rolls back."""
    event_publish_many([(channel, kind, data)])


def event_publish_many(events: Iterable[tuple[str, str, dict[str, Any]]]) -> None:
    """Publish several (channel, kind, data) events, in order, once the current transaction
    commits (one round trip to the bus); nothing if it rolls back."""
    items = [(channel, kind, _check(channel, kind, data)) for channel, kind, data in events]
    if not items:
        return

    def _send() -> None:
        event_backend().publish_many(items=items, at=timezone.now().isoformat())

    # robust: the data is committed; a Redis hiccup must not turn the user's success into a 500.
    transaction.on_commit(_send, robust=True)
