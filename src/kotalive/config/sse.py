"""The ASGI application for Server-Sent Events: `GET /events/<channel>` (docs/realtime.md).

A plain ASGI callable rather than a Django async view: a client costs one coroutine and one
queue, no thread and no Django request cycle, and the only blocking step (reading the session or
token and the membership) runs once per connection in a thread. Run it with
`granian --interface asgi kotalive.config.sse:application`; nginx sends only `/events/` here.
Other paths fall through to Django's ASGI handler, so in dev the whole site (and the in-process
event backend) can run in this one process.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
from collections.abc import Awaitable, Callable, Mapping
from importlib import import_module
from types import FrameType
from typing import Any
from urllib.parse import unquote

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotalive.config.settings")
django.setup()

from asgiref.sync import sync_to_async  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib import auth  # noqa: E402
from django.core.handlers.asgi import ASGIHandler  # noqa: E402
from django.db import close_old_connections  # noqa: E402
from django.http import HttpRequest, parse_cookie  # noqa: E402

from kotalive.accounts.auth import TokenAuth  # noqa: E402
from kotalive.accounts.models import User  # noqa: E402
from kotalive.backoffice.session import is_staff_session, staff_session_ended  # noqa: E402
from kotalive.core.events import (  # noqa: E402
    BusUnavailable,
    Subscription,
    channel_access_check,
    event_backend,
    parse_event_id,
)
from kotalive.core.events.base import CHANNEL_RE  # noqa: E402
from kotalive.core.events.frames import sse_frames  # noqa: E402

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[Mapping[str, Any]], Awaitable[None]]

PREFIX = "/events/"
log = logging.getLogger(__name__)

_django_app: ASGIHandler | None = None


def _django() -> ASGIHandler:
    global _django_app
    if _django_app is None:
        from django.core.asgi import get_asgi_application

        _django_app = get_asgi_application()
    return _django_app


def _authenticate(headers: dict[str, str]) -> tuple[User | None, bool]:
    """(the user or None, whether a bearer token was offered and refused)."""
    request = HttpRequest()
    authorization = headers.get("authorization", "")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() == "bearer":
        user = TokenAuth().authenticate(request, token.strip())
        return user, user is None
    request.COOKIES = parse_cookie(headers.get("cookie", ""))
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not session_key:
        return None, False
    engine = import_module(settings.SESSION_ENGINE)
    request.session = engine.SessionStore(session_key)
    if is_staff_session(request.session) and staff_session_ended(request.session):
        return None, False  # past its working day or idle limit (backoffice/session.py)
    found = auth.get_user(request)
    return (found if isinstance(found, User) else None), False


def _authorise(headers: dict[str, str], channel: str) -> int:
    """200 to stream, 401 for a refused token, 403 for a channel the caller may not read."""
    if channel == "public" and "authorization" not in headers:
        return 200  # no database work for the channel everyone may read
    close_old_connections()
    try:
        user, bad_token = _authenticate(headers)
        if bad_token:
            return 401
        return 200 if channel_access_check(user=user, channel=channel) else 403
    finally:
        close_old_connections()


async def _problem(send: Send, status: int, title: str, extra: list[tuple[bytes, bytes]]) -> None:
    body = json.dumps({"type": "about:blank", "title": title, "status": status}).encode()
    headers = [
        (b"content-type", b"application/problem+json"),
        (b"cache-control", b"no-store"),
        *extra,
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _watch_disconnect(receive: Receive, on_gone: Callable[[], None]) -> None:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            on_gone()
            return


async def events_endpoint(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["method"] not in {"GET", "HEAD"}:
        await _problem(send, 405, "Method not allowed", [(b"allow", b"GET")])
        return
    channel = unquote(scope["path"][len(PREFIX) :]).strip("/")
    if not CHANNEL_RE.match(channel):
        await _problem(send, 404, "No such channel", [])
        return
    headers: dict[str, str] = {}
    for raw_name, raw_value in scope["headers"]:
        name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
        # HTTP/2 may split the cookie header; other repeated headers: the last one wins.
        headers[name] = (
            f"{headers[name]}; {value}" if name == "cookie" and name in headers else value
        )
    # Not thread-sensitive: a burst of reconnects (after a restart) is checked in parallel
    # threads, each with its own database connection, instead of queueing behind one thread.
    status = await sync_to_async(_authorise, thread_sensitive=False)(headers, channel)
    if status != 200:
        extra = [(b"www-authenticate", b"Bearer")] if status == 401 else []
        titles = {401: "Invalid token", 403: "You may not listen to this channel"}
        await _problem(send, status, titles[status], extra)
        return

    backend = event_backend()
    if streams.draining:
        await _problem(send, 503, "Shutting down", [(b"retry-after", b"1")])
        return
    try:
        subscription, backlog = await backend.subscribe(
            channel=channel, after=parse_event_id(headers.get("last-event-id"))
        )
    except BusUnavailable:
        await _problem(send, 503, "Event bus unavailable", [(b"retry-after", b"5")])
        return

    streams.open.add(subscription)
    frames = sse_frames(subscription, backlog)
    watcher = asyncio.create_task(
        _watch_disconnect(receive, lambda: subscription.close("client-gone"))
    )
    try:
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", b"text/event-stream; charset=utf-8"),
                    (b"cache-control", b"no-cache"),
                    # nginx: pass each event on at once instead of filling a buffer.
                    (b"x-accel-buffering", b"no"),
                ],
            }
        )
        async for chunk in frames:
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
            if scope["method"] == "HEAD":
                break  # the opening only
    except OSError as exc:  # the server reports a vanished client on send
        log.debug("SSE client gone on send: %s", exc)
    finally:
        watcher.cancel()
        await frames.aclose()
        streams.open.discard(subscription)
        await backend.unsubscribe(subscription)
        log.debug("SSE stream on %s ended: %s", channel, subscription.closed_reason or "server")
        with contextlib.suppress(Exception):
            await send({"type": "http.response.body", "body": b"", "more_body": False})


class _Streams:
    """The open streams of this process, so that a shutdown can end them.

    granian (like most servers) waits for open requests before it stops, and a stream only ends
    when its client leaves: without this a restart would hang for up to SSE_MAX_SECONDS.
    """

    def __init__(self) -> None:
        self.open: set[Subscription] = set()
        self.draining = False

    def drain(self) -> None:
        self.draining = True
        for subscription in list(self.open):
            subscription.close("shutdown")

    def drain_on_signals(self, loop: asyncio.AbstractEventLoop) -> None:
        # Chained with the previous Python-level handler: the server's own handler (granian
        # registers it with loop.add_signal_handler, which is woken through the signal wakeup fd)
        # keeps working, ours only adds the drain. Must run in the main thread (lifespan startup).
        for signum in (signal.SIGTERM, signal.SIGINT):
            self._chain(loop, signum)

    def _chain(self, loop: asyncio.AbstractEventLoop, signum: int) -> None:
        previous = signal.getsignal(signum)

        def handler(signum: int, frame: FrameType | None) -> None:
            loop.call_soon_threadsafe(self.drain)
            if callable(previous):
                previous(signum, frame)

        with contextlib.suppress(ValueError):  # not the main thread: keep the server's default
            signal.signal(signum, handler)


streams = _Streams()


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            streams.drain_on_signals(asyncio.get_running_loop())
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            with contextlib.suppress(Exception):
                await event_backend().aclose()
            streams.drain()
            await send({"type": "lifespan.shutdown.complete"})
            return


async def application(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "lifespan":
        await _lifespan(receive, send)
    elif scope["type"] == "http" and scope["path"].startswith(PREFIX):
        await events_endpoint(scope, receive, send)
    else:
        await _django()(scope, receive, send)
