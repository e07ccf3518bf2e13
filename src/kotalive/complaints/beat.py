"""Periodic LAKSA work; config/celery.py gathers every app's `beat.py` (times in UTC)."""

from __future__ import annotations

from typing import Any

from celery.schedules import crontab

BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    # Warnings and escalations are checked often: a 1-hour triage level must not wait long.
    "complaints-sla-check": {"task": "complaints.sla_check", "schedule": crontab(minute="*/5")},
    "complaints-auto-close": {"task": "complaints.auto_close", "schedule": crontab(minute=20)},
    # The public office figures (stats.py): the page reads what this stored.
    "complaints-office-figures": {
        "task": "complaints.office_figures_refresh",
        "schedule": crontab(minute="*/15"),
    },
}
