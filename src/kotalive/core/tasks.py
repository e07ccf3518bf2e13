"""Queue a Celery task by its name, so that a service never imports its own task module.

Task modules import their services (a task takes ids, reloads, calls a service); a service that
must queue work asks the Celery app for the task by name instead, which keeps the arrows one way.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from celery import current_app
from django.apps import apps


def task_send(name: str, *args: Any) -> None:
    """Queue the registered task `name` now (run in-process where tasks are eager: dev, tests)."""
    if name not in current_app.tasks:
        # A worker imports every app's tasks module at start; a web process does it on first use.
        task_modules_import()
    current_app.tasks[name].delay(*args)


def task_modules_import() -> None:
    """Import `<app>.tasks` of every installed app, as Celery's autodiscovery does in a worker."""
    for config in apps.get_app_configs():
        module = f"{config.name}.tasks"
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module)
