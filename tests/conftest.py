from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test.utils import override_settings
from django.utils import translation

from kotalive.core.refdata import refdata_forget

# What `make test-quick` leaves out (`-m "not slow"`): real Chromium, the production profile and its
# faults, and the schema fuzzer. `make test` runs them all.
SLOW_PATHS = ("tests/browser/", "tests/faults/", "tests/deploy/", "tests/api/test_schema_fuzz.py")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    root = config.rootpath
    for item in items:
        where = item.path.relative_to(root).as_posix()
        if where.startswith(SLOW_PATHS):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session", autouse=True)
def _redis_database_per_worker() -> Iterator[None]:
    """Give each xdist worker its own Redis database, so one worker's cache.clear() (FLUSHDB)
    cannot wipe another's rate-limit counters or sessions mid-test."""
    if not settings.REDIS_URL:
        yield
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    index = int(worker.removeprefix("gw") or 0)
    base = settings.REDIS_URL.rsplit("/", 1)[0]
    caches = {"default": {**settings.CACHES["default"], "LOCATION": f"{base}/{15 - index}"}}
    with override_settings(CACHES=caches):
        yield


@pytest.fixture(autouse=True)
def _clean_cache_and_language() -> Iterator[None]:
    # Rate-limit counters, cached pages and reference data (with its remembered versions) must
    # not leak from one test into the next (a rolled-back test leaves rows the database never kept).
    cache.clear()
    refdata_forget()
    translation.activate("id")
    yield
    cache.clear()
    refdata_forget()
    translation.deactivate()
