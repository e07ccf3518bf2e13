"""Periodic work, for `CELERY_BEAT_SCHEDULE` in settings (times in UTC: CELERY_TIMEZONE).

The phone sign-in code purge belongs to accounts; its task must exist there
(`kotalive.accounts.tasks.phone_codes_purge`) before beat runs this schedule.
"""

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
    # Expired and used sign-in codes are personal data (a phone number) with no further use.
    "accounts-purge-phone-codes": {
        "task": "kotalive.accounts.tasks.phone_codes_purge",
        "schedule": crontab(minute=40),
    },
}
