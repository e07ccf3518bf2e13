"""PostgreSQL restarted (`pg_ctl restart -m fast`) under the running production profile.

The app servers keep persistent connections (`conn_max_age` 60 s in prod) with
`CONN_HEALTH_CHECKS`, so a connection the restart broke is noticed at the start of the next
request and replaced: the home page and the API answer 200 again without restarting the app.
The cluster is the test's own, never the machine's shared PostgreSQL.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults._profile import (
    PG_BIN,
    PrivatePostgres,
    base_env,
    fault_marks,
    status_of,
    wait_for,
)
from tests.prod_profile import running_profile

pytestmark = [
    *fault_marks,
    pytest.mark.skipif(PG_BIN is None, reason="PostgreSQL server binaries are not installed"),
]

RECOVERY_TIMEOUT_SECONDS = 30.0
PATHS = ("", "api/v1/catalog/categories", "api/v1/catalog/menus")


@pytest.fixture
def postgres() -> Iterator[PrivatePostgres]:
    server = PrivatePostgres()
    try:
        server.start()
        yield server
    finally:
        server.stop()


def test_the_app_recovers_from_a_postgres_restart_without_being_restarted(
    tmp_path: Path, postgres: PrivatePostgres
) -> None:
    env = base_env(tmp_path, DATABASE_URL=postgres.url("kotalive_fault"))
    with running_profile(env, tmp_path) as state:
        base = state["url"]
        urls = [base + path for path in PATHS] + [f"{u}readyz" for u in state["app_urls"]]
        # Warm every worker's persistent connection first, so the restart has some to break.
        for _ in range(10):
            assert [status_of(url) for url in urls] == [200] * len(urls)

        statuses: list[tuple[str, int | None]] = []
        stop = threading.Event()

        def load() -> None:
            while not stop.is_set():
                statuses.extend((url, status_of(url, timeout=5)) for url in urls)

        loader = threading.Thread(target=load, daemon=True)
        loader.start()
        try:
            time.sleep(0.5)
            postgres.restart()
            restarted_at = time.monotonic()
            recovered = wait_for(
                lambda: all(status_of(url) == 200 for url in urls for _ in range(3)),
                RECOVERY_TIMEOUT_SECONDS,
            )
            recovery_seconds = time.monotonic() - restarted_at
        finally:
            stop.set()
            loader.join(timeout=15)
        assert recovered
        # The same app processes still serve: nothing was restarted.
        for app in ("app1", "app2"):
            assert status_of(f"{state['app_urls'][0 if app == 'app1' else 1]}healthz") == 200
        failed = [(url.removeprefix(base), status) for url, status in statuses if status != 200]
        print(
            f"\nfault postgres: {len(statuses)} requests during the restart, {len(failed)} not 200 "
            f"({failed}), all 200 again {recovery_seconds:.1f} s after it"
        )
