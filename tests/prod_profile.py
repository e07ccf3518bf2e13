"""Start and always stop the production profile (`scripts/prod.py`) from a test.

Shared by the profile's own tests (tests/deploy) and the fault tests (tests/faults): a bounded
start (the script's readiness deadline plus a hard limit here), the addresses from its
`--ready-file`, and a stop that ends every child even when the test failed half-way.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
SCRIPT = ROOT / "scripts" / "prod.py"
START_TIMEOUT_SECONDS = 120.0
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def alive(pid: int) -> bool:
    # A zombie has exited; it only waits for its parent to read its status.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def profile_env(var_dir: Path, **settings: str) -> dict[str, str]:
    """The profile's environment: the test runner's own database and cache settings removed."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_")) and key not in {"DATABASE_URL", "REDIS_URL"}
    }
    env["KOTALIVE_VAR_DIR"] = str(var_dir)
    env.update(settings)
    return env


@contextmanager
def running_profile(env: Mapping[str, str], var_dir: Path) -> Iterator[dict[str, Any]]:
    """Run `scripts/prod.py` until the block ends; yield its ready-file state.

    After the block the state also holds the supervisor's `returncode` and `left_running`: the
    children still alive after its own graceful stop (they are then killed).
    """
    ready_file = var_dir / "ready.json"
    ready_file.unlink(missing_ok=True)
    log_path = var_dir / "supervisor.log"
    state: dict[str, Any] = {"supervisor_log": str(log_path), "pids": {}}
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [str(PYTHON), str(SCRIPT), "--port", str(free_port()), "--ready-file", str(ready_file)],
            env=dict(env),
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while not ready_file.exists():
            assert process.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, "profile not ready:\n" + log_path.read_text()
            time.sleep(0.3)
        state.update(json.loads(ready_file.read_text()))
        yield state
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        state["returncode"] = process.returncode
        pids = json.loads(ready_file.read_text())["pids"] if ready_file.exists() else {}
        state["left_running"] = sorted(name for name, pid in pids.items() if alive(pid))
        # Whatever the supervisor left behind (it puts each child in its own group).
        for pid in pids.values():
            with suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)


def _code_for(sms_file: Path, phone: str) -> str | None:
    if not sms_file.exists():
        return None
    for line in reversed(sms_file.read_text().splitlines()):
        message = json.loads(line)
        found = re.search(r"\b(\d{6})\b", message["text"])
        if message["to"].endswith(phone[1:]) and found:
            return found.group(1)
    return None


def resident_token(base_url: str, sms_file: Path | str, phone: str) -> str:
    """Sign a resident in on a running profile as a phone does: ask for a code, read it from the
    SMS file the Celery worker writes, exchange it for a bearer token."""
    import httpx

    asked = httpx.post(f"{base_url}api/v1/auth/code", json={"phone": phone}, timeout=15)
    assert asked.status_code == 202, asked.text
    code = None
    deadline = time.monotonic() + 30
    while code is None and time.monotonic() < deadline:
        code = _code_for(Path(sms_file), phone)
        time.sleep(0.1)
    assert code, f"no code was sent to {phone}"
    answer = httpx.post(
        f"{base_url}api/v1/auth/token",
        json={"phone": phone, "code": code, "device_name": "test"},
        timeout=15,
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["token"])
