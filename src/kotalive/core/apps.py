from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kotalive.core"
    label = "core"

    def ready(self) -> None:
        # Each app's `policy.py` declares its permissions (core/permissions.py).
        from kotalive.core.permissions import autodiscover

        autodiscover()
