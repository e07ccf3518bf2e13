from __future__ import annotations

from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "kotalive.applications"
    label = "applications"
    verbose_name = "Applications (service engine)"

    def ready(self) -> None:
        from kotalive.applications import hooks

        hooks.autodiscover()
