"""`make prod`: the production profile on one machine, laid out as it would run on many.

Starts, all on 127.0.0.1 and supervised as children: nginx (PORT, default 8080) in front of two
app server instances (granian WSGI, workers = cores each, as two machines would run), the ASGI
server for the event streams under `/events/`, a Celery worker and Celery beat. PostgreSQL and
Redis are the machine's own services; the database is created if missing, migrated and seeded, and
static files are collected (hashed and compressed) for nginx to serve.

Ctrl-C or SIGTERM stops everything. A child that dies is reported (the rest keep running, as a
load balancer would route around a dead machine) and the script exits non-zero at the end.

`--check` starts everything, waits until `/readyz` answers 200 through nginx, prints one summary
line and stops. `--ready-file PATH` writes the addresses as JSON once ready (used by the tests).

Secrets live in `var/prod.env`, generated once (mode 0600). The profile is `prod` with two local
relaxations, because it serves plain HTTP on the loopback: SECURE_SSL_REDIRECT=false and the
sign-in codes go to the SMS file backend (real production terminates TLS and sets a gateway).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
TEMPLATE = ROOT / "deploy" / "nginx.conf.template"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/kotalive_prod"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/1"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
STOP_GRACE_SECONDS = 15.0
READY_TIMEOUT_SECONDS = 90.0
SSE_MODULE = "kotalive.config.sse"


# Threads per app-server worker; CPU-bound work on 2 cores gains nothing from more.
BLOCKING_THREADS = int(os.environ.get("KOTALIVE_APP_THREADS", "4"))


def log(message: str) -> None:
    print(f"[prod] {message}", flush=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def load_or_create_secrets(path: Path) -> dict[str, str]:
    """Read KEY=VALUE lines; create the file once with fresh secrets (kept across runs: losing the
    PII keys would make the stored NIKs unreadable)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        values = {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "PII_ENCRYPTION_KEY": secrets.token_urlsafe(32),
            "PII_INDEX_KEY": secrets.token_urlsafe(32),
        }
        body = "# Generated once by scripts/prod.py for the local production profile. Keep it.\n"
        body += "".join(f"{key}={value}\n" for key, value in values.items())
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(body)
        log(f"generated secrets in {path}")
    result: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            result[key.strip()] = value.strip()
    return result


def profile_env(
    base: Mapping[str, str], var_dir: Path, secret_values: Mapping[str, str], *, port: int
) -> dict[str, str]:
    """The environment of every child. Values already in `base` win, except the profile itself."""
    env = dict(base)
    defaults = {
        "DATABASE_URL": DEFAULT_DATABASE_URL,
        "REDIS_URL": DEFAULT_REDIS_URL,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain HTTP on the loopback; real production terminates TLS and keeps the redirect.
        "SECURE_SSL_REDIRECT": "false",
        # nginx on this machine is the one proxy whose X-Forwarded-For is believed.
        "TRUSTED_PROXIES": "127.0.0.1",
        # Codes go to a file here; real production sets the HTTP gateway (the prod default).
        "SMS_BACKEND": "kotalive.accounts.sms.FileSmsGateway",
        "SMS_FILE_PATH": str(var_dir / "prod" / "sms.log"),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "LOG_LEVEL": "WARNING",
        # What an SMS or email links to: nginx's port, not an app server's or `make run`'s.
        "SITE_URL": f"http://127.0.0.1:{port}",
    }
    for key, value in {**secret_values, **defaults}.items():
        env.setdefault(key, value)
    env["KOTALIVE_PROFILE"] = "prod"
    env["KOTALIVE_VAR_DIR"] = str(var_dir)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.setdefault("CELERY_BROKER_URL", env["REDIS_URL"])
    return env


