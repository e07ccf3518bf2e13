"""Redis backend: a capped stream per channel (replay, ordered ids) plus pub/sub (live fan-out).

Publishing is one Lua script, so the stored event and its live notice can never disagree. Each
process holds ONE pub/sub connection (a pattern subscription) per event loop and fans it out to
its local SSE clients; see docs/realtime.md for why and for the limits.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import time
import weakref
from collections.abc import Sequence
from typing import Any

import redis
import redis.asyncio as aioredis

from kotalive.core.events.base import BusUnavailable, Event, Outgoing, Subscription

log = logging.getLogger(__name__)

# Several events in one call: KEYS are (stream, live channel) per event; ARGV is maxlen, ttl, at,
# then (kind, data) per event. Returns the stream ids, in order.
_PUBLISH_LUA = """
local ids = {}
for i = 1, #KEYS / 2 do
  local stream, live = KEYS[2 * i - 1], KEYS[2 * i]
  local kind, data = ARGV[2 + 2 * i], ARGV[3 + 2 * i]
  local id = redis.call('XADD', stream, 'MAXLEN', '~', ARGV[1], '*',
                        'kind', kind, 'at', ARGV[3], 'data', data)
  redis.call('EXPIRE', stream, ARGV[2])
  redis.call('PUBLISH', live, id .. '\\n' .. kind .. '\\n' .. ARGV[3] .. '\\n' .. data)
  ids[i] = id
end
return ids
"""

# How long a new subscriber waits for the shared pub/sub connection before the SSE app answers 503.
_READY_TIMEOUT = 5.0
HUB_CLIENT_NAME = "kotalive-events-hub"
# After a failed publish, skip publishing for this long (seconds) instead of timing out each time.
_DOWN_BACKOFF = 5.0
_CONNECT_OPTIONS: dict[str, Any] = {
    "decode_responses": True,
    "socket_connect_timeout": 1,
    "socket_keepalive": True,
}


def _event_from_fields(channel: str, event_id: str, fields: dict[str, str]) -> Event:
    return Event(
        id=event_id,
        channel=channel,
        kind=fields["kind"],
        at=fields["at"],
        data=json.loads(fields["data"]),
    )


def _events_from_entries(channel: str, entries: Any) -> list[Event]:
    """XRANGE answers (typed loosely by redis-py) as events."""
    return [_event_from_fields(channel, str(eid), dict(fields)) for eid, fields in entries or ()]


class _Hub:
    """One event loop's shared pub/sub connection and its local subscribers."""

    def __init__(self, backend: RedisBackend) -> None:
        self._backend = backend
        self._subscribers: dict[str, set[Subscription]] = {}
        self._ready = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        # Named, so that `CLIENT LIST` shows which connections are SSE hubs.
        self.client = aioredis.Redis.from_url(
            backend.url, client_name=HUB_CLIENT_NAME, **_CONNECT_OPTIONS
        )

    async def attach(self, subscription: Subscription) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="kotalive-event-hub")
        try:
            await asyncio.wait_for(self._ready.wait(), _READY_TIMEOUT)
        except TimeoutError:
            raise BusUnavailable("the event bus (Redis) is not reachable") from None
        self._subscribers.setdefault(subscription.channel, set()).add(subscription)

    def detach(self, subscription: Subscription) -> None:
        subscribers = self._subscribers.get(subscription.channel)
        if subscribers is not None:
            subscribers.discard(subscription)
            if not subscribers:
                del self._subscribers[subscription.channel]

    async def _run(self) -> None:
        pattern = self._backend.live_key("*")
        prefix_len = len(self._backend.live_key(""))
        backoff = 0.2
        while True:
            pubsub = self.client.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.psubscribe(pattern)
                self._ready.set()
                backoff = 0.2
                async for message in pubsub.listen():
                    if message.get("type") != "pmessage":
                        continue
                    subscribers = self._subscribers.get(message["channel"][prefix_len:])
                    if subscribers:
                        self._dispatch(
                            message["channel"][prefix_len:], message["data"], subscribers
                        )
            except (redis.RedisError, OSError) as exc:
                log.warning("event hub lost Redis: %s", exc)
            finally:
                self._ready.clear()
                with contextlib.suppress(Exception):
                    await pubsub.aclose()  # type: ignore[no-untyped-call]
            # Live events may have been missed: end every stream; the browsers reconnect with
            # Last-Event-ID and catch up from the stream, so nothing recent is lost.
            for subscribers in list(self._subscribers.values()):
                for subscription in list(subscribers):
                    subscription.close("bus-lost")
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 5.0)

    @staticmethod
    def _dispatch(channel: str, payload: str, subscribers: set[Subscription]) -> None:
        try:
            event_id, kind, at, data = payload.split("\n", 3)
            event = _event_from_fields(channel, event_id, {"kind": kind, "at": at, "data": data})
        except (ValueError, KeyError) as exc:
            log.warning("malformed event on %s: %s", channel, exc)
            return
        for subscription in list(subscribers):
            subscription.deliver(event)

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        for subscribers in list(self._subscribers.values()):
            for subscription in list(subscribers):
                subscription.close("shutdown")
        await self.client.aclose()


