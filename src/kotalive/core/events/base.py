"""The event type, channel names and the per-client subscription shared by every backend."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol

# public | user:<id> | org:<id>. Anything else is refused before any lookup, so a typo cannot
# create a channel nobody is allowed to read (or everybody is).
CHANNEL_RE = re.compile(r"^(?:public|user:[1-9][0-9]{0,17}|org:[1-9][0-9]{0,17})$")
KIND_RE = re.compile(r"^[a-z][a-z0-9_.-]{0,63}$")
# Redis stream ids ("<ms>-<seq>"); the in-process backend makes ids of the same shape.
EVENT_ID_RE = re.compile(r"^[0-9]{1,20}-[0-9]{1,20}$")


class BusUnavailable(Exception):
    """The backend cannot take subscribers right now (Redis down); the SSE app answers 503."""


class SubscriptionClosed(Exception):
    """The subscription ended (client gone, too slow, bus connection lost)."""


def id_key(event_id: str) -> tuple[int, int]:
    ms, _, seq = event_id.partition("-")
    return int(ms), int(seq or 0)


def parse_event_id(raw: str | None) -> str | None:
    """A Last-Event-ID we can use, or None (a malformed one means "from now", not an error)."""
    if raw and EVENT_ID_RE.match(raw.strip()):
        return raw.strip()
    return None


@dataclass(frozen=True)
class Event:
    id: str
    channel: str
    kind: str
    at: str  # ISO 8601 UTC, the moment of publication (after commit)
    data: dict[str, Any]

    @cached_property
    def sse(self) -> bytes:
        """The event as an SSE message, encoded once however many clients receive it."""
        payload = json.dumps(self.as_json_dict(), separators=(",", ":"), ensure_ascii=False)
        return f"id: {self.id}\nevent: {self.kind}\ndata: {payload}\n\n".encode()

    def as_json_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "channel": self.channel,
            "kind": self.kind,
            "at": self.at,
            "data": self.data,
        }


_CLOSE = object()


class Subscription:
    """One client's view of one channel: live events queued on its event loop.

    A queue per client keeps a slow reader from blocking the others; past `limit` queued events
    the client is cut off, reconnects with Last-Event-ID and catches up from the replay buffer.
    """

    def __init__(self, *, channel: str, after: str | None, limit: int = 1000) -> None:
        self.channel = channel
        self.closed_reason: str | None = None
        self._last = id_key(after) if after else None
        self._limit = limit
        self._loop = asyncio.get_running_loop()
        self._queue: asyncio.Queue[object] = asyncio.Queue()

    def deliver(self, event: Event) -> None:
        """Queue a live event; call on the subscription's loop."""
        if self.closed_reason is not None:
            return
        if self._queue.qsize() >= self._limit:
            self.close("overflow")
            return
        self._queue.put_nowait(event)

    def deliver_threadsafe(self, event: Event) -> None:
        # A closed loop means that client is gone anyway.
        with contextlib.suppress(RuntimeError):
            self._loop.call_soon_threadsafe(self.deliver, event)

    def close(self, reason: str) -> None:
        if self.closed_reason is None:
            self.closed_reason = reason
            self._queue.put_nowait(_CLOSE)

    def close_threadsafe(self, reason: str) -> None:
        with contextlib.suppress(RuntimeError):
            self._loop.call_soon_threadsafe(self.close, reason)

    def seen(self, event: Event) -> bool:
        """Record `event` as sent; False if it was already sent (replay and live overlap)."""
        key = id_key(event.id)
        if self._last is not None and key <= self._last:
            return False
        self._last = key
        return True

    async def next(self, timeout: float) -> Event | None:
        """The next unseen live event, or None after `timeout` seconds of silence."""
        while True:
            try:
                item = await asyncio.wait_for(self._queue.get(), timeout)
            except TimeoutError:
                return None
            if item is _CLOSE:
                raise SubscriptionClosed(self.closed_reason)
            assert isinstance(item, Event)
            if self.seen(item):
                return item


# What publish_many takes: (channel, kind, data as JSON) of each event, in order.
Outgoing = tuple[str, str, str]


class EventBackend(Protocol):
    def publish(self, *, channel: str, kind: str, data_json: str, at: str) -> Event:
        """Store and fan out one event now (sync: services run in WSGI threads)."""
        ...

    def publish_many(self, *, items: Sequence[Outgoing], at: str) -> list[Event]:
        """Store and fan out several events now, in order (one round trip where it can)."""
        ...

    def replay(self, *, channel: str, after: str) -> list[Event]:
        """Buffered events of `channel` newer than `after`, oldest first."""
        ...

    async def subscribe(
        self, *, channel: str, after: str | None
    ) -> tuple[Subscription, list[Event]]:
        """Register a live subscription, then return it with the backlog after `after`."""
        ...

    async def unsubscribe(self, subscription: Subscription) -> None: ...

    async def aclose(self) -> None:
        """Release this event loop's connections (ASGI lifespan shutdown)."""
        ...
