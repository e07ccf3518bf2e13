from __future__ import annotations

from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "kotalive.complaints"
    label = "complaints"
    verbose_name = "LAKSA complaints"

    def ready(self) -> None:
        from kotalive.accounts.models import Organisation
        from kotalive.complaints.models import Category, Holiday, RoutingRule, ServiceSettings
        from kotalive.complaints.selectors import LAKSA_REFDATA
        from kotalive.complaints.sla import CALENDAR_REFDATA
        from kotalive.core.refdata import refdata_watch

        refdata_watch(LAKSA_REFDATA, Category, RoutingRule, Organisation)
        refdata_watch(CALENDAR_REFDATA, ServiceSettings, Holiday)
