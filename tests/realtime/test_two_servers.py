"""The issue's proof: two SSE server processes on Redis; an event published by another process
reaches clients on both, and a reconnecting client catches up with Last-Event-ID."""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client

from kotalive.accounts.models import ApiToken, Membership, Organisation, User
from kotalive.core import events
from kotalive.core.crypto import token_hash
from kotalive.core.events import event_publish_now
from kotalive.core.events.redis_backend import HUB_CLIENT_NAME
from tests.realtime.conftest import sse_lines_until, sse_server

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"),
        reason="needs Redis (REDIS_URL unset: the SQLite run tests the in-process bus instead)",
    ),
    # One worker runs the module: the two servers are shared by its tests.
    pytest.mark.xdist_group("realtime-servers"),
]

KOTALIVE = Path(sys.executable).with_name("kotalive")


def _bus_url() -> str:
    # This worker's own Redis database: the one only this worker flushes, between tests.
    return str(django_settings.CACHES["default"]["LOCATION"])


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor != "postgresql":
        return os.environ.get("DATABASE_URL", "")
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker) -> Iterator[tuple[str, str]]:
    """Two SSE processes, as behind nginx, sharing Redis and the (test) database."""
    with django_db_blocker.unblock():
        env = {
            "DATABASE_URL": _database_url(),
            "REDIS_URL": _bus_url(),
            "EVENT_BUS_BACKEND": "redis",
            "EVENT_BUS_REDIS_URL": _bus_url(),
            "SSE_HEARTBEAT_SECONDS": "1",
            "LOG_LEVEL": "WARNING",
        }
    with sse_server(env) as one, sse_server(env) as two:
        yield one.url, two.url


@pytest.fixture
def redis_bus(settings):
    settings.EVENT_BUS_BACKEND = "redis"
    settings.EVENT_BUS_REDIS_URL = _bus_url()
    events._backends.clear()
    yield
    events._backends.clear()


def _publish_from_another_process(channel: str, kind: str, data: dict[str, str]) -> str:
    """What the other app server does: `kotalive event_publish` in its own process."""
    done = subprocess.run(
        [str(KOTALIVE), "event_publish", channel, kind, json.dumps(data)],
        env={**os.environ, "EVENT_BUS_BACKEND": "redis", "EVENT_BUS_REDIS_URL": _bus_url()},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.strip()


def _with_nonce(nonce: str):
    # Other tests may share the channel: look only at this test's events.
    return lambda events: any(nonce in e["data"] for e in events)


def _mine(events: list[dict[str, str]], nonce: str) -> list[dict[str, str]]:
    return [e for e in events if nonce in e["data"]]


async def _subscribed(response: httpx.Response):
    lines = response.aiter_lines()
    async for line in lines:
        if line.startswith(": subscribed"):
            return lines
    raise AssertionError("stream ended before the subscription was confirmed")


def test_event_published_elsewhere_reaches_clients_on_both_servers_and_replays(servers, redis_bus):
    one, two = servers
    nonce = secrets.token_hex(8)

    async def scenario() -> tuple[list[Any], list[Any], str, list[Any]]:
        async with asyncio.timeout(90), httpx.AsyncClient(timeout=30) as client:
            async with (
                client.stream("GET", f"{one}/events/public") as r1,
                client.stream("GET", f"{two}/events/public") as r2,
            ):
                assert r1.status_code == r2.status_code == 200
                assert r1.headers["content-type"].startswith("text/event-stream")
                lines1, lines2 = await _subscribed(r1), await _subscribed(r2)
                published_id = await asyncio.to_thread(
                    _publish_from_another_process, "public", "notice.posted", {"nonce": nonce}
                )
                got1 = await sse_lines_until(lines1, _with_nonce(nonce))
                got2 = await sse_lines_until(lines2, _with_nonce(nonce))
            # Client 1 is away while two more events are published (from this process).
            missed = [
                event_publish_now(channel="public", kind="missed", data={"nonce": nonce, "n": n}).id
                for n in (1, 2)
            ]
            headers = {"Last-Event-ID": published_id}
            async with client.stream("GET", f"{one}/events/public", headers=headers) as r3:
                lines3 = await _subscribed(r3)
                replayed = await sse_lines_until(
                    lines3, lambda evs: sum(nonce in e["data"] for e in evs) >= 2
                )
        return _mine(got1, nonce), _mine(got2, nonce), published_id, [missed, replayed]

    got1, got2, published_id, (missed, replayed) = asyncio.run(scenario())
    assert [(e["id"], e["event"]) for e in got1] == [(published_id, "notice.posted")]
    assert [(e["id"], e["event"]) for e in got2] == [(published_id, "notice.posted")]
    assert json.loads(got1[0]["data"])["data"] == {"nonce": nonce}
    assert [e["id"] for e in _mine(replayed, nonce)] == missed


@pytest.mark.django_db(transaction=True)
def test_private_channels_over_the_real_servers_follow_the_access_rules(servers, redis_bus):
    if connection.vendor != "postgresql":
        pytest.skip("the server processes cannot see an in-memory SQLite test database")
    one, two = servers
    org = Organisation.objects.create(kind=Organisation.Kind.OPD, slug="dinkes", name="Dinkes")
    other = Organisation.objects.create(kind=Organisation.Kind.OPD, slug="dishub", name="Dishub")
    officer = User.objects.create_user("officer", "a long password 123", kind=User.Kind.STAFF)
    Membership.objects.create(user=officer, organisation=org, role=Membership.Role.OFFICER)
    raw = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=officer, name="t", token_hash=token_hash(raw), prefix=raw[:8])
    bearer = {"Authorization": f"Bearer {raw}"}
    web = Client()
    web.force_login(officer)
    session = {"Cookie": f"sessionid={web.cookies['sessionid'].value}"}
    nonce = secrets.token_hex(8)

    async def scenario() -> tuple[dict[str, int], list[Any]]:
        statuses = {}
        async with asyncio.timeout(60), httpx.AsyncClient(timeout=30) as client:
            for name, path, headers in [
                ("anonymous-org", f"/events/org:{org.pk}", {}),
                ("other-org", f"/events/org:{other.pk}", bearer),
                ("other-user", f"/events/user:{officer.pk + 1000}", bearer),
                ("bad-token", f"/events/user:{officer.pk}", {"Authorization": "Bearer nope"}),
                ("own-user-by-session", f"/events/user:{officer.pk}", session),
                ("other-org-by-session", f"/events/org:{other.pk}", session),
            ]:
                # A stream never ends by itself: read the status and hang up.
                async with client.stream("GET", f"{two}{path}", headers=headers) as r:
                    statuses[name] = r.status_code
            async with client.stream("GET", f"{one}/events/org:{org.pk}", headers=bearer) as r:
                statuses["own-org"] = r.status_code
                lines = await _subscribed(r)
                await asyncio.to_thread(
                    _publish_from_another_process,
                    f"org:{org.pk}",
                    "case.assigned",
                    {"nonce": nonce},
                )
                got = await sse_lines_until(lines, _with_nonce(nonce))
        return statuses, got

    statuses, got = asyncio.run(scenario())
    assert statuses == {
        "anonymous-org": 403,
        "other-org": 403,
        "other-user": 403,
        "bad-token": 401,
        "own-user-by-session": 200,
        "other-org-by-session": 403,
        "own-org": 200,
    }
    assert [e["event"] for e in _mine(got, nonce)] == ["case.assigned"]


