"""Stopping an SSE server ends its open streams cleanly instead of waiting for the clients."""

from __future__ import annotations

import asyncio
import subprocess

import httpx

from tests.realtime.conftest import sse_server


def test_sigterm_ends_open_streams_and_the_server_exits_by_itself():
    env = {"EVENT_BUS_BACKEND": "memory", "SSE_HEARTBEAT_SECONDS": "1", "LOG_LEVEL": "WARNING"}
    with sse_server(env) as server:

        async def scenario() -> list[str]:
            async with (
                asyncio.timeout(60),
                httpx.AsyncClient(timeout=30) as client,
                client.stream("GET", f"{server.url}/events/public") as response,
            ):
                lines = []
                async for line in response.aiter_lines():
                    lines.append(line)
                    if line.startswith(": subscribed"):
                        server.process.terminate()
                return lines  # the server closed the stream (no error, no hang)

        lines = asyncio.run(scenario())
        try:
            returncode = server.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            returncode = None
    assert ": subscribed public" in lines
    assert returncode == 0
