from __future__ import annotations

from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "kotalive.catalog"
    label = "catalog"

    def ready(self) -> None:
        # Any write to the catalog tables, from the admin, the seed or a shell, changes its
        # version (signals, not a service call: the admin and fixtures write these rows too, and
        # a stale search index would silently show deleted menus).
        from kotalive.catalog.models import Announcement, Category, Menu, ServiceStandard
        from kotalive.catalog.services import CATALOG_REFDATA
        from kotalive.core.refdata import refdata_watch

        refdata_watch(CATALOG_REFDATA, Category, Menu, ServiceStandard, Announcement)
