"""The bytes of one SSE stream, written once for every server that streams (docs/realtime.md).

The ASGI event server (`config/sse.py`) and the development stream over WSGI
(`core/events/dev_view.py`) differ only in how they send bytes: what they send, in which order,
with which heartbeat and for how long, is this generator.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Sequence

from django.conf import settings

from kotalive.core.events.base import Event, Subscription, SubscriptionClosed

HEARTBEAT = b": heartbeat\n\n"


def sse_opening(channel: str) -> bytes:
    """The first frame: how long a browser waits before it reconnects, and a comment that tells
    the client (and the tests) that the subscription is live."""
    return f"retry: {settings.SSE_RETRY_MS}\n: subscribed {channel}\n\n".encode()


async def sse_frames(subscription: Subscription, backlog: Sequence[Event]) -> AsyncGenerator[bytes]:
    """The opening, the events missed since Last-Event-ID, then each live event as it comes
    and a heartbeat comment after SSE_HEARTBEAT_SECONDS of silence (so that proxies and the
    client see a live connection), until the subscription closes or SSE_MAX_SECONDS have passed:
    access is checked once per connection, so a bounded life makes revocations take effect."""
    yield sse_opening(subscription.channel)
    for missed in backlog:
        yield missed.sse
    loop = asyncio.get_running_loop()
    heartbeat = float(settings.SSE_HEARTBEAT_SECONDS)
    ends_at = loop.time() + float(settings.SSE_MAX_SECONDS)
    while (left := ends_at - loop.time()) > 0:
        try:
            event = await subscription.next(min(heartbeat, left))
        except SubscriptionClosed:
            return
        yield HEARTBEAT if event is None else event.sse
