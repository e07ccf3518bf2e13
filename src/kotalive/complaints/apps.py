from __future__ import annotations

from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "kotalive.complaints"
    label = "complaints"
    verbose_name = "LAKSA complaints"
