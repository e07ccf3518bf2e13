from __future__ import annotations

from django.apps import AppConfig


class ResidentConfig(AppConfig):
    name = "kotalive.resident"
    label = "resident"

    def ready(self) -> None:
        # Each app's `resident.py` registers what it brings to the hub (docs/architecture.md).
        from kotalive.resident.registry import autodiscover

        autodiscover()