class RedisBackend:
    def __init__(
        self, *, url: str, maxlen: int = 1000, ttl: int = 3600, prefix: str = "kotalive:events:"
    ) -> None:
        self.url = url
        self._maxlen = maxlen
        self._ttl = ttl
        self._prefix = prefix
        self._sync_lock = threading.Lock()
        self._sync_client: redis.Redis | None = None
        self._script: Any = None
        self._down_until = 0.0
        self._hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Hub] = (
            weakref.WeakKeyDictionary()
        )

    def stream_key(self, channel: str) -> str:
        return f"{self._prefix}stream:{channel}"

    def live_key(self, channel: str) -> str:
        return f"{self._prefix}live:{channel}"

    def _client(self) -> redis.Redis:
        with self._sync_lock:
            if self._sync_client is None:
                self._sync_client = redis.Redis.from_url(
                    self.url, socket_timeout=1, **_CONNECT_OPTIONS
                )
                self._script = self._sync_client.register_script(_PUBLISH_LUA)
            return self._sync_client

    def publish(self, *, channel: str, kind: str, data_json: str, at: str) -> Event:
        return self.publish_many(items=[(channel, kind, data_json)], at=at)[0]

    def publish_many(self, *, items: Sequence[Outgoing], at: str) -> list[Event]:
        # While Redis is known to be down, fail at once: a request must not wait a connect
        # timeout per event (the caller's on_commit hook logs the miss).
        if time.monotonic() < self._down_until:
            raise BusUnavailable("the event bus (Redis) was unreachable moments ago")
        client = self._client()
        keys: list[str] = []
        args: list[Any] = [self._maxlen, self._ttl, at]
        for channel, kind, data_json in items:
            keys += [self.stream_key(channel), self.live_key(channel)]
            args += [kind, data_json]
        try:
            event_ids = self._script(keys=keys, args=args, client=client)
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            self._down_until = time.monotonic() + _DOWN_BACKOFF
            raise BusUnavailable(str(exc)) from exc
        return [
            Event(id=str(event_id), channel=channel, kind=kind, at=at, data=json.loads(data_json))
            for event_id, (channel, kind, data_json) in zip(event_ids, items, strict=True)
        ]

    def replay(self, *, channel: str, after: str) -> list[Event]:
        entries = self._client().xrange(
            self.stream_key(channel), min=f"({after}", max="+", count=self._maxlen
        )
        return _events_from_entries(channel, entries)

    def _hub(self) -> _Hub:
        loop = asyncio.get_running_loop()
        hub = self._hubs.get(loop)
        if hub is None:
            hub = self._hubs[loop] = _Hub(self)
        return hub

    async def subscribe(
        self, *, channel: str, after: str | None
    ) -> tuple[Subscription, list[Event]]:
        hub = self._hub()
        subscription = Subscription(channel=channel, after=after)
        # Live first, then the backlog: an event published in between arrives twice and
        # Subscription.seen() drops the copy, instead of falling into a gap.
        await hub.attach(subscription)
        if not after:
            return subscription, []
        try:
            entries = await hub.client.xrange(
                self.stream_key(channel), min=f"({after}", max="+", count=self._maxlen
            )
        except (redis.RedisError, OSError) as exc:
            hub.detach(subscription)
            raise BusUnavailable(str(exc)) from exc
        backlog = _events_from_entries(channel, entries)
        return subscription, [e for e in backlog if subscription.seen(e)]

    async def unsubscribe(self, subscription: Subscription) -> None:
        hub = self._hubs.get(asyncio.get_running_loop())
        if hub is not None:
            hub.detach(subscription)

    async def aclose(self) -> None:
        hub = self._hubs.pop(asyncio.get_running_loop(), None)
        if hub is not None:
            await hub.aclose()
