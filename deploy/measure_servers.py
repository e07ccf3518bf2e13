"""Which app server: one worker each, `/healthz` and `/`, measured with `wrk` on this machine.

Run: `.venv/bin/python deploy/measure_servers.py` (PostgreSQL `MEASURE_DATABASE_URL`, default
`postgres://postgres@127.0.0.1:5432/kotalive_prod`, migrated and seeded first; Redis `REDIS_URL`).
Prints a markdown table; the numbers are recorded in docs/operations.md.

`wrk` rather than the asyncio client of `bench/run.py`: here the question is the server's own
ceiling, so the client must cost as little CPU as possible on a 2-core machine (wrk is C and uses a
fraction of a core where the Python client needs a whole one), and it handles gunicorn's sync
worker, which answers `Connection: close` to every request.
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
DURATION = int(os.environ.get("MEASURE_DURATION", "10"))
CONNECTIONS = int(os.environ.get("MEASURE_CONNECTIONS", "8"))
PATHS = ["/healthz", "/"]
WSGI = "kotalive.config.wsgi:application"
ASGI = "kotalive.config.asgi:application"


def servers(port: int) -> dict[str, list[str]]:
    host, p = "127.0.0.1", str(port)
    granian = [str(BIN / "granian"), "--host", host, "--port", p, "--workers", "1"]
    gunicorn = [str(BIN / "gunicorn"), "-b", f"{host}:{p}", "-w", "1"]
    return {
        "granian WSGI": [*granian, "--interface", "wsgi", WSGI],
        "granian ASGI": [*granian, "--interface", "asgi", ASGI],
        "gunicorn sync": [*gunicorn, "-k", "sync", WSGI],
        "gunicorn gthread (4 threads)": [*gunicorn, "-k", "gthread", "--threads", "4", WSGI],
        "uvicorn ASGI (uvloop, httptools)": [
            str(BIN / "uvicorn"),
            "--host",
            host,
            "--port",
            p,
            "--workers",
            "1",
            "--loop",
            "uvloop",
            "--http",
            "httptools",
            "--no-access-log",
            ASGI,
        ],
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def environment(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "KOTALIVE_PROFILE": "prod",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "PII_ENCRYPTION_KEY": secrets.token_urlsafe(32),
        "PII_INDEX_KEY": secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
    }


def wait_ready(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise RuntimeError("server not ready in 30 s")


def wrk(port: int, path: str, seconds: int) -> tuple[float, str, str, int]:
    """Return (requests/s, p50, p99, non-2xx/3xx + socket errors)."""
    out = subprocess.run(  # noqa: S603
        [
            "/usr/bin/wrk",
            "-t1",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--latency",
            "-H",
            "Accept-Encoding: gzip",
            "-H",
            "Accept-Language: id",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = re.search(r"50%\s+(\S+)", out).group(1)  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+(\S+)", out).group(1)  # type: ignore[union-attr]
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    ):
        errors += sum(int(g) for g in match.groups())
    return rps, p50, p99, errors


def main() -> int:
    database_url = os.environ.get(
        "MEASURE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kotalive_prod"
    )
    env = environment(database_url)
    # The production profile's own helper: CREATE DATABASE when it is missing.
    sys.path.insert(0, str(ROOT / "scripts"))
    from prod import ensure_database

    ensure_database(database_url)
    manage = [str(BIN / "kotalive")]
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=env, check=True)  # noqa: S603
    subprocess.run([*manage, "seed"], env=env, check=True, capture_output=True)  # noqa: S603
    subprocess.run([*manage, "collectstatic", "--no-input", "-v", "0"], env=env, check=True)  # noqa: S603
    rows = [
        "| server (1 worker) | `/healthz` req/s | p50 | p99 | `/` req/s | p50 | p99 | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in servers(0):
        port = free_port()
        command = servers(port)[name]
        process = subprocess.Popen(  # noqa: S603
            command,
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            wait_ready(port, process)
            cells: list[str] = []
            errors = 0
            for path in PATHS:
                wrk(port, path, 2)  # warm-up: connections, caches, lazy imports
                rps, p50, p99, errs = wrk(port, path, DURATION)
                cells += [f"{rps:.0f}", p50, p99]
                errors += errs
            rows.append(f"| {name} | {' | '.join(cells)} | {errors} |")
            print(rows[-1], flush=True)
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
