"""Celery beat only runs what exists: every scheduled task name is a registered task."""

from __future__ import annotations

import importlib
import importlib.util

from django.apps import apps
from django.conf import settings

from kotalive.config.celery import app


def test_every_beat_entry_names_a_registered_task():
    for config in apps.get_app_configs():
        if importlib.util.find_spec(f"{config.name}.tasks") is not None:
            importlib.import_module(f"{config.name}.tasks")
    registered = set(app.tasks)
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "complaints.sla_check",
        "complaints.auto_close",
        "kotalive.accounts.tasks.phone_codes_purge",
    } <= scheduled
    assert scheduled - registered == set()
