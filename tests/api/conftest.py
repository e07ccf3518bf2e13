from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction

from tests.world import make_resident, make_token


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """Do what Django's test client does: keep the connection open across requests.

    schemathesis calls the WSGI app directly, so Django's request signals would close the
    connection that holds the test transaction (PostgreSQL sees it as a dropped connection).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def _seeded_module(django_db_setup, django_db_blocker) -> Iterator[None]:
    """The Kota Tangerang demo, seeded once per module inside a transaction rolled back at the end.

    Seeding takes seconds; per-test seeding made the fuzz run minutes long. Each test's own `db`
    transaction nests inside this one (as a savepoint), so tests still do not see each other.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(_seeded_module, db) -> None:
    return None


@pytest.fixture
def resident_bearer(seeded) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_token(make_resident('+6281299990000'))}"}
