"""Measure SSE fan-out on one process (not a test): `python tests/realtime/measure_fanout.py N`.

Starts one granian SSE process on Redis (REDIS_URL, default db 8), opens N raw-socket clients on
`public`, publishes events and reports the time until every client has each event, plus the
server's resident memory. The numbers are recorded in docs/realtime.md.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotalive.config.settings")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/8")
os.environ["EVENT_BUS_BACKEND"] = "redis"

import django

django.setup()

from kotalive.core.events import event_publish_now  # noqa: E402
from tests.realtime.conftest import sse_server  # noqa: E402


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def worker_pids(port: int) -> list[int]:
    import subprocess

    out = subprocess.run(["pgrep", "-f", "--", f"--port {port}"], capture_output=True, text=True)
    pids = [int(p) for p in out.stdout.split()]
    children = []
    for pid in pids:
        kids = Path(f"/proc/{pid}/task/{pid}/children")
        if kids.exists():
            children += [int(c) for c in kids.read_text().split()]
    return children or pids


async def client(host: str, port: int, ready: asyncio.Event, seen: list[float], n: int) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"GET /events/public HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    await writer.drain()
    buf = b""
    while b": subscribed" not in buf:
        buf += await reader.read(4096)
    ready.set()
    got = 0
    while got < n:
        chunk = await reader.read(65536)
        if not chunk:
            break
        got += chunk.count(b"\nevent: bench")
        if got:
            seen.append(time.perf_counter())
    writer.close()


async def main(clients: int, rounds: int) -> None:
    env = {
        "EVENT_BUS_REDIS_URL": os.environ["REDIS_URL"],
        "LOG_LEVEL": "WARNING",
        # granian caps concurrent requests per worker at backlog/workers (1024) by default.
        "GRANIAN_BACKPRESSURE": os.environ.get("GRANIAN_BACKPRESSURE", "16000"),
    }
    with sse_server(env) as server:
        host, port = server.url.removeprefix("http://").split(":")
        pid = worker_pids(int(port))[0]
        before = rss_kib(pid)
        latencies = []
        for _ in range(rounds):
            readies = [asyncio.Event() for _ in range(clients)]
            seen: list[list[float]] = [[] for _ in range(clients)]
            tasks = [
                asyncio.create_task(client(host, int(port), readies[i], seen[i], 1))
                for i in range(clients)
            ]
            await asyncio.wait_for(asyncio.gather(*(r.wait() for r in readies)), 120)
            connected = rss_kib(pid)
            start = time.perf_counter()
            await asyncio.to_thread(event_publish_now, channel="public", kind="bench", data={})
            await asyncio.wait_for(asyncio.gather(*tasks), 120)
            latencies.append(max(s[0] for s in seen) - start)
        print(
            f"clients={clients} rss_idle={before} KiB rss_connected={connected} KiB "
            f"(+{(connected - before) / clients:.1f} KiB/client) "
            f"all-delivered median={statistics.median(latencies) * 1000:.1f} ms "
            f"max={max(latencies) * 1000:.1f} ms over {rounds} rounds"
        )


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000, 5))
