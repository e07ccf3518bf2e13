"""`make bench`: throughput and latency of a few KotaLive pages, against a trivial endpoint.

Starts the app under granian (WSGI, one worker, DEBUG off, collected static files) on a free
port of 127.0.0.1 against the seeded database, warms each scenario up, then loads it for a fixed
time at a fixed concurrency with a small asyncio HTTP/1.1 keep-alive client (no extra binary to
install, and it times every single request). `/healthz` is measured in the same run as the ceiling:
the ratio to it says how much of the server's capacity a page costs, which stays comparable across
machines far better than raw requests per second.

Environment: BENCH_DURATION (seconds per scenario, default 10), BENCH_CONCURRENCY (connections,
default 8), BENCH_DATABASE_URL (also run against that database, e.g. PostgreSQL; it is migrated
and seeded first). Results: bench/results/latest.json and latest.md.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = ROOT / ".venv" / "bin"
RESULTS = ROOT / "bench" / "results"
DURATION = float(os.environ.get("BENCH_DURATION", "10"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
WARMUP_SECONDS = 2.0
STARTUP_TIMEOUT = 30.0
REQUEST_TIMEOUT = 10.0

SCENARIOS: list[tuple[str, str]] = [
    ("healthz (ceiling)", "/healthz"),
    ("home page", "/"),
    ("catalog search API", "/api/v1/catalog/menus/search?q=akta"),
    ("catalog search page", "/cari/?q=akta"),
    ("catalog list API", "/api/v1/catalog/menus"),
]


@dataclass
class Result:
    database: str
    scenario: str
    path: str
    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    mean_bytes: float
    statuses: dict[str, int]
    ratio_to_healthz: float | None = None


class HttpError(Exception):
    pass


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, int]:
    """Read one HTTP/1.1 response; return (status, body length). Handles length and chunked."""
    status_line = await reader.readline()
    if not status_line:
        raise HttpError("connection closed")
    status = int(status_line.split()[1])
    length: int | None = None
    chunked = False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value.strip())
        elif name == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    if chunked:
        total = 0
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            if size == 0:
                await reader.readline()
                return status, total
            await reader.readexactly(size + 2)
            total += size
    if length is None:
        raise HttpError("response without length")
    await reader.readexactly(length)
    return status, length


async def _worker(
    host: str,
    port: int,
    path: str,
    until: float,
    latencies: list[float],
    sizes: list[int],
    statuses: Counter[str],
) -> int:
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept-Encoding: gzip\r\n"
        "Accept-Language: id\r\nConnection: keep-alive\r\n\r\n"
    ).encode()
    errors = 0
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    while time.perf_counter() < until:
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            assert reader is not None
            started = time.perf_counter()
            writer.write(request)
            status, size = await asyncio.wait_for(_read_response(reader), REQUEST_TIMEOUT)
            latencies.append(time.perf_counter() - started)
            sizes.append(size)
            statuses[str(status)] += 1
            if status != 200:
                errors += 1
        except (OSError, HttpError, TimeoutError, asyncio.IncompleteReadError, ValueError) as exc:
            errors += 1
            statuses[type(exc).__name__] += 1
            if writer is not None:
                writer.close()
            reader = writer = None
            await asyncio.sleep(0.01)
    if writer is not None:
        writer.close()
    return errors


Load = tuple[list[float], list[int], int, Counter[str]]


async def _load(host: str, port: int, path: str, seconds: float) -> Load:
    latencies: list[float] = []
    sizes: list[int] = []
    statuses: Counter[str] = Counter()
    until = time.perf_counter() + seconds
    errors = await asyncio.gather(
        *(_worker(host, port, path, until, latencies, sizes, statuses) for _ in range(CONCURRENCY))
    )
    return latencies, sizes, sum(errors), statuses


def _percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, round(fraction * (len(sorted_values) - 1)))
    return sorted_values[index]


def _measure(database: str, name: str, path: str, port: int) -> Result:
    asyncio.run(_load("127.0.0.1", port, path, WARMUP_SECONDS))
    started = time.perf_counter()
    latencies, sizes, errors, statuses = asyncio.run(_load("127.0.0.1", port, path, DURATION))
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return Result(
        database=database,
        scenario=name,
        path=path,
        requests=len(latencies),
        errors=errors,
        seconds=round(elapsed, 2),
        rps=round(len(latencies) / elapsed, 1),
        p50_ms=round(_percentile(ordered, 0.50) * 1000, 2),
        p95_ms=round(_percentile(ordered, 0.95) * 1000, 2),
        p99_ms=round(_percentile(ordered, 0.99) * 1000, 2),
        mean_bytes=round(statistics.fmean(sizes), 0) if sizes else 0.0,
        statuses=dict(statuses),
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_env(database_url: str | None) -> dict[str, str]:
    env = {
        **os.environ,
        "KOTALIVE_PROFILE": "dev",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _manage(args: list[str], env: dict[str, str]) -> None:
    command = [str(VENV_BIN / "kotalive"), *args]
    subprocess.run(command, env=env, cwd=ROOT, check=True, timeout=600)  # noqa: S603


def _wait_ready(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"granian exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise RuntimeError("the server did not become ready in time")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def run_database(label: str, database_url: str | None) -> list[Result]:
    env = _server_env(database_url)
    if database_url:
        _manage(["migrate", "--no-input", "-v", "0"], env)
        _manage(["seed"], env)
    _manage(["collectstatic", "--no-input", "-v", "0"], env)
    port = _free_port()
    log_path = ROOT / "var" / f"bench-server-{label}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603
            [
                str(VENV_BIN / "granian"),
                "--interface",
                "wsgi",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                "1",
                "kotalive.config.wsgi:application",
            ],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so the stop reaches the worker too
        )
        try:
            _wait_ready(port, process)
            results = []
            for name, path in SCENARIOS:
                print(f"[{label}] {name}: {path}", flush=True)
                results.append(_measure(label, name, path, port))
        finally:
            _stop(process)
    ceiling = results[0].rps or None
    for result in results:
        result.ratio_to_healthz = round(result.rps / ceiling, 3) if ceiling else None
    return results


def _git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _granian_version() -> str:
    try:
        from importlib.metadata import version

        return version("granian")
    except Exception:
        return "unknown"


def write_results(results: list[Result]) -> dict[str, object]:
    meta = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": _git_commit(),
        "python": platform.python_version(),
        "granian": _granian_version(),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
        "server": "granian --interface wsgi, 1 worker, DEBUG=false",
        "duration_seconds": DURATION,
        "concurrency": CONCURRENCY,
        "client": "bench/run.py asyncio HTTP/1.1 keep-alive, Accept-Encoding: gzip",
    }
    payload: dict[str, object] = {"meta": meta, "results": [asdict(r) for r in results]}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    lines = [
        "# KotaLive benchmark",
        "",
        f"{meta['when']} · commit {meta['commit']} · Python {meta['python']} · "
        f"granian {meta['granian']} · {meta['machine']}",
        f"{meta['server']} · {CONCURRENCY} connections · {DURATION:g} s per scenario "
        "(after a 2 s warm-up) · client and server on the same machine",
        "",
        "| database | scenario | path | req/s | p50 ms | p95 ms | p99 ms | errors | bytes | "
        "× healthz |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        ratio = f"{r.ratio_to_healthz:.3f}" if r.ratio_to_healthz is not None else "–"
        lines.append(
            f"| {r.database} | {r.scenario} | `{r.path}` | {r.rps:.0f} | {r.p50_ms:.1f} | "
            f"{r.p95_ms:.1f} | {r.p99_ms:.1f} | {r.errors} | {r.mean_bytes:.0f} | {ratio} |"
        )
    (RESULTS / "latest.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return payload


def main() -> int:
    runs: list[tuple[str, str | None]] = [("sqlite", None)]
    if os.environ.get("BENCH_DATABASE_URL"):
        runs.append(("postgresql", os.environ["BENCH_DATABASE_URL"]))
    results: list[Result] = []
    for label, url in runs:
        results.extend(run_database(label, url))
    write_results(results)
    print((RESULTS / "latest.md").read_text(encoding="utf-8"))
    failed = [r for r in results if r.errors or not r.requests]
    if failed:
        for r in failed:
            print(f"Errors in {r.database} {r.path}: {r.statuses}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
