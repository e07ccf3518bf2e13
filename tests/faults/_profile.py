"""Start and always stop the production profile (`scripts/prod.py`) for one fault test.

Shared by the fault tests: a bounded start (the script's own readiness deadline plus a hard limit
here), the addresses from its `--ready-file`, and a stop that ends every child even when the test
failed half-way. Helpers to find a granian server's worker processes through /proc (no psutil).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.prod_profile import (
    NGINX,
    free_port,
    profile_env,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/kotalive_fault"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/6"

# The fault tests belong to the PostgreSQL pass of `make test` (they need PostgreSQL, Redis and
# nginx). Each starts a whole profile, so they share one xdist group with the profile's own tests
# (tests/deploy): on one xdist worker, never two profiles at once on a small machine.
fault_marks = [
    pytest.mark.xdist_group("prod_profile"),
    pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx)"),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="fault tests run in the PostgreSQL pass (DATABASE_URL=postgres://...)",
    ),
]


def base_env(var_dir: Path, **overrides: str) -> dict[str, str]:
    """The profile's environment: the test runner's own database and cache settings removed."""
    env = profile_env(var_dir)
    env.update(
        {
            "DATABASE_URL": os.environ.get("KOTALIVE_FAULT_DATABASE_URL", DEFAULT_DATABASE_URL),
            "REDIS_URL": os.environ.get("KOTALIVE_FAULT_REDIS_URL", DEFAULT_REDIS_URL),
            "CACHE_KEY_PREFIX": f"fault-{uuid.uuid4().hex[:8]}",
            # Many code requests from one address in a few seconds: the limits are tested elsewhere.
            "RATE_OTP_IP": "100000/3600",
            "RATE_OTP_PHONE": "1000/600",
            # scripts/prod.py respawns failed workers; here after 1 s rather than the default.
            "GRANIAN_RESPAWN_INTERVAL": "1",
        }
    )
    env.update(overrides)
    return env


def children_of(pid: int) -> list[int]:
    """Direct child processes of `pid` (granian's workers under its main process)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(part) for part in task.read_text().split()]
        except OSError:
            continue
    return sorted(set(found))


def wait_for(check: Any, timeout: float, interval: float = 0.3) -> Any:
    """Poll `check()` until it returns something truthy or `timeout` seconds pass; return it."""
    deadline = time.monotonic() + timeout
    result = check()
    while not result and time.monotonic() < deadline:
        time.sleep(interval)
        result = check()
    return result


def status_of(url: str, timeout: float = 10.0) -> int | None:
    try:
        return httpx.get(url, timeout=timeout).status_code
    except httpx.HTTPError:
        return None


REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


class PrivateRedis:
    """A redis-server of the test's own on a free port: stopping it never touches the machine's
    shared Redis. `stop()` and `start()` may be repeated; the port stays the same."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        with (self.directory / "redis.log").open("ab") as log:
            self.process = subprocess.Popen(
                [
                    REDIS_SERVER,
                    "--port",
                    str(self.port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    str(self.directory),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

        def answers() -> bool:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    return sock.recv(16).startswith(b"+PONG")
            except OSError:
                return False

        assert wait_for(answers, 15, 0.1), (self.directory / "redis.log").read_text()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None


PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), None)


class PrivatePostgres:
    """A PostgreSQL cluster of the test's own (initdb into a temporary directory, a free port):
    restarting it never touches the machine's shared server. As root, the cluster runs as the
    `postgres` user, since PostgreSQL refuses to run as root."""

    def __init__(self) -> None:
        assert PG_BIN is not None
        self.port = free_port()
        # Not under pytest's tmp_path: that is private to root, and the server runs as postgres.
        self.directory = Path(tempfile.mkdtemp(prefix="kotalive-fault-pg-"))
        self.data = self.directory / "data"
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            self.as_user = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.directory, "postgres", "postgres")

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *command: str, timeout: float = 60) -> None:
        subprocess.run(
            [*self.as_user, *command],
            check=True,
            timeout=timeout,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def _pg_ctl(self, action: str, *extra: str) -> None:
        assert PG_BIN is not None
        self._run(
            str(PG_BIN / "pg_ctl"),
            action,
            "-D",
            str(self.data),
            "-w",
            "-t",
            "30",
            "-l",
            str(self.directory / "server.log"),
            *extra,
        )

    def start(self) -> None:
        assert PG_BIN is not None
        self._run(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        # A throwaway cluster: durability settings off for speed.
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._pg_ctl("start", "-o", options)

    def restart(self) -> None:
        self._pg_ctl("restart", "-m", "fast")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            try:
                self._pg_ctl("stop", "-m", "immediate")
            except subprocess.SubprocessError:
                pid = int((self.data / "postmaster.pid").read_text().split()[0])
                with suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        shutil.rmtree(self.directory, ignore_errors=True)


MAX_ATTEMPTS = 40


def send_with_retries(post: Callable[[str], httpx.Response], stop_at: float) -> dict[str, Any]:
    """One write as a careful phone sends it: one Idempotency-Key, the same on every retry after a
    connection error, a 5xx or a timeout, until it is answered or time runs out."""
    key = str(uuid.uuid4())
    outcome: dict[str, Any] = {
        "key": key,
        "attempts": 0,
        "status": None,
        "body": None,
        "replayed": False,
        "errors": [],
    }
    while outcome["attempts"] < MAX_ATTEMPTS and time.monotonic() < stop_at:
        outcome["attempts"] += 1
        try:
            answer = post(key)
        except httpx.TransportError as error:
            outcome["errors"].append(type(error).__name__)
            time.sleep(min(1.0, 0.1 * outcome["attempts"]))
            continue
        if answer.status_code >= 500:
            outcome["errors"].append(str(answer.status_code))
            time.sleep(min(1.0, 0.1 * outcome["attempts"]))
            continue
        outcome["status"] = answer.status_code
        outcome["body"] = answer.text
        outcome["replayed"] = answer.headers.get("Idempotent-Replayed") == "true"
        break
    return outcome


Post = Callable[[httpx.Client, str], httpx.Response]


@dataclass
class Burst:
    outcomes: list[dict[str, Any]]  # send_with_retries' outcome of each write, in order
    killed_worker: int  # the granian worker of app1 that was killed (granian replaces it)
    lost: list[int]  # app2's main process and workers, all killed for good


def burst_while_killing(
    state: dict[str, Any], posts: Sequence[Post], *, concurrency: int, deadline: float
) -> Burst:
    """Send every write (`post(client, key)`) with retries, `concurrency` at a time through nginx.
    A third of the way in, kill -9 one granian worker of app1; two thirds in, the whole of app2
    (its process group: a machine lost), after which nginx sends everything to app1."""
    done = threading.Semaphore(0)
    stop_at = time.monotonic() + deadline

    def task(client: httpx.Client, post: Post) -> dict[str, Any]:
        try:
            return send_with_retries(lambda key: post(client, key), stop_at)
        finally:
            done.release()

    with (
        httpx.Client(timeout=10, limits=httpx.Limits(max_connections=concurrency)) as client,
        ThreadPoolExecutor(concurrency) as pool,
    ):
        futures = [pool.submit(task, client, post) for post in posts]
        for _ in range(len(posts) // 3):
            assert done.acquire(timeout=deadline)
        workers = children_of(state["pids"]["app1"])
        assert workers, "app1 has no worker processes"
        os.kill(workers[0], signal.SIGKILL)
        for _ in range(len(posts) // 3):
            assert done.acquire(timeout=deadline)
        lost = [state["pids"]["app2"], *children_of(state["pids"]["app2"])]
        os.killpg(state["pids"]["app2"], signal.SIGKILL)
        outcomes = [future.result() for future in futures]
    return Burst(outcomes=outcomes, killed_worker=workers[0], lost=lost)
