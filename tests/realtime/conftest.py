"""Real-time test tools: an in-process ASGI driver, SSE parsing and real granian SSE servers."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from kotalive.config.sse import application

ROOT = Path(__file__).resolve().parents[2]
GRANIAN = Path(sys.executable).with_name("granian")


class AsgiStream:
    """Drives one request through the SSE ASGI app in this process, as a server would."""

    def __init__(self, path: str, headers: dict[str, str] | None = None, method: str = "GET"):
        self.scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 80),
        }
        self._inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._inbox.put_nowait({"type": "http.request", "body": b"", "more_body": False})
        self._sent: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.task: asyncio.Task[None] | None = None
        self.status = 0
        self.headers: dict[str, str] = {}
        self.text = ""
        self.finished = False

    async def _receive(self) -> dict[str, Any]:
        return await self._inbox.get()

    async def _send(self, message: Any) -> None:
        await self._sent.put(dict(message))

    async def start(self) -> AsgiStream:
        self.task = asyncio.create_task(application(self.scope, self._receive, self._send))
        start = await asyncio.wait_for(self._sent.get(), 10)
        self.status = start["status"]
        self.headers = {k.decode(): v.decode() for k, v in start["headers"]}
        return self

    async def read_until(self, needle: str, timeout: float = 10) -> str:
        """Body text received so far, once it contains `needle`."""
        async with asyncio.timeout(timeout):
            while needle not in self.text and not self.finished:
                message = await self._sent.get()
                self.text += message.get("body", b"").decode()
                self.finished = not message.get("more_body", False)
        return self.text

    async def disconnect(self) -> None:
        await self._inbox.put({"type": "http.disconnect"})
        assert self.task is not None
        await asyncio.wait_for(self.task, 10)


def parse_sse(text: str) -> list[dict[str, str]]:
    """Complete SSE messages with an id (events, not comments) in `text`."""
    found = []
    for block in text.split("\n\n")[:-1]:
        fields: dict[str, str] = {}
        for line in block.split("\n"):
            if line and not line.startswith(":"):
                name, _, value = line.partition(":")
                fields[name] = value.removeprefix(" ")
        if "id" in fields:
            found.append(fields)
    return found


async def sse_lines_until(
    lines: AsyncIterator[str], predicate: Any, timeout: float = 20
) -> list[dict[str, str]]:
    """Read an SSE stream until predicate(events so far) holds; return the events."""
    events: list[dict[str, str]] = []
    fields: dict[str, str] = {}
    async with asyncio.timeout(timeout):
        async for line in lines:
            if line == "":
                if "id" in fields:
                    events.append(fields)
                    if predicate(events):
                        return events
                fields = {}
            elif not line.startswith(":"):
                name, _, value = line.partition(":")
                fields[name] = value.removeprefix(" ")
    raise AssertionError(f"stream ended before the expected events; got {events}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class SseServer:
    url: str
    process: subprocess.Popen[bytes]


@contextlib.contextmanager
def sse_server(env: dict[str, str]) -> Iterator[SseServer]:
    """A granian ASGI process serving kotalive.config.sse:application; always stopped."""
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="kotalive-sse-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(
        [
            str(GRANIAN),
            "--interface",
            "asgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "--no-ws",
            "kotalive.config.sse:application",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise AssertionError(f"SSE server exited: {Path(log.name).read_text()[-2000:]}")
            with contextlib.suppress(httpx.HTTPError):
                # 404 for a malformed channel proves the app itself is loaded and answering.
                if httpx.get(f"{base}/events/-", timeout=2).status_code == 404:
                    break
            if time.monotonic() > deadline:
                raise AssertionError(f"SSE server not ready: {Path(log.name).read_text()[-2000:]}")
            time.sleep(0.2)
        yield SseServer(url=base, process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()
        os.unlink(log.name)
