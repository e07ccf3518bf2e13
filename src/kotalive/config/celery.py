"""Celery app: tasks take ids, reload and call a service (see CONVENTIONS.md)."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotalive.config.settings")
app = Celery("kotalive")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
