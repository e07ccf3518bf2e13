"""The PostgreSQL health check: no round trip for a healthy connection, a new one for a dead one."""

from __future__ import annotations

import time

import psycopg
import pytest
from django.db import connection, connections

from kotalive.core.postgresql.base import _quiet

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the backend is PostgreSQL's"),
]


@pytest.fixture
def pings(monkeypatch) -> list[int]:
    """Count Django's full health checks (its `SELECT 1`, sent outside the query log)."""
    calls: list[int] = []
    wrapper = type(connections["default"])
    full_check = wrapper.is_usable

    def counted(self) -> bool:
        calls.append(1)
        return full_check(self)

    monkeypatch.setattr(wrapper, "is_usable", counted)
    return calls


def _new_request() -> None:
    # What Django does between requests for a persistent connection (not in its type stubs).
    setattr(connections["default"], "health_check_done", False)  # noqa: B010


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def test_the_backend_is_djangos_postgresql_with_checks_on():
    assert connection.vendor == "postgresql"
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True


def test_a_healthy_connection_is_used_without_a_ping(pings):
    first = _backend_pid()
    _new_request()
    assert _backend_pid() == first
    assert pings == []
    assert getattr(connections["default"], "health_check_done", None) is True


def test_a_connection_the_server_ended_is_replaced_before_the_request_uses_it(pings):
    old = _backend_pid()
    s = connection.settings_dict
    with psycopg.connect(
        host=s["HOST"] or "127.0.0.1",
        port=s["PORT"] or 5432,
        user=s["USER"],
        password=s["PASSWORD"] or None,
        dbname=s["NAME"],
        autocommit=True,
    ) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [old])
    deadline = time.monotonic() + 5
    while _quiet(connection.connection) and time.monotonic() < deadline:
        time.sleep(0.01)  # the server's goodbye reaches the socket
    _new_request()
    new = _backend_pid()  # no error: the dead connection was noticed and replaced first
    assert new != old
    assert pings == [1]
