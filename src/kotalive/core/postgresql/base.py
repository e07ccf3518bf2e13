"""Django's PostgreSQL backend, with a health check that sends nothing when nothing is wrong.

With CONN_HEALTH_CHECKS, Django sends `SELECT 1` at the start of every request that reuses a
persistent connection: one round trip in a dozen for an API write, and work for PostgreSQL too.
A connection the server has closed (a restart, a terminated backend, an idle timeout) has
something to read on its socket — the server's last error message, or the end of the stream —
while a healthy idle connection has nothing (this app does not LISTEN). So the socket is polled
first, without waiting; only a readable, failed or closed one gets Django's full check, which
then replaces it. A server that vanished without closing (a host lost with no FIN) is not seen
this way: that request fails, and Django discards the connection at its end, as it does for any
connection that saw an error.

Settings use it for every PostgreSQL URL (`config/settings.py`); `vendor` stays "postgresql".
"""

from __future__ import annotations

import select
from typing import Any

import psycopg
from django.db.backends.postgresql import base


def _quiet(connection: Any) -> bool:
    """True when the open connection's socket has nothing to read and no error or hang-up."""
    try:
        if connection.closed or connection.broken:
            return False
        fd = connection.fileno()
    except (psycopg.Error, OSError):  # any doubt means the full check
        return False
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLPRI)
    return not poller.poll(0)


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self) -> None:
        if (
            not self.pool
            and self.connection is not None
            # Django's own flags (not in its type stubs): checks on, not yet done this request.
            and getattr(self, "health_check_enabled", False)
            and not getattr(self, "health_check_done", True)
            and _quiet(self.connection)
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()
