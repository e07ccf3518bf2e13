"""Celery app: tasks take ids, reload and call a service (see CONVENTIONS.md).

The beat schedule is built here, from the `BEAT_SCHEDULE` of every installed KotaLive app's
`beat.py` (found as seeds and data-rights hooks are), once Celery reads its configuration.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from typing import Any

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotalive.config.settings")
app = Celery("kotalive")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def beat_schedule() -> dict[str, dict[str, Any]]:
    """Every `<app>/beat.py` schedule of the installed KotaLive apps, merged."""
    from django.conf import settings

    schedule: dict[str, dict[str, Any]] = {}
    for name in settings.INSTALLED_APPS:
        module = f"{name}.beat"
        if name.startswith("kotalive.") and importlib.util.find_spec(module) is not None:
            entries: dict[str, dict[str, Any]] = importlib.import_module(module).BEAT_SCHEDULE
            clash = schedule.keys() & entries.keys()
            if clash:
                raise ValueError(f"beat entries named twice: {sorted(clash)}")
            schedule.update(entries)
    return schedule


# Evaluated when Celery first reads its configuration (Django's settings are loaded by then).
app.add_defaults(lambda: {"beat_schedule": beat_schedule()})