def ensure_database(database_url: str) -> None:
    """CREATE DATABASE if it does not exist, connecting to the server's `postgres` database."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(database_url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        return
    name = parts.path.lstrip("/")
    admin_url = urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            log(f"created database {name}")


def render_nginx(
    *, nginx_dir: Path, port: int, app_ports: list[int], sse_port: int, static_root: Path
) -> Path:
    for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (nginx_dir / "tmp" / sub).mkdir(parents=True, exist_ok=True)
    # As root, nginx would switch its workers to `nobody`, who cannot read this tree; run them as
    # the tree's owner instead. A real host runs nginx as its own user, static files readable.
    user = ""
    if os.geteuid() == 0:
        user = f"user {ROOT.owner()};"
    values = {
        "USER_DIRECTIVE": user,
        "NGINX_DIR": str(nginx_dir),
        "PORT": str(port),
        "APP_PORT_1": str(app_ports[0]),
        "APP_PORT_2": str(app_ports[1]),
        "SSE_PORT": str(sse_port),
        "STATIC_ROOT": str(static_root),
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    target = nginx_dir / "nginx.conf"
    target.write_text(text, encoding="utf-8")
    return target


@dataclass
class Child:
    name: str
    command: list[str]
    process: subprocess.Popen[bytes] | None = None
    reported: bool = False
    log_path: Path = field(default_factory=Path)


class Supervisor:
    def __init__(self, env: dict[str, str], log_dir: Path) -> None:
        self.env = env
        self.log_dir = log_dir
        self.children: list[Child] = []
        self.failed = False

    def start(self, name: str, command: list[str]) -> Child:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        child = Child(name=name, command=command, log_path=self.log_dir / f"{name}.log")
        with child.log_path.open("ab") as out:
            # Its own process group, so stopping it reaches its workers too.
            child.process = subprocess.Popen(  # noqa: S603
                command,
                env=self.env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self.children.append(child)
        return child

    def check_children(self) -> list[Child]:
        """Report each child that died since the last call."""
        dead = []
        for child in self.children:
            assert child.process is not None
            code = child.process.poll()
            if code is not None and not child.reported:
                child.reported = True
                self.failed = True
                log(f"{child.name} exited with code {code}; see {child.log_path}")
                dead.append(child)
        return dead

    def stop_all(self) -> None:
        # Reverse start order: nginx first (no new requests), then the workers, the app servers.
        # All are signalled at once and then awaited together, within one grace period.
        for child in reversed(self.children):
            self._signal(child, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for child in self.children:
            assert child.process is not None
            try:
                child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                log(f"{child.name} did not stop in time; killing it")
                self._signal(child, signal.SIGKILL)
                child.process.wait(timeout=10)
            # Workers the master left behind (its group outlives it only if they do).
            self._signal(child, signal.SIGKILL)

    @staticmethod
    def _signal(child: Child, signum: int) -> None:
        assert child.process is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.process.pid, signum)


def http_status(url: str, timeout: float = 2.0) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:  # noqa: S310
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except (urllib.error.URLError, OSError):
        return None


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(BIN / "kotalive"), *args], env=env, cwd=ROOT, check=True, timeout=600)  # noqa: S603


def sse_available() -> bool:
    # H7's module; until it exists the /events/ upstream stays in the nginx config and answers 502.
    path = ROOT / "src" / Path(*SSE_MODULE.split(".")).with_suffix(".py")
    return path.exists()


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="start, wait until ready, stop")
    parser.add_argument("--ready-file", type=Path, help="write the addresses here once ready")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8080))
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("KOTALIVE_APP_WORKERS") or os.cpu_count() or 1),
        help="workers per app server (default: KOTALIVE_APP_WORKERS, else cores)",
    )
    return parser.parse_args(argv)


def distinct_free_ports(count: int) -> list[int]:
    ports: list[int] = []
    while len(ports) < count:
        port = free_port()
        if port not in ports:
            ports.append(port)
    return ports


@contextlib.contextmanager
def migration_lock(database_url: str) -> Iterator[None]:
    """One migrator at a time per database: machines starting together would otherwise run the
    same migration twice and fail on a half-created table. A PostgreSQL advisory lock, held on
    its own connection until the seed is done (released when that connection ends, even if this
    process is killed)."""
    if urlsplit(database_url).scheme not in {"postgres", "postgresql", "pgsql"}:
        yield
        return
    import psycopg

    with psycopg.connect(database_url, autocommit=True, connect_timeout=10) as conn:
        conn.execute("SELECT pg_advisory_lock(hashtext('kotalive-migrate'))")
        try:
            yield
        finally:
            conn.execute("SELECT pg_advisory_unlock(hashtext('kotalive-migrate'))")


def prepare(env: dict[str, str]) -> None:
    ensure_database(env["DATABASE_URL"])
    log("migrating, seeding and collecting static files")
    with migration_lock(env["DATABASE_URL"]):
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "seed")
    manage(env, "collectstatic", "--no-input", "-v", "0")


def commands(
    *, app_ports: list[int], sse_port: int, workers: int, run_dir: Path, nginx_cmd: list[str]
) -> list[tuple[str, list[str]]]:
    """Every child, in start order: nginx last, once it has something to proxy to."""
    granian = [str(BIN / "granian"), "--host", "127.0.0.1"]
    celery = [str(BIN / "celery"), "-A", "kotalive.config"]
    children = [
        (
            f"app{index}",
            [
                *granian,
                "--port",
                str(port),
                "--interface",
                "wsgi",
                "--workers",
                str(workers),
                # One crashed worker must not take the whole app server down with it.
                "--respawn-failed-workers",
                # Each blocking thread keeps its own database connection (CONN_MAX_AGE): bound
                # them, or a burst opens more connections than PostgreSQL allows (100 here).
                "--blocking-threads",
                str(BLOCKING_THREADS),
                "kotalive.config.wsgi:application",
            ],
        )
        for index, port in enumerate(app_ports, start=1)
    ]
    if sse_available():
        children.append(
            (
                "events",
                [
                    *granian,
                    "--port",
                    str(sse_port),
                    "--interface",
                    "asgi",
                    "--workers",
                    "1",
                    # Every SSE client holds one request for its whole life: allow many at once.
                    "--backlog",
                    "16384",
                    "--backpressure",
                    "16000",
                    "--workers-kill-timeout",
                    "10",
                    f"{SSE_MODULE}:application",
                ],
            )
        )
    else:
        log(f"{SSE_MODULE} does not exist yet: /events/ is routed but answers 502")
    children += [
        ("celery-worker", [*celery, "worker", "--concurrency", "1", "-l", "INFO"]),
        (
            "celery-beat",
            [*celery, "beat", "-l", "INFO", "--schedule", str(run_dir / "celerybeat-schedule")],
        ),
        ("nginx", [*nginx_cmd, "-g", "daemon off;"]),
    ]
    return children


def wait_ready(
    supervisor: Supervisor, url: str, app_ports: list[int], stopping: Callable[[], bool]
) -> bool:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while not stopping() and time.monotonic() < deadline:
        if supervisor.check_children():
            return False
        # The app servers directly first, so nginx is not asked before it has a live upstream.
        if (
            all(http_status(f"http://127.0.0.1:{p}/readyz") == 200 for p in app_ports)
            and http_status(f"{url}readyz") == 200
        ):
            return True
        time.sleep(0.3)
    if not stopping():
        log(f"not ready after {READY_TIMEOUT_SECONDS:.0f} s; logs in {supervisor.log_dir}")
    return False


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    var_dir = Path(os.environ.get("KOTALIVE_VAR_DIR") or ROOT / "var")
    env = profile_env(
        os.environ, var_dir, load_or_create_secrets(var_dir / "prod.env"), port=args.port
    )
    run_dir = var_dir / "prod"
    prepare(env)

    *app_ports, sse_port = distinct_free_ports(3)
    nginx_dir = var_dir / "nginx"
    conf = render_nginx(
        nginx_dir=nginx_dir,
        port=args.port,
        app_ports=app_ports,
        sse_port=sse_port,
        static_root=var_dir / "static",
    )
    nginx_cmd = [NGINX, "-p", str(nginx_dir), "-c", str(conf), "-e", str(nginx_dir / "error.log")]
    subprocess.run([*nginx_cmd, "-t", "-q"], check=True, timeout=30)  # noqa: S603

    supervisor = Supervisor(env, run_dir / "logs")
    stop_requested: list[int] = []

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop_requested.append(signum)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        for name, command in commands(
            app_ports=app_ports,
            sse_port=sse_port,
            workers=args.workers,
            run_dir=run_dir,
            nginx_cmd=nginx_cmd,
        ):
            supervisor.start(name, command)
        url = f"http://127.0.0.1:{args.port}/"
        if not wait_ready(supervisor, url, app_ports, lambda: bool(stop_requested)):
            return 1
        names = ", ".join(c.name for c in supervisor.children)
        if args.ready_file:
            state = {
                "url": url,
                "app_urls": [f"http://127.0.0.1:{p}/" for p in app_ports],
                "events_url": f"http://127.0.0.1:{sse_port}/",
                "static_root": str(var_dir / "static"),
                "sms_file": env["SMS_FILE_PATH"],
                "logs": str(supervisor.log_dir),
                "pids": {c.name: c.process.pid for c in supervisor.children if c.process},
                "workers": args.workers,
                "threads": BLOCKING_THREADS,
            }
            args.ready_file.write_text(json.dumps(state), encoding="utf-8")
        if args.check:
            print(
                f"prod check ok: {url}readyz 200 through nginx; running: {names}; "
                f"app servers {app_ports[0]},{app_ports[1]} x {args.workers} workers",
                flush=True,
            )
            return 0
        log(f"KotaLive (prod profile) on {url}  -- running: {names}")
        log(f"logs in {supervisor.log_dir}; Ctrl-C stops everything")
        while not stop_requested:
            supervisor.check_children()
            time.sleep(0.5)
        return 1 if supervisor.failed else 0
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        supervisor.stop_all()
        log("stopped")


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:  # Ctrl-C while preparing, before any child was started
        sys.exit(130)
