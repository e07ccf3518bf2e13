from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from _pytest.terminal import TerminalReporter
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.test.utils import override_settings
from django.utils import translation

from kotalive.accounts.models import User
from kotalive.accounts.sms import MemorySmsGateway, SentSms
from kotalive.core.refdata import refdata_forget
from tests import world as factories
from tests.world import FAST_HASHERS, World

# What `make test-quick` leaves out (`-m "not slow"`): real Chromium, the production profile and its
# faults, and the schema fuzzer. `make test` runs them all.
SLOW_PATHS = ("tests/browser/", "tests/faults/", "tests/deploy/", "tests/api/test_schema_fuzz.py")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    root = config.rootpath
    for item in items:
        where = item.path.relative_to(root).as_posix()
        if where.startswith(SLOW_PATHS):
            item.add_marker(pytest.mark.slow)


def pytest_terminal_summary(terminalreporter: TerminalReporter) -> None:
    """Print the search relevance that tests/catalog/test_search_relevance.py measured, if it ran
    (as a report property, so that it reaches here from an xdist worker too)."""
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            for name, value in getattr(report, "user_properties", ()):
                if name == "search_relevance":
                    terminalreporter.write_line(f"search relevance: {value}")


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
def _isolated(settings: Any) -> Iterator[None]:
    """The one place that isolates a test from the others and from the machine.

    Rate-limit counters, cached pages and reference data (with its remembered versions) must not
    leak from one test into the next (a rolled-back test leaves rows the database never kept);
    the language starts as the city's default; SMS go to an in-memory outbox, never to the dev
    file (`var/sms.log`), and email to Django's `mail.outbox` (pytest-django empties it); passwords
    hash fast. The cache is this worker's own Redis database (above) or this process's memory.
    Time is real: a test that needs another moment travels with `time_machine` itself.
    """
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.SMS_BACKEND = "kotalive.accounts.sms.MemorySmsGateway"
    MemorySmsGateway.outbox.clear()
    cache.clear()
    refdata_forget()
    translation.activate("id")
    yield
    cache.clear()
    refdata_forget()
    translation.deactivate()
    MemorySmsGateway.outbox.clear()


# --- the test world (tests/world.py), as fixtures -------------------------------------------


@pytest.fixture
def sms_outbox() -> list[SentSms]:
    """SMS sent during the test, in order (the isolation above routes them here)."""
    return MemorySmsGateway.outbox


@pytest.fixture
def world(db: None) -> World:
    """Two kecamatan with lurah, camat, city admin, hospital admin, viewer, inactive staff and
    NIK-verified residents."""
    return factories.build_world()


@pytest.fixture
def staff_client() -> Callable[[User], Client]:
    """`staff_client(user)`: a client signed in as that staff member, TOTP passed."""
    return factories.staff_client


@pytest.fixture
def resident_client() -> Callable[[User], Client]:
    return factories.resident_client


@pytest.fixture
def bearer(db: None) -> Callable[[User], dict[str, str]]:
    """`bearer(user)`: an Authorization header with a fresh token."""
    return factories.bearer
