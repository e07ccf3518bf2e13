"""The production profile end to end: `scripts/prod.py` with nginx, two app servers, the event
server, Celery worker and beat, against PostgreSQL and Redis.

Each start is bounded (the script's own readiness deadline plus a hard timeout here) and always
stopped. The database is `KOTALIVE_PROD_TEST_DATABASE_URL` (default `kotalive_prod_test` on the
local PostgreSQL), Redis `KOTALIVE_PROD_TEST_REDIS_URL` (default db 12) with a fresh key prefix per
run, so the suite's own cache flushes (dbs 14 and 15) never touch it.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.prod_profile import (
    NGINX,
    PYTHON,
    ROOT,
    SCRIPT,
    START_TIMEOUT_SECONDS,
    alive,
    free_port,
    profile_env,
    resident_token,
    running_profile,
)

pytestmark = [
    pytest.mark.xdist_group("prod_profile"),
    pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx)"),
]


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("prod-var")


@pytest.fixture(scope="module")
def prod_env(var_dir: Path) -> dict[str, str]:
    env = profile_env(var_dir)
    env.update(
        {
            "DATABASE_URL": os.environ.get(
                "KOTALIVE_PROD_TEST_DATABASE_URL",
                "postgres://postgres@127.0.0.1:5432/kotalive_prod_test",
            ),
            "REDIS_URL": os.environ.get(
                "KOTALIVE_PROD_TEST_REDIS_URL", "redis://127.0.0.1:6379/12"
            ),
            "CACHE_KEY_PREFIX": f"prodtest-{uuid.uuid4().hex[:8]}",
            # One sign-in per run from 127.0.0.1; the limits are tested elsewhere.
            "RATE_OTP_IP": "1000/3600",
        }
    )
    return env


def test_check_mode_starts_everything_answers_ready_through_nginx_and_stops_everything(
    prod_env: dict[str, str], var_dir: Path
):
    ready_file = var_dir / "check-ready.json"
    result = subprocess.run(
        [
            str(PYTHON),
            str(SCRIPT),
            "--check",
            "--port",
            str(free_port()),
            "--ready-file",
            str(ready_file),
        ],
        env=prod_env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT_SECONDS,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    summary = [line for line in result.stdout.splitlines() if line.startswith("prod check ok")]
    assert len(summary) == 1
    assert "readyz 200 through nginx" in summary[0]
    state = json.loads(ready_file.read_text())
    assert set(state["pids"]) >= {"app1", "app2", "celery-worker", "celery-beat", "nginx"}
    assert not [name for name, pid in state["pids"].items() if alive(pid)]
    # Secrets were generated once, private to the owner.
    assert (var_dir / "prod.env").stat().st_mode & 0o077 == 0


@pytest.fixture(scope="module")
def running(prod_env: dict[str, str], var_dir: Path) -> Iterator[dict[str, Any]]:
    with running_profile(prod_env, var_dir) as state:
        yield state
    # The supervisor's own graceful stop ends every child, and it says all went well.
    assert state["returncode"] == 0, Path(state["supervisor_log"]).read_text()
    assert state["left_running"] == []


def test_every_process_of_the_profile_is_running(running):
    assert set(running["pids"]) == {
        "app1",
        "app2",
        "events",
        "celery-worker",
        "celery-beat",
        "nginx",
    }
    assert all(alive(pid) for pid in running["pids"].values())


def test_a_hashed_static_file_comes_gzipped_from_nginx_with_a_year_of_cache(running):
    manifest = json.loads((Path(running["static_root"]) / "staticfiles.json").read_text())
    css = next(hashed for name, hashed in manifest["paths"].items() if name.endswith(".css"))
    answer = httpx.get(f"{running['url']}static/{css}", headers={"Accept-Encoding": "gzip"})
    assert answer.status_code == 200
    assert answer.headers["content-encoding"] == "gzip"
    assert "max-age=31536000" in answer.headers["cache-control"]
    assert answer.headers["content-type"].startswith("text/css")
    # Served by nginx, not by the app: no request id from the app's middleware.
    assert "x-request-id" not in answer.headers


def test_a_page_through_nginx_carries_the_apps_security_headers(running):
    answer = httpx.get(running["url"], headers={"Accept-Encoding": "gzip"})
    assert answer.status_code == 200
    csp = answer.headers["content-security-policy"]
    # The same policy the app sets (the nonce appears only on pages that use one).
    assert "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["content-encoding"] == "gzip"
    assert "x-request-id" in answer.headers


def test_metrics_are_not_public_through_nginx_but_scrapable_on_an_app_server(running):
    assert httpx.get(f"{running['url']}metrics").status_code == 404
    direct = httpx.get(f"{running['app_urls'][0]}metrics")
    assert direct.status_code == 200
    assert "kotalive_http_requests_total" in direct.text


def test_events_path_is_routed_to_the_event_server_not_the_app(running):
    # Anonymous, unknown channel: the event server answers with its own problem, not Django's 404.
    answer = httpx.get(f"{running['url']}events/nope", timeout=10)
    assert answer.status_code != 502
    assert answer.headers["content-type"].startswith("application/problem+json")


def _cookies(answer: httpx.Response) -> dict[str, str]:
    # The prod profile marks cookies Secure, which a client's jar would not send over plain HTTP:
    # carry them by hand, as a browser does for http://127.0.0.1 (a secure context).
    jar: dict[str, str] = {}
    for header in answer.headers.get_list("set-cookie"):
        name, _, rest = header.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]
    return jar


def _cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in jar.items())


def test_a_session_made_on_one_app_server_is_valid_on_the_other(running):
    server_a, server_b = running["app_urls"]
    phone = "0812" + "".join(secrets.choice("0123456789") for _ in range(8))
    with httpx.Client(timeout=15, follow_redirects=False) as client:
        page = client.get(f"{server_a}masuk/")
        jar = _cookies(page)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token is not None
        form = {"csrfmiddlewaretoken": token.group(1), "step": "phone", "phone": phone}
        sent = client.post(f"{server_a}masuk/", data=form, headers={"Cookie": _cookie_header(jar)})
        assert sent.status_code == 200, sent.text[:500]
        jar |= _cookies(sent)
        hidden = re.search(r'name="phone" value="([^"]+)"', sent.text)
        assert hidden is not None
        lines = Path(running["sms_file"]).read_text().splitlines()
        message = [json.loads(line) for line in lines if json.loads(line)["to"] == hidden.group(1)]
        code = re.search(r"\b(\d{6})\b", message[-1]["text"])
        assert code is not None
        signed_in = client.post(
            f"{server_a}masuk/",
            data={
                "csrfmiddlewaretoken": token.group(1),
                "step": "code",
                "phone": hidden.group(1),
                "code": code.group(1),
            },
            headers={"Cookie": _cookie_header(jar)},
        )
        assert signed_in.status_code == 302, signed_in.text[:500]
        jar |= _cookies(signed_in)
        assert "sessionid" in jar

        profile_on_b = client.get(f"{server_b}profil/", headers={"Cookie": _cookie_header(jar)})
        assert profile_on_b.status_code == 200
        assert hidden.group(1)[-3:] in profile_on_b.text
        anonymous_on_b = client.get(f"{server_b}profil/")
        assert anonymous_on_b.status_code == 302


def test_a_report_filed_on_one_app_server_reaches_a_live_client_through_nginx(running):
    """The event bus across machines: a browser holds /events/public through nginx (the event
    server), a phone files a LAKSA report on app server B, and the browser gets the event."""
    server_b = running["app_urls"][1]
    phone = "0813" + "".join(secrets.choice("0123456789") for _ in range(8))
    token = resident_token(server_b, running["sms_file"], phone)
    received: list[str] = []
    subscribed = threading.Event()
    got_it = threading.Event()

    def listen() -> None:
        with httpx.stream("GET", f"{running['url']}events/public", timeout=20) as stream:
            for line in stream.iter_lines():
                if line.startswith(": subscribed"):
                    subscribed.set()
                received.append(line)
                if line.startswith("data:") and "LK-" in line:
                    got_it.set()
                    return

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    assert subscribed.wait(15), received
    filed = httpx.post(
        f"{server_b}api/v1/complaints/",
        data={
            "category": "jalan-rusak",
            "description": "Jalan berlubang (uji deploy).",
            "lat": "-6.172884",
            "lon": "106.631851",
        },
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": uuid.uuid4().hex},
        timeout=15,
    )
    assert filed.status_code == 201, filed.text
    assert got_it.wait(15), received
    ref = filed.json()["ref"]
    assert any(ref in line for line in received if line.startswith("data:"))
    assert "event: complaint.changed" in received
