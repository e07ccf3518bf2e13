"""Periodic work of the inbox; config/celery.py gathers every app's `beat.py` (times in UTC)."""

from __future__ import annotations

from typing import Any

from celery.schedules import crontab

BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    # 03:15 WIB, when the city sleeps.
    "notifications-purge-old": {
        "task": "kotalive.notifications.tasks.purge_old",
        "schedule": crontab(hour=20, minute=15),
        "kwargs": {"days": 180},
    },
    # Deliveries whose task was lost (broker down at commit time).
    "notifications-requeue-pending": {
        "task": "kotalive.notifications.tasks.deliveries_requeue",
        "schedule": crontab(minute="*/5"),
    },
}
