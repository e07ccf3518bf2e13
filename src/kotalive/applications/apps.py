from __future__ import annotations

from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "kotalive.applications"
    label = "applications"
    verbose_name = "Applications (service engine)"

    def ready(self) -> None:
        from kotalive.accounts.models import Organisation
        from kotalive.applications import hooks
        from kotalive.applications.directory import DIRECTORY_REFDATA
        from kotalive.applications.models import ServiceDefinition
        from kotalive.core.refdata import refdata_watch

        hooks.autodiscover()
        refdata_watch(DIRECTORY_REFDATA, ServiceDefinition, Organisation)
