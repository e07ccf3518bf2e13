from __future__ import annotations

from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "kotalive.catalog"
    label = "catalog"

    def ready(self) -> None:
        from kotalive.catalog import signals

        signals.connect()