def _drop_hub_connections() -> int:
    """Cut the SSE servers' Redis pub/sub connections (this worker's database only), as a Redis
    restart or a network blip would."""
    db = int(_bus_url().rsplit("/", 1)[1])
    admin = redis.Redis.from_url(_bus_url(), decode_responses=True)
    try:
        hubs = [
            c["id"]
            for c in admin.client_list(_type="pubsub")
            if c.get("name") == HUB_CLIENT_NAME and int(c["db"]) == db
        ]
        for client_id in hubs:
            admin.client_kill_filter(_id=client_id)
        return len(hubs)
    finally:
        admin.close()


def test_lost_redis_connection_ends_streams_and_the_reconnect_misses_nothing(servers, redis_bus):
    one, _ = servers
    nonce = secrets.token_hex(8)

    async def scenario() -> tuple[int, str, list[str], list[dict[str, str]]]:
        async with asyncio.timeout(90), httpx.AsyncClient(timeout=30) as client:
            async with client.stream("GET", f"{one}/events/public") as r1:
                lines = await _subscribed(r1)
                first = event_publish_now(channel="public", kind="before", data={"nonce": nonce})
                await sse_lines_until(lines, _with_nonce(nonce))
                dropped = _drop_hub_connections()
                # The server ends the stream: it may have missed live events.
                async for _ in lines:
                    pass
            missed = [
                event_publish_now(channel="public", kind="during", data={"nonce": nonce, "n": n}).id
                for n in (1, 2)
            ]
            headers = {"Last-Event-ID": first.id}
            async with client.stream("GET", f"{one}/events/public", headers=headers) as r2:
                lines2 = await _subscribed(r2)
                replayed = await sse_lines_until(
                    lines2, lambda evs: sum(nonce in e["data"] for e in evs) >= 2
                )
        return dropped, first.id, missed, replayed

    dropped, _first, missed, replayed = asyncio.run(scenario())
    assert dropped >= 1
    assert [e["id"] for e in _mine(replayed, nonce)] == missed
