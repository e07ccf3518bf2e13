"""`/events/<channel>` under `runserver` and the test live server: the in-process bus over WSGI.

In production nginx sends `/events/` to the SSE server (`config/sse.py`, ASGI), and Django never
sees the path. With the in-process bus (`EVENT_BUS_BACKEND=memory`, the dev default) publishers
and subscribers must share a process, so `make run` answers the streams itself: one request
thread per client, which is fine for a developer and the demo and absurd at scale (hence the
ASGI server in production). Anything but the memory bus answers 404 here.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_GET

from kotalive.core.events import channel_access_check, event_backend, parse_event_id
from kotalive.core.events.base import CHANNEL_RE
from kotalive.core.events.frames import sse_frames


def _stream(channel: str, after: str | None) -> Iterator[bytes]:
    loop = asyncio.new_event_loop()
    backend = event_backend()
    subscription, backlog = loop.run_until_complete(backend.subscribe(channel=channel, after=after))
    frames = sse_frames(subscription, backlog)
    try:
        # The same frames as the event server sends, one at a time on this thread's own loop.
        while True:
            try:
                yield loop.run_until_complete(anext(frames))
            except StopAsyncIteration:
                return
    finally:
        # Also reached when the server closes the generator because the client went away.
        loop.run_until_complete(frames.aclose())
        loop.run_until_complete(backend.unsubscribe(subscription))
        loop.close()


@require_GET
def events_stream(request: HttpRequest, channel: str) -> HttpResponse | StreamingHttpResponse:
    if settings.EVENT_BUS_BACKEND != "memory" or not CHANNEL_RE.match(channel):
        raise Http404
    user = request.user if request.user.is_authenticated else None
    if not channel_access_check(user=user, channel=channel):
        return HttpResponse(status=403 if user is not None else 401)
    # Plain, as the SSE server sends it in production (nginx has gzip off for /events/): a
    # compressed stream buys nothing for tiny events and some proxies buffer it.
    request.META["HTTP_ACCEPT_ENCODING"] = ""
    response = StreamingHttpResponse(
        _stream(channel, parse_event_id(request.headers.get("Last-Event-ID"))),
        content_type="text/event-stream; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response
