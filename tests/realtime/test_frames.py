"""The one SSE frame loop (core/events/frames.py) that the event server and the dev stream use."""

from __future__ import annotations

import asyncio

from kotalive.core.events.base import Event, Subscription
from kotalive.core.events.frames import HEARTBEAT, sse_frames


def _event(n: int) -> Event:
    return Event(id=f"{n}-0", channel="public", kind="thing", at="2026-12-02T00:00:00", data={})


def test_opening_backlog_live_and_heartbeat_in_order(settings):
    settings.SSE_RETRY_MS = 1500
    settings.SSE_HEARTBEAT_SECONDS = 0.02
    settings.SSE_MAX_SECONDS = 30

    async def scenario() -> list[bytes]:
        subscription = Subscription(channel="public", after=None)
        frames = sse_frames(subscription, [_event(1)])
        got = [await anext(frames), await anext(frames)]
        subscription.deliver(_event(2))
        got += [await anext(frames), await anext(frames)]  # the live event, then silence
        subscription.close("client-gone")
        got += [frame async for frame in frames]  # ends quietly when the subscription closes
        return got

    opening, missed, live, quiet = asyncio.run(scenario())
    assert opening == b"retry: 1500\n: subscribed public\n\n"
    assert (missed, live) == (_event(1).sse, _event(2).sse)
    assert quiet == HEARTBEAT


def test_the_stream_ends_after_its_maximum_life(settings):
    settings.SSE_HEARTBEAT_SECONDS = 0.02
    settings.SSE_MAX_SECONDS = 0.1

    async def scenario() -> list[bytes]:
        subscription = Subscription(channel="public", after=None)
        return [frame async for frame in sse_frames(subscription, [])]

    frames = asyncio.run(scenario())
    assert frames[0].endswith(b": subscribed public\n\n")
    assert set(frames[1:]) == {HEARTBEAT}
    assert 2 <= len(frames) <= 7
