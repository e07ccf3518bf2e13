"""Periodic work of accounts; config/celery.py gathers every app's `beat.py` (times in UTC)."""

from __future__ import annotations

from typing import Any

from celery.schedules import crontab

BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    # Expired and used sign-in codes are personal data (a phone number) with no further use.
    "accounts-purge-phone-codes": {
        "task": "kotalive.accounts.tasks.phone_codes_purge",
        "schedule": crontab(minute=40),
    },
    # A web session unused for longer than a session lives: its record (device, times) goes.
    "accounts-purge-resident-sessions": {
        "task": "kotalive.accounts.tasks.resident_sessions_purge",
        "schedule": crontab(hour=19, minute=50),  # 02:50 WIB
    },
}
