"""Celery beat only runs what exists: every scheduled task name is a registered task; and every
task a service queues by name (core/tasks.py) is registered where a worker looks for tasks."""

from __future__ import annotations

import pytest
from django.conf import settings

from kotalive.complaints.open311.intake import TOKEN_TASK
from kotalive.config.celery import app
from kotalive.notifications.services import DELIVERY_TASK


def _registered() -> set[str]:
    # What a worker does at start: import the `tasks` module of every installed app.
    app.loader.import_default_modules()
    return set(app.tasks)


@pytest.mark.django_db  # the worker's start-up (Celery's Django fixup) runs Django's checks
def test_every_beat_entry_names_a_registered_task():
    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {
        "complaints.sla_check",
        "complaints.auto_close",
        "kotalive.accounts.tasks.phone_codes_purge",
        "kotalive.accounts.tasks.resident_sessions_purge",
        "kotalive.notifications.tasks.purge_old",
    } <= scheduled
    assert scheduled - _registered() == set()


def test_the_schedule_is_built_by_celery_not_by_settings():
    assert not hasattr(settings, "CELERY_BEAT_SCHEDULE")


@pytest.mark.django_db
def test_tasks_that_services_queue_by_name_are_registered():
    assert {DELIVERY_TASK, TOKEN_TASK} <= _registered()
