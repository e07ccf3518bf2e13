"""Celery tasks of the inbox: send one delivery, re-queue lost ones, purge old read messages.

Delivery is at most once, not at least once. A sent SMS or email cannot be taken back, so the
task first claims the row (pending -> sending, attempts + 1) and commits, then calls the
gateway, then records `sent`. If the worker dies between the gateway call and that last write,
the row stays `sending` and is never sent again: the resident may miss one SMS, but the message
is still in their in-app inbox, which is the record. The other choice (send again when unsure)
would send duplicates on every crash or broker redelivery, and a resident who gets the same
"your report is resolved" SMS twice, or is charged twice by the operator, trusts the city less.
A gateway that says no (or cannot be reached) is safe to retry: the row goes back to pending and
the task retries with backoff, up to MAX_ATTEMPTS tries in all, then it is `failed`.
Rows stuck in `sending` are visible in the admin (Deliveries, filter by status).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from celery import shared_task

from kotalive.notifications import services

# Seconds before retry n (1-based): 30 s, 2 min, 8 min, 32 min.
BACKOFF_BASE = 30
BACKOFF_FACTOR = 4


# celery ships no type hints (pyproject: ignore_missing_imports), so its decorators are untyped.
@shared_task(bind=True, acks_late=True, max_retries=services.MAX_ATTEMPTS)  # type: ignore[untyped-decorator]
def delivery_send(self: Any, delivery_id: int) -> str:
    outcome = services.delivery_attempt(delivery_id=delivery_id)
    if outcome is services.Outcome.RETRY and not self.request.is_eager:
        raise self.retry(countdown=backoff_seconds(self.request.retries))
    # Run in-process (dev, tests), a retry would block the request that queued it: the row stays
    # pending for deliveries_requeue or the next call.
    return outcome.value


def backoff_seconds(retries: int) -> int:
    return int(BACKOFF_BASE * BACKOFF_FACTOR ** min(retries, 4))


@shared_task  # type: ignore[untyped-decorator]
def deliveries_requeue() -> int:
    return services.deliveries_requeue()


@shared_task  # type: ignore[untyped-decorator]
def purge_old(days: int = 180) -> int:
    return services.notifications_purge(older_than=timedelta(days=days))
