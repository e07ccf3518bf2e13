"""In-process fan-out (dev): events reach SSE clients of the same process only."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Sequence

from kotalive.core.events.base import Event, Outgoing, Subscription, id_key


class MemoryBackend:
    def __init__(self, *, maxlen: int = 1000) -> None:
        # Publishers are WSGI/sync threads, subscribers live on event loops: one lock guards both.
        self._lock = threading.Lock()
        self._maxlen = maxlen
        self._buffers: dict[str, deque[Event]] = {}
        self._subscribers: dict[str, set[Subscription]] = {}
        self._last = (0, 0)

    def _next_id(self) -> str:
        # Same "<ms>-<seq>" shape as Redis stream ids, monotonic even if the clock steps back.
        ms = int(time.time() * 1000)
        last_ms, last_seq = self._last
        self._last = (ms, 0) if ms > last_ms else (last_ms, last_seq + 1)
        return f"{self._last[0]}-{self._last[1]}"

    def publish(self, *, channel: str, kind: str, data_json: str, at: str) -> Event:
        with self._lock:
            event = Event(
                id=self._next_id(), channel=channel, kind=kind, at=at, data=json.loads(data_json)
            )
            self._buffers.setdefault(channel, deque(maxlen=self._maxlen)).append(event)
            subscribers = list(self._subscribers.get(channel, ()))
        for subscription in subscribers:
            subscription.deliver_threadsafe(event)
        return event

    def publish_many(self, *, items: Sequence[Outgoing], at: str) -> list[Event]:
        return [
            self.publish(channel=channel, kind=kind, data_json=data_json, at=at)
            for channel, kind, data_json in items
        ]

    def replay(self, *, channel: str, after: str) -> list[Event]:
        after_key = id_key(after)
        with self._lock:
            return [e for e in self._buffers.get(channel, ()) if id_key(e.id) > after_key]

    async def subscribe(
        self, *, channel: str, after: str | None
    ) -> tuple[Subscription, list[Event]]:
        subscription = Subscription(channel=channel, after=after)
        with self._lock:
            self._subscribers.setdefault(channel, set()).add(subscription)
        backlog = self.replay(channel=channel, after=after) if after else []
        return subscription, [e for e in backlog if subscription.seen(e)]

    async def unsubscribe(self, subscription: Subscription) -> None:
        with self._lock:
            subscribers = self._subscribers.get(subscription.channel)
            if subscribers is not None:
                subscribers.discard(subscription)
                if not subscribers:
                    del self._subscribers[subscription.channel]

    async def aclose(self) -> None:
        return None

    def subscriber_count(self, channel: str) -> int:
        with self._lock:
            return len(self._subscribers.get(channel, ()))
