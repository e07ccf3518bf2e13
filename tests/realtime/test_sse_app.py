"""The SSE ASGI app in this process, on the in-process bus (runs on every database)."""

from __future__ import annotations

import asyncio
import json

import pytest

from kotalive.core import events
from kotalive.core.events import event_backend
from kotalive.core.events.base import Subscription
from kotalive.core.events.memory import MemoryBackend
from kotalive.core.events.redis_backend import RedisBackend
from tests.realtime.conftest import AsgiStream, free_port, parse_sse


@pytest.fixture
def bus(settings) -> MemoryBackend:
    settings.EVENT_BUS_BACKEND = "memory"
    events._backends.clear()
    backend = event_backend()
    assert isinstance(backend, MemoryBackend)
    return backend


def _publish(
    bus: MemoryBackend, kind: str, data: dict[str, object], channel: str = "public"
) -> str:
    return bus.publish(channel=channel, kind=kind, data_json=json.dumps(data), at="t").id


def test_anonymous_client_receives_public_events_as_sse(bus):
    async def scenario() -> tuple[AsgiStream, str]:
        stream = await AsgiStream("/events/public").start()
        await stream.read_until(": subscribed public")
        # Publishers are sync threads (WSGI, Celery): publish from another thread.
        await asyncio.to_thread(_publish, bus, "notice.posted", {"title": "Banjir"})
        text = await stream.read_until("Banjir")
        await stream.disconnect()
        return stream, text

    stream, text = asyncio.run(scenario())
    assert stream.status == 200
    assert stream.headers["content-type"].startswith("text/event-stream")
    assert stream.headers["cache-control"] == "no-cache"
    assert stream.headers["x-accel-buffering"] == "no"
    assert text.startswith("retry: 3000\n")
    [event] = parse_sse(text)
    assert event["event"] == "notice.posted"
    payload = json.loads(event["data"])
    assert payload["id"] == event["id"]
    assert (payload["channel"], payload["data"]) == ("public", {"title": "Banjir"})


def test_reconnect_with_last_event_id_gets_the_missed_events_in_order(bus):
    seen = _publish(bus, "one", {"n": 1})
    _publish(bus, "two", {"n": 2})
    _publish(bus, "three", {"n": 3})

    async def scenario() -> str:
        stream = await AsgiStream("/events/public", {"Last-Event-ID": seen}).start()
        text = await stream.read_until('"n":3')
        await stream.disconnect()
        return text

    assert [e["event"] for e in parse_sse(asyncio.run(scenario()))] == ["two", "three"]


def test_quiet_stream_gets_heartbeat_comments(bus, settings):
    settings.SSE_HEARTBEAT_SECONDS = 0.05

    async def scenario() -> str:
        stream = await AsgiStream("/events/public").start()
        text = await stream.read_until(": heartbeat\n\n")
        await stream.disconnect()
        return text

    assert ": heartbeat\n\n" in asyncio.run(scenario())


def test_client_disconnect_ends_the_stream_and_drops_the_subscription(bus):
    async def scenario() -> tuple[bool, int]:
        stream = await AsgiStream("/events/public").start()
        await stream.read_until(": subscribed")
        assert bus.subscriber_count("public") == 1
        await stream.disconnect()
        assert stream.task is not None
        return stream.task.done(), bus.subscriber_count("public")

    assert asyncio.run(scenario()) == (True, 0)


@pytest.mark.parametrize(
    ("path", "method", "status"),
    [
        ("/events/user:1", "GET", 403),
        ("/events/org:1", "GET", 403),
        ("/events/secret", "GET", 404),
        ("/events/public", "POST", 405),
    ],
)
def test_anonymous_is_refused_private_unknown_or_non_get(bus, path, method, status):
    async def scenario() -> AsgiStream:
        stream = await AsgiStream(path, method=method).start()
        await stream.read_until("}")
        return stream

    stream = asyncio.run(scenario())
    assert stream.status == status
    assert stream.headers["content-type"] == "application/problem+json"
    assert json.loads(stream.text)["status"] == status
    assert bus.subscriber_count(path.removeprefix("/events/")) == 0


def test_unreachable_redis_answers_503_with_retry_after(settings, monkeypatch):
    monkeypatch.setattr("kotalive.core.events.redis_backend._READY_TIMEOUT", 0.5)
    settings.EVENT_BUS_BACKEND = "redis"
    settings.EVENT_BUS_REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"
    events._backends.clear()
    assert isinstance(event_backend(), RedisBackend)

    async def scenario() -> AsgiStream:
        stream = await AsgiStream("/events/public").start()
        await stream.read_until("}")
        await event_backend().aclose()
        return stream

    stream = asyncio.run(scenario())
    assert stream.status == 503
    assert stream.headers["retry-after"] == "5"
    events._backends.clear()


def test_too_slow_subscriber_is_cut_off_instead_of_growing_without_bound():
    async def scenario() -> str | None:
        sub = Subscription(channel="public", after=None, limit=2)
        backend = MemoryBackend()
        for i in range(3):
            sub.deliver(
                backend.publish(channel="public", kind="k", data_json=json.dumps({"i": i}), at="t")
            )
        return sub.closed_reason

    assert asyncio.run(scenario()) == "overflow"


def test_other_paths_are_served_by_django(bus, db):
    async def scenario() -> AsgiStream:
        stream = await AsgiStream("/no-such-page/").start()
        await stream.read_until("</html>")
        return stream

    assert asyncio.run(scenario()).status == 404


def test_stream_ends_by_itself_after_its_maximum_life_so_access_is_checked_again(bus, settings):
    settings.SSE_MAX_SECONDS = 0.1

    async def scenario() -> tuple[bool, int]:
        stream = await AsgiStream("/events/public").start()
        await stream.read_until("never-sent", timeout=10)
        assert stream.task is not None
        await asyncio.wait_for(stream.task, 10)
        return stream.finished, bus.subscriber_count("public")

    assert asyncio.run(scenario()) == (True, 0)
