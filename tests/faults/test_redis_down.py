"""Redis stopped under the running production profile, then started again on the same port.

While Redis is down, pages and the public API keep answering 200 (the cache degrades to misses,
sessions fall back to the database), sign-in code requests are refused with 429 and Retry-After
(their rate limits cannot count: fail closed), and `/readyz` on each app server answers 503 naming
Redis. Once Redis is back, the same app processes accept code requests again, unrestarted.
"""

from __future__ import annotations

import secrets
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.faults._profile import PrivateRedis, base_env, fault_marks, status_of, wait_for
from tests.prod_profile import running_profile

pytestmark = fault_marks

RECOVERY_TIMEOUT_SECONDS = 30.0
READ_PATHS = ("", "cari/?q=akta", "api/v1/catalog/categories", "api/v1/catalog/menus")


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    server = PrivateRedis(tmp_path / "redis")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _request_code(base: str) -> httpx.Response:
    phone = "0817" + "".join(secrets.choice("0123456789") for _ in range(8))
    return httpx.post(
        f"{base}api/v1/auth/code",
        json={"phone": phone},
        headers={"Idempotency-Key": str(uuid.uuid4())},
        timeout=15,
    )


def test_reads_survive_a_redis_outage_codes_fail_closed_and_all_recovers(
    tmp_path: Path, redis: PrivateRedis
) -> None:
    env = base_env(tmp_path, REDIS_URL=redis.url)
    with running_profile(env, tmp_path) as state:
        base = state["url"]
        assert [status_of(base + path) for path in READ_PATHS] == [200] * len(READ_PATHS)
        assert _request_code(base).status_code == 202

        redis.stop()
        stopped_at = time.monotonic()
        assert [status_of(base + path) for path in READ_PATHS] == [200] * len(READ_PATHS)
        refused = _request_code(base)
        assert refused.status_code == 429
        assert int(refused.headers["Retry-After"]) > 0
        assert refused.headers["content-type"].startswith("application/problem+json")
        # Readiness is asked of each app server, as a load balancer's health check would.
        for app_url in state["app_urls"]:
            ready = httpx.get(f"{app_url}readyz", timeout=15)
            assert ready.status_code == 503
            assert ready.json()["checks"] == {"database": "ok", "redis": "unavailable"}
        outage_seconds = time.monotonic() - stopped_at

        redis.start()
        restarted_at = time.monotonic()
        assert wait_for(
            lambda: all(status_of(f"{u}readyz") == 200 for u in state["app_urls"]),
            RECOVERY_TIMEOUT_SECONDS,
        )
        assert wait_for(lambda: _request_code(base).status_code == 202, RECOVERY_TIMEOUT_SECONDS)
        recovery_seconds = time.monotonic() - restarted_at
        assert [status_of(base + path) for path in READ_PATHS] == [200] * len(READ_PATHS)
        print(
            f"\nfault redis: outage checks took {outage_seconds:.1f} s, "
            f"recovered {recovery_seconds:.1f} s after the restart"
        )
